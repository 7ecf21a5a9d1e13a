import type { CaseEventTimeline, Logger, TimelineEvent, TimelineRead } from '@mediation/core';
import { GraphQLError } from 'graphql';
import { FixedBuffer, Repeater } from 'graphql-yoga';
import type { CaseEventMessage } from './pubsub.js';

/** A subscriber that fell this far behind is ended with an error rather than buffered without end. */
export class SubscriptionLaggingError extends GraphQLError {
  override name = 'SubscriptionLaggingError';
  readonly code = 'SUBSCRIPTION_LAGGING';
  constructor(limit: number) {
    super(
      `the subscriber fell more than ${limit} events behind; subscribe again with after: the cursor of the last event received`,
      { extensions: { code: 'SUBSCRIPTION_LAGGING' } },
    );
  }
}

/**
 * Events were committed that this instance could not read from the timeline in time (the database
 * stayed unreachable): rather than go on with a hole, the subscriber is ended and told to resume.
 */
export class SubscriptionGapError extends GraphQLError {
  override name = 'SubscriptionGapError';
  readonly code = 'SUBSCRIPTION_GAP';
  constructor() {
    super(
      'live events were missed and could not be read back; subscribe again with after: the cursor of the last event received',
      { extensions: { code: 'SUBSCRIPTION_GAP' } },
    );
  }
}

export function timelineMessage(event: TimelineEvent): CaseEventMessage {
  return {
    eventId: event.eventId,
    position: event.position,
    type: event.type,
    fromStatus: event.fromStatus,
    toStatus: event.toStatus,
    createdAt: event.createdAt.toISOString(),
    case: event.case,
  };
}

export interface CaseEventStreamOptions {
  timeline: CaseEventTimeline;
  logger: Logger;
  /** Messages one subscriber may have waiting before it is ended with SUBSCRIPTION_LAGGING. */
  maxQueuedEvents: number;
  /**
   * How long a hole in the positions heard waits for its message (in flight through Redis from
   * another instance) before it is read from the timeline.
   * @default 250
   */
  gapGraceMs?: number;
  /**
   * How long reading the timeline may keep failing while events are missing before the subscribers
   * are ended with SUBSCRIPTION_GAP.
   * @default 30_000
   */
  gapTimeoutMs?: number;
  /**
   * How often a stream with subscribers reads the timeline for events it has not heard (pub/sub
   * messages lost, e.g. during a Redis outage); `undefined` never. Asked again before each wait.
   * @default never
   */
  pollMs?: () => number | undefined;
  /** Events per timeline read. @default 500 */
  pageSize?: number;
}

export interface CaseEventSubscribeOptions {
  /** Replay the timeline after this position first (a resume point). */
  after?: number;
  /** Narrows the replay query; must be implied by `matches`. */
  narrow?: Pick<TimelineRead, 'caseId' | 'types'>;
}

interface Subscriber {
  /** The greatest position this subscriber has been offered; lower ones are duplicates. */
  last: number;
  offer(message: CaseEventMessage): void;
  /** Ends the subscription: completes it, or fails it with `error`. */
  end(error?: Error): void;
}

/**
 * This instance's view of the case-event timeline in commit order. Messages arrive from local
 * commits and through Redis, possibly out of order, twice (Redis echoes our own), or not at all
 * (Redis down): they are delivered to subscribers strictly by position, each once; a hole is first
 * given `gapGraceMs` to arrive and then read from the timeline, which is complete up to any
 * position seen committed. With no subscribers the stream is idle and tracks nothing.
 */
export function createCaseEventStream(options: CaseEventStreamOptions) {
  const { timeline, logger, maxQueuedEvents } = options;
  const gapGraceMs = options.gapGraceMs ?? 250;
  const gapTimeoutMs = options.gapTimeoutMs ?? 30_000;
  const pageSize = options.pageSize ?? 500;

  const subscribers = new Set<Subscriber>();
  /** Subscribers whose starting point is settled: from here on nothing committed is missed. */
  const joined = new Set<Subscriber>();
  const pending = new Map<number, CaseEventMessage>();
  /** Everything up to here has been offered to the subscribers; undefined while idle. */
  let heard: number | undefined;
  let starting: Promise<void> | undefined;
  /** Bumped when the stream goes idle, so work started before is dropped. */
  let generation = 0;
  let reading: Promise<void> | undefined;
  let readAgain = false;
  let failingSince: number | undefined;
  let gapTimer: NodeJS.Timeout | undefined;
  let retryTimer: NodeJS.Timeout | undefined;
  let pollTimer: NodeJS.Timeout | undefined;
  let closed = false;

  function dispatch(message: CaseEventMessage) {
    heard = message.position;
    for (const subscriber of subscribers) subscriber.offer(message);
  }

  function drain() {
    if (heard === undefined || reading) return;
    for (;;) {
      const next = pending.get(heard + 1);
      if (!next) break;
      pending.delete(next.position);
      dispatch(next);
    }
    if (!pending.size) {
      clearTimeout(gapTimer);
      gapTimer = undefined;
    } else if (!gapTimer) {
      gapTimer = setTimeout(() => {
        gapTimer = undefined;
        void catchUp();
      }, gapGraceMs);
      gapTimer.unref();
    }
  }

  /** Reads the timeline after `heard` to its end and offers what it finds; one read at a time. */
  function catchUp(): Promise<void> {
    if (heard === undefined || closed) return Promise.resolve();
    if (reading) {
      readAgain = true;
      return reading;
    }
    const mine = generation;
    clearTimeout(gapTimer);
    gapTimer = undefined;
    reading = (async () => {
      try {
        do {
          readAgain = false;
          for (;;) {
            const page = await timeline.read({ after: heard as number, limit: pageSize });
            if (mine !== generation) return;
            for (const event of page) {
              if (event.position <= (heard as number)) continue;
              const heardLive = pending.get(event.position);
              pending.delete(event.position);
              dispatch(heardLive ?? timelineMessage(event));
            }
            for (const position of pending.keys())
              if (position <= (heard as number)) pending.delete(position);
            if (page.length < pageSize) break;
          }
        } while (readAgain);
        failingSince = undefined;
      } catch (error) {
        if (mine !== generation) return;
        failingSince ??= Date.now();
        logger.warn(
          { err: { type: (error as Error).name }, missing: pending.size },
          'case-event timeline unreadable while catching up',
        );
        if (Date.now() - failingSince >= gapTimeoutMs) {
          failingSince = undefined;
          for (const subscriber of [...subscribers]) subscriber.end(new SubscriptionGapError());
          return;
        }
        clearTimeout(retryTimer);
        retryTimer = setTimeout(() => void catchUp(), 1_000);
        retryTimer.unref();
      } finally {
        if (mine === generation) reading = undefined;
      }
    })();
    return reading.then(drain);
  }

  function schedulePoll() {
    clearTimeout(pollTimer);
    pollTimer = undefined;
    const every = options.pollMs?.();
    if (every === undefined || heard === undefined || closed) return;
    pollTimer = setTimeout(() => {
      void catchUp().finally(schedulePoll);
    }, every);
    pollTimer.unref();
  }

  async function join(subscriber: Subscriber): Promise<void> {
    subscribers.add(subscriber);
    if (heard === undefined) {
      const mine = generation;
      starting ??= timeline.latestPosition().then((latest) => {
        if (mine !== generation) return;
        heard = latest;
        for (const position of pending.keys()) if (position <= latest) pending.delete(position);
        schedulePoll();
        drain();
      });
      try {
        await starting;
      } catch (error) {
        starting = undefined;
        leave(subscriber);
        throw error;
      }
    }
    subscriber.last = heard as number;
    joined.add(subscriber);
  }

  function leave(subscriber: Subscriber) {
    subscribers.delete(subscriber);
    joined.delete(subscriber);
    if (subscribers.size) return;
    generation += 1;
    heard = undefined;
    starting = undefined;
    reading = undefined;
    failingSince = undefined;
    pending.clear();
    for (const timer of [gapTimer, retryTimer, pollTimer]) clearTimeout(timer);
    gapTimer = retryTimer = pollTimer = undefined;
  }

  return {
    /** A committed event heard (from this instance or through Redis). */
    accept(message: CaseEventMessage) {
      if (!subscribers.size || (heard !== undefined && message.position <= heard)) return;
      pending.set(message.position, message);
      drain();
    },

    /** Something may have been missed (a publish failed, Redis reconnected): read the timeline. */
    catchUp,

    /** Ask `pollMs` again (Redis went down or came back). */
    reschedule: schedulePoll,

    /**
     * Messages that pass `matches`, in commit order, from now on; with `after`, first those
     * committed after that position (from the timeline), then live ones, with none missed or
     * repeated at the switch. The iterator's `return()` unsubscribes at once.
     */
    subscribe(
      matches: (message: CaseEventMessage) => boolean,
      { after, narrow }: CaseEventSubscribeOptions = {},
    ): Repeater<CaseEventMessage> {
      const buffer = new FixedBuffer(maxQueuedEvents);
      return new Repeater<CaseEventMessage>(async (push, stop) => {
        if (closed) return stop();
        const wanted = (message: CaseEventMessage) => {
          try {
            return matches(message);
          } catch (error) {
            logger.error({ err: { type: (error as Error).name } }, 'subscription filter failed');
            return false;
          }
        };
        /** Live messages offered while the replay runs. */
        let held: CaseEventMessage[] | undefined = after === undefined ? undefined : [];
        const subscriber: Subscriber = {
          last: 0,
          offer(message) {
            if (message.position <= subscriber.last) return;
            if (held) {
              if (held.length >= maxQueuedEvents) stop(new SubscriptionLaggingError(maxQueuedEvents));
              else held.push(message);
              return;
            }
            subscriber.last = message.position;
            if (!wanted(message)) return;
            if (buffer.full) stop(new SubscriptionLaggingError(maxQueuedEvents));
            else void push(message);
          },
          end: (error) => stop(error),
        };
        let ended = false;
        void stop.then(() => {
          ended = true;
        });
        try {
          // Live first, so whatever commits during the replay is held and nothing falls between.
          await join(subscriber);
          if (held) {
            let cursor = after as number;
            for (;;) {
              const page = await timeline.read({ ...narrow, after: cursor, limit: pageSize });
              for (const event of page) {
                if (ended) break;
                cursor = event.position;
                const message = timelineMessage(event);
                // awaiting the push holds the replay back to the client's pace
                if (wanted(message)) await push(message);
              }
              if (ended || page.length < pageSize) break;
            }
            // The timeline was complete up to `cursor`: what was held after it is new.
            const live = held;
            held = undefined;
            subscriber.last = cursor;
            for (const message of live) subscriber.offer(message);
          }
          await stop;
        } catch (error) {
          stop(error);
        } finally {
          leave(subscriber);
        }
      }, buffer);
    },

    /** Subscribers joined (their starting point settled) and not yet left. */
    size: () => joined.size,

    close() {
      closed = true;
      for (const subscriber of [...subscribers]) subscriber.end();
    },
  };
}

export type CaseEventStream = ReturnType<typeof createCaseEventStream>;
