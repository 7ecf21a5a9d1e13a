import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import type { DeliveryUpdate } from '@mediation/adapters';
import {
  type CaseEventNotice,
  type CaseEventSnapshot,
  type CaseEventTimeline,
  type CaseEventType,
  type CaseStatus,
  caseEventSnapshot,
  type Logger,
} from '@mediation/core';
import { createPubSub, FixedBuffer, type PubSub, type PubSubEventTarget, Repeater } from 'graphql-yoga';
import { Redis } from 'ioredis';
import {
  type CaseEventSubscribeOptions,
  createCaseEventStream,
  SubscriptionLaggingError,
} from './case-event-stream.js';

export { SubscriptionGapError, SubscriptionLaggingError } from './case-event-stream.js';

/**
 * What subscribers learn of a committed case event. Plain JSON (no Dates, no Prisma objects), so it
 * crosses Redis unchanged; resolvers load the `CaseEvent` node itself by `eventId`.
 */
export interface CaseEventMessage {
  eventId: number;
  /** Commit order in the case-event timeline (what a subscription's cursor encodes). */
  position: number;
  type: CaseEventType;
  fromStatus: CaseStatus | null;
  toStatus: CaseStatus | null;
  /** ISO 8601. */
  createdAt: string;
  /** Where the case stood when the event was recorded: what filters and jurisdiction look at. */
  case: CaseEventSnapshot;
}

export function toCaseEventMessage(
  { event, case: kase }: CaseEventNotice,
  position: number,
): CaseEventMessage {
  return {
    eventId: event.id,
    position,
    type: event.type,
    fromStatus: event.fromStatus,
    toStatus: event.toStatus,
    createdAt: event.createdAt.toISOString(),
    case: caseEventSnapshot(event.type, event.data, kase),
  };
}

/**
 * A delivery status change as subscribers learn it, from the dispatcher of any instance: the
 * adapters' `DeliveryUpdate` as plain JSON, so it crosses Redis unchanged.
 */
export interface DeliveryUpdateMessage extends Omit<DeliveryUpdate, 'nextAttemptAt'> {
  /** ISO 8601; set on a PENDING update (the retry), null otherwise. */
  nextAttemptAt: string | null;
}

export function toDeliveryUpdateMessage(update: DeliveryUpdate): DeliveryUpdateMessage {
  return {
    id: update.id,
    adapterId: update.adapterId,
    deliveryKey: update.deliveryKey,
    eventId: update.eventId,
    caseId: update.caseId,
    status: update.status,
    attempts: update.attempts,
    lastError: update.lastError,
    nextAttemptAt: update.nextAttemptAt?.toISOString() ?? null,
  };
}

/**
 * Tells every instance that credentials stopped being good, so subscriptions opened with them end
 * at once (`guarded` listens) and cached principals are dropped.
 */
export type RevocationMessage = { apiKeyId: number } | { userId: number } | { everyone: true };

export interface PlatformPubSubOptions {
  /**
   * Redis for pub/sub across instances; without it messages stay in this process. Either way a
   * message reaches this instance's own subscribers in-process, Redis or not.
   * @default undefined (in-process)
   */
  redisUrl?: string;
  /**
   * Prefix of the Redis channels, so deployments (or test runs) sharing one Redis do not hear each other.
   * @default 'mediation:'
   */
  channelPrefix?: string;
  /**
   * Messages one subscriber may have waiting before it is ended with SUBSCRIPTION_LAGGING.
   * @default 10_000
   */
  maxQueuedEvents?: number;
  /** The case-event timeline: positions of published events, replays and catch-up. */
  timeline: CaseEventTimeline;
  /**
   * With Redis: how often an instance with subscribers reads the timeline for events it did not
   * hear while Redis is connected (a safety net), and while it is not (events of other instances
   * reach its subscribers this late during an outage).
   * @default { connected: 5_000, disconnected: 1_000 }
   */
  timelinePollMs?: { connected: number; disconnected: number };
  /**
   * How long a hole in the positions heard waits for its message before it is read from the timeline.
   * @default 250
   */
  gapGraceMs?: number;
  /**
   * How long the timeline may stay unreadable while events are missing before subscribers are
   * ended with SUBSCRIPTION_GAP.
   * @default 30_000
   */
  gapTimeoutMs?: number;
  logger: Logger;
}

/** One topic (one Redis channel) of the platform's pub/sub. */
export interface PubSubTopic<Published, Message> {
  /** The channel: `<channelPrefix><name>`. */
  readonly topic: string;
  /** Publishes to every instance: to this one's subscribers in-process, to the others through Redis. */
  publish(published: Published): void;
  /**
   * The messages that pass `matches` from now on. The iterator's `return()` unsubscribes at once,
   * even while it waits for the next message.
   */
  subscribe(matches: (message: Message) => boolean): Repeater<Message>;
  /** Subscriptions of this topic started and not yet returned. */
  activeSubscriptions(): number;
}

type CaseEventTopics = Record<string, [CaseEventMessage]>;

export interface CaseEventTopic
  extends Omit<PubSubTopic<readonly CaseEventNotice[], CaseEventMessage>, 'subscribe'> {
  /**
   * The messages that pass `matches`, in commit order; with `after` (a position), first those
   * committed since then, replayed from the timeline, then live ones without gap or repeat.
   */
  subscribe(
    matches: (message: CaseEventMessage) => boolean,
    options?: CaseEventSubscribeOptions,
  ): Repeater<CaseEventMessage>;
  /** The timeline subscriptions resume from. */
  readonly timeline: CaseEventTimeline;
  /**
   * Yoga's pub/sub on `topic`, fed every message as it arrives (in arrival order, without catch-up):
   * for benchmarks against plain Yoga.
   */
  readonly pubsub: PubSub<CaseEventTopics>;
}

export type DeliveryUpdateTopic = PubSubTopic<DeliveryUpdate, DeliveryUpdateMessage>;

export interface RevocationTopic extends PubSubTopic<RevocationMessage, RevocationMessage> {
  /** Calls `listener` with every message (this instance's own needs; not counted as a subscription). */
  listen(listener: (message: RevocationMessage) => void): () => void;
}

export interface PlatformPubSub {
  /** Committed case events (`<prefix>case-events`). Publish only after commit. */
  caseEvents: CaseEventTopic;
  /** Status changes of the outbox dispatchers (`<prefix>delivery-updates`), for admins. */
  deliveryUpdates: DeliveryUpdateTopic;
  /**
   * Revoked keys and deactivated users (`<prefix>revocations`). After a Redis outage this instance's
   * subscribers hear `{ everyone: true }`: what was published meanwhile may be lost, check again.
   */
  revocations: RevocationTopic;
  /** Subscriptions of every topic started and not yet returned. */
  activeSubscriptions(): number;
  /**
   * Resolves once this instance hears every channel (Redis SUBSCRIBE acknowledged); rejects when
   * Redis cannot be reached.
   */
  ready(): Promise<void>;
  /** Ends every open subscription and closes the Redis connections. */
  close(): Promise<void>;
}

/**
 * The platform's pub/sub: in-process by default; with `redisUrl`, Redis carries messages to the
 * other instances (one publishing and one subscribing ioredis connection shared by all topics),
 * while this instance's subscribers get its own messages in-process, so a Redis outage does not
 * silence them. Messages are plain JSON, the same whether they came through Redis or not.
 *
 * Case events are ordered by their timeline position (`createCaseEventStream`): duplicates (Redis
 * echoes our own) are dropped, holes are read from the timeline, and after a Redis outage the
 * instance catches its subscribers up from there. Every topic drops the echo of our own by origin.
 *
 * Each subscriber has its own bounded buffer and its filter runs before anything is queued (a
 * deadline scan over a city can publish thousands of events nobody on a town board wants).
 */
export function createPlatformPubSub(options: PlatformPubSubOptions): PlatformPubSub {
  const { logger, timeline } = options;
  const prefix = options.channelPrefix ?? 'mediation:';
  const maxQueued = options.maxQueuedEvents ?? 10_000;
  const pollMs = options.timelinePollMs ?? { connected: 5_000, disconnected: 1_000 };
  const origin = randomUUID();

  // This instance's subscribers listen here; every subscriber is a listener: thousands are expected.
  const local = new EventTarget();
  setMaxListeners(0, local);
  const fromRedis = new Map<string, (payload: unknown) => void>();
  const onReconnected = new Set<() => void>();
  const stops = new Set<() => void>();
  let closed = false;

  let redis: { publisher: Redis; subscriber: Redis; subscribed: Promise<unknown> } | undefined;
  // PUBLISH and SUBSCRIBE are not awaited by their callers; during a Redis outage they fail, which
  // must be logged, not become an unhandled rejection that ends the process.
  const guard = (command: string, promise: Promise<unknown>) =>
    promise.catch((error: Error) =>
      logger.error({ command, err: { type: error.name, message: error.message } }, 'redis command failed'),
    );
  const send = (channel: string, payload: unknown) => {
    if (redis) void guard('PUBLISH', redis.publisher.publish(channel, JSON.stringify(payload)));
  };
  const redisConnected = () => !redis || redis.subscriber.status === 'ready';

  function dispatchLocal<Message>(topic: string, message: Message) {
    local.dispatchEvent(new CustomEvent(topic, { detail: message }));
  }

  /** A topic whose messages need no order: the echo of our own is dropped by origin. */
  function plainTopic<Published, Message>(name: string, toMessage: (published: Published) => Message) {
    const topic = `${prefix}${name}`;
    fromRedis.set(topic, (payload) => {
      const { from, message } = payload as { from: string; message: Message };
      if (from !== origin) dispatchLocal(topic, message);
    });
    const mine = new Set<() => void>();
    return {
      topic,
      activeSubscriptions: () => mine.size,
      publish(published: Published) {
        const message = toMessage(published);
        dispatchLocal(topic, message);
        send(topic, { from: origin, message });
      },
      listen(listener: (message: Message) => void) {
        const handler = (event: Event) => listener((event as CustomEvent<Message>).detail);
        local.addEventListener(topic, handler);
        return () => local.removeEventListener(topic, handler);
      },
      subscribe(matches: (message: Message) => boolean): Repeater<Message> {
        const buffer = new FixedBuffer(maxQueued);
        return new Repeater<Message>(async (push, stop) => {
          if (closed) return stop();
          const listener = (event: CustomEvent<Message>) => {
            let wanted = false;
            try {
              wanted = matches(event.detail);
            } catch (error) {
              logger.error(
                { topic: name, err: { type: (error as Error).name } },
                'subscription filter failed',
              );
            }
            if (!wanted) return;
            if (buffer.full) stop(new SubscriptionLaggingError(maxQueued));
            else void push(event.detail);
          };
          local.addEventListener(topic, listener as EventListener);
          stops.add(stop);
          mine.add(stop);
          try {
            await stop;
          } finally {
            local.removeEventListener(topic, listener as EventListener);
            stops.delete(stop);
            mine.delete(stop);
          }
        }, buffer);
      },
    };
  }

  const deliveryUpdates = plainTopic<DeliveryUpdate, DeliveryUpdateMessage>(
    'delivery-updates',
    toDeliveryUpdateMessage,
  );
  const revocations = plainTopic<RevocationMessage, RevocationMessage>('revocations', (message) => message);

  const caseEventTopic = `${prefix}case-events`;
  const stream = createCaseEventStream({
    timeline,
    logger,
    maxQueuedEvents: maxQueued,
    gapGraceMs: options.gapGraceMs,
    gapTimeoutMs: options.gapTimeoutMs,
    pollMs: () => (redis ? (redisConnected() ? pollMs.connected : pollMs.disconnected) : undefined),
  });
  fromRedis.set(caseEventTopic, (payload) => {
    const { from, message } = payload as { from: string; message: CaseEventMessage };
    // our own echo: the stream would drop it by position, Yoga's plain pubsub would not
    if (from === origin) return;
    stream.accept(message);
    dispatchLocal(caseEventTopic, message);
  });
  const caseEvents: CaseEventTopic = {
    topic: caseEventTopic,
    timeline,
    pubsub: createPubSub<CaseEventTopics>({ eventTarget: local as PubSubEventTarget<CaseEventTopics> }),
    activeSubscriptions: stream.size,
    publish(notices) {
      if (!notices.length) return;
      // Positions are given at commit, so they are read back now, after it.
      timeline.positionsOf(notices.map((notice) => notice.event.id)).then(
        (positions) => {
          for (const notice of notices) {
            const position = positions.get(notice.event.id);
            if (position === undefined) {
              void stream.catchUp();
              continue;
            }
            const message = toCaseEventMessage(notice, position);
            stream.accept(message);
            dispatchLocal(caseEventTopic, message);
            send(caseEventTopic, { from: origin, message });
          }
        },
        (error: Error) => {
          // Subscribers here catch up from the timeline; other instances notice the hole or poll.
          logger.warn({ err: { type: error.name } }, 'could not read the positions of committed case events');
          void stream.catchUp();
        },
      );
    },
    subscribe: stream.subscribe,
  };
  if (options.redisUrl) {
    const connect = (role: string) => {
      const client = new Redis(options.redisUrl as string, { connectionName: `mediation-${role}` });
      // Without a listener ioredis prints every reconnect attempt; it reconnects and resubscribes itself.
      client.on('error', (error: Error) =>
        logger.warn({ role, err: { type: error.name, message: error.message } }, 'redis connection error'),
      );
      return client;
    };
    const publisher = connect('publish');
    const subscriber = connect('subscribe');
    const channels = [...fromRedis.keys()];
    const subscribed = subscriber.subscribe(...channels);
    void guard('SUBSCRIBE', subscribed);
    redis = { publisher, subscriber, subscribed };
    subscriber.on('message', (channel: string, text: string) => {
      const handle = fromRedis.get(channel);
      if (!handle) return;
      let payload: unknown;
      try {
        payload = JSON.parse(text);
      } catch {
        logger.warn({ channel }, 'unreadable pub/sub message');
        return;
      }
      handle(payload);
    });
    let readyBefore = false;
    subscriber.on('close', () => stream.reschedule());
    subscriber.on('ready', () => {
      stream.reschedule();
      if (!readyBefore) {
        readyBefore = true;
        return;
      }
      // ioredis resubscribes right after 'ready'; once our own SUBSCRIBE (queued behind it) is
      // acknowledged every channel is heard again, and what was published meanwhile is in the timeline.
      void guard(
        'SUBSCRIBE',
        subscriber.subscribe(...channels).then(() => {
          logger.info('redis reconnected: catching subscribers up from the case-event timeline');
          void stream.catchUp();
          for (const listener of onReconnected) listener();
        }),
      );
    });
    onReconnected.add(() => dispatchLocal(revocations.topic, { everyone: true } satisfies RevocationMessage));
  }

  return {
    caseEvents,
    deliveryUpdates,
    revocations,
    activeSubscriptions: () => stops.size + stream.size(),
    async ready() {
      if (!redis) return;
      try {
        await redis.subscribed;
      } catch (error) {
        throw new Error(
          `REDIS_URL: cannot subscribe to ${[...fromRedis.keys()].join(', ')} (${(error as Error).message}); start Redis, or unset REDIS_URL for in-process pub/sub`,
        );
      }
    },
    async close() {
      closed = true;
      for (const stop of stops) stop();
      stream.close();
      if (redis) {
        const { publisher, subscriber } = redis;
        await Promise.all(
          [publisher, subscriber].map((client) => client.quit().catch(() => client.disconnect())),
        );
      }
    },
  };
}
