import { setMaxListeners } from 'node:events';
import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import type { CaseEventNotice, CaseEventType, CaseStatus, Logger, RiskLevel } from '@mediation/core';
import { createPubSub, FixedBuffer, type PubSub, type PubSubEventTarget, Repeater } from 'graphql-yoga';
import { Redis } from 'ioredis';

/**
 * What subscribers learn of a committed case event. Plain JSON (no Dates, no Prisma objects), so it
 * crosses Redis unchanged; resolvers load the `CaseEvent` node itself by `eventId`.
 */
export interface CaseEventMessage {
  eventId: number;
  type: CaseEventType;
  fromStatus: CaseStatus | null;
  toStatus: CaseStatus | null;
  /** ISO 8601. */
  createdAt: string;
  case: {
    id: number;
    number: string;
    status: CaseStatus;
    riskLevel: RiskLevel;
    /** The risk before this event: differs from `riskLevel` only on a RISK_CHANGED event. */
    previousRiskLevel: RiskLevel;
    regionId: number;
    /** Materialized region path, e.g. "/1/4/17/": a region subtree is a prefix. */
    regionPath: string;
    gridId: number | null;
    leadMediatorId: number | null;
    coMediatorIds: number[];
    reportedById: number | null;
    version: number;
  };
}

export function toCaseEventMessage({ event, case: kase }: CaseEventNotice): CaseEventMessage {
  const from = event.type === 'RISK_CHANGED' ? (event.data as { from?: RiskLevel } | null)?.from : undefined;
  return {
    eventId: event.id,
    type: event.type,
    fromStatus: event.fromStatus,
    toStatus: event.toStatus,
    createdAt: event.createdAt.toISOString(),
    case: {
      id: kase.id,
      number: kase.number,
      status: kase.status,
      riskLevel: kase.riskLevel,
      previousRiskLevel: from ?? kase.riskLevel,
      regionId: kase.regionId,
      regionPath: kase.regionPath,
      gridId: kase.gridId,
      leadMediatorId: kase.leadMediatorId,
      coMediatorIds: kase.coMediatorIds,
      reportedById: kase.reportedById,
      version: kase.version,
    },
  };
}

/** A subscriber that fell this far behind is ended with an error rather than buffered without end. */
export class SubscriptionLaggingError extends Error {
  override name = 'SubscriptionLaggingError';
  readonly code = 'SUBSCRIPTION_LAGGING';
  constructor(limit: number) {
    super(`the subscriber fell more than ${limit} events behind; subscribe again and refetch`);
  }
}

export interface CaseEventPubSubOptions {
  /**
   * Redis for pub/sub across instances; without it events stay in this process.
   * @default undefined (in-process)
   */
  redisUrl?: string;
  /**
   * Prefix of the Redis channel, so deployments (or test runs) sharing one Redis do not hear each other.
   * @default 'mediation:'
   */
  channelPrefix?: string;
  /**
   * Events one subscriber may have waiting before it is ended with SUBSCRIPTION_LAGGING.
   * @default 10_000
   */
  maxQueuedEvents?: number;
  logger: Logger;
}

type Topics = Record<string, [CaseEventMessage]>;

export interface CaseEventPubSub {
  /** Publishes committed events to every instance. Call only after commit. */
  publish(notices: readonly CaseEventNotice[]): void;
  /**
   * The events that pass `matches` from now on. The iterator's `return()` unsubscribes at once,
   * even while it waits for the next event.
   */
  subscribe(matches: (message: CaseEventMessage) => boolean): Repeater<CaseEventMessage>;
  /** Subscriptions started and not yet returned. */
  activeSubscriptions(): number;
  /**
   * Resolves once this instance hears the shared channel (Redis SUBSCRIBE acknowledged); rejects when
   * Redis cannot be reached.
   */
  ready(): Promise<void>;
  /** Ends every open subscription and closes the Redis connections. */
  close(): Promise<void>;
  /** Yoga's pub/sub underneath and its topic: for benchmarks against plain Yoga. */
  readonly pubsub: PubSub<Topics>;
  readonly topic: string;
}

/**
 * Case-event pub/sub on Yoga's `createPubSub`: in-process by default, Redis
 * (`@graphql-yoga/redis-event-target`, one publishing and one subscribing connection) with `redisUrl`.
 *
 * Subscribers listen on the event target themselves instead of `pubsub.subscribe`, for two reasons:
 * the filter runs before anything is queued (a deadline scan over a city can publish thousands of
 * events nobody on a town board wants), and each subscriber gets its own bounded buffer (Yoga's
 * `repeaterBuffer` option is one buffer object shared by all subscribers, and without a buffer a
 * repeater throws from inside the event listener once 1,024 pushes are pending).
 */
export function createCaseEventPubSub(options: CaseEventPubSubOptions): CaseEventPubSub {
  const { logger } = options;
  const topic = `${options.channelPrefix ?? 'mediation:'}case-events`;
  const maxQueued = options.maxQueuedEvents ?? 10_000;

  let target: PubSubEventTarget<Topics>;
  let redis: { publisher: Redis; subscriber: Redis } | undefined;
  let subscribed: Promise<unknown> = Promise.resolve();

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
    redis = { publisher, subscriber };
    // The event target does not handle the promises of PUBLISH and SUBSCRIBE; a Redis outage must
    // be logged, not become an unhandled rejection that ends the process.
    const guard = (command: string, promise: Promise<unknown>) =>
      promise.catch((error: Error) =>
        logger.error({ command, err: { type: error.name, message: error.message } }, 'redis command failed'),
      );
    target = createRedisEventTarget<CustomEvent<CaseEventMessage>>({
      publishClient: {
        publish: (channel: string, message: string) => guard('PUBLISH', publisher.publish(channel, message)),
      } as unknown as Redis,
      subscribeClient: {
        on: (event: string, listener: (...args: unknown[]) => void) => subscriber.on(event, listener),
        subscribe: (channel: string) => {
          subscribed = subscriber.subscribe(channel);
          return guard('SUBSCRIBE', subscribed);
        },
        unsubscribe: (channel: string) => guard('UNSUBSCRIBE', subscriber.unsubscribe(channel)),
      } as unknown as Redis,
    });
  } else {
    const local = new EventTarget();
    // Every subscriber is a listener of the one topic: thousands are expected, not a leak.
    setMaxListeners(0, local);
    target = local as PubSubEventTarget<Topics>;
  }

  const pubsub = createPubSub<Topics>({ eventTarget: target });

  // One listener for the instance's lifetime keeps the channel subscribed, so the first subscriber
  // does not race Redis' SUBSCRIBE and the last one leaving does not unsubscribe the instance.
  const keepSubscribed = () => {};
  target.addEventListener(topic, keepSubscribed);

  const stops = new Set<() => void>();
  let closed = false;

  return {
    pubsub,
    topic,
    publish(notices) {
      for (const notice of notices) pubsub.publish(topic, toCaseEventMessage(notice));
    },
    subscribe(matches) {
      const buffer = new FixedBuffer(maxQueued);
      return new Repeater<CaseEventMessage>(async (push, stop) => {
        if (closed) return stop();
        const listener = (event: CustomEvent<CaseEventMessage>) => {
          let wanted = false;
          try {
            wanted = matches(event.detail);
          } catch (error) {
            logger.error({ err: { type: (error as Error).name } }, 'case event filter failed');
          }
          if (!wanted) return;
          if (buffer.full) stop(new SubscriptionLaggingError(maxQueued));
          else void push(event.detail);
        };
        target.addEventListener(topic, listener as EventListener);
        stops.add(stop);
        try {
          await stop;
        } finally {
          target.removeEventListener(topic, listener as EventListener);
          stops.delete(stop);
        }
      }, buffer);
    },
    activeSubscriptions: () => stops.size,
    async ready() {
      try {
        await subscribed;
      } catch (error) {
        throw new Error(
          `REDIS_URL: cannot subscribe to ${topic} (${(error as Error).message}); start Redis, or unset REDIS_URL for in-process pub/sub`,
        );
      }
    },
    async close() {
      closed = true;
      for (const stop of stops) stop();
      target.removeEventListener(topic, keepSubscribed);
      if (redis) {
        const { publisher, subscriber } = redis;
        await Promise.all(
          [publisher, subscriber].map((client) => client.quit().catch(() => client.disconnect())),
        );
      }
    },
  };
}
