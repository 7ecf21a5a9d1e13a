import { setMaxListeners } from 'node:events';
import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import type { DeliveryUpdate } from '@mediation/adapters';
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

/** A subscriber that fell this far behind is ended with an error rather than buffered without end. */
export class SubscriptionLaggingError extends Error {
  override name = 'SubscriptionLaggingError';
  readonly code = 'SUBSCRIPTION_LAGGING';
  constructor(limit: number) {
    super(`the subscriber fell more than ${limit} events behind; subscribe again and refetch`);
  }
}

export interface PlatformPubSubOptions {
  /**
   * Redis for pub/sub across instances; without it messages stay in this process.
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
  logger: Logger;
}

/** One topic (one Redis channel) of the platform's pub/sub. */
export interface PubSubTopic<Published, Message> {
  /** The channel: `<channelPrefix><name>`. */
  readonly topic: string;
  /** Publishes to every instance, this one included. */
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

export interface CaseEventTopic extends PubSubTopic<readonly CaseEventNotice[], CaseEventMessage> {
  /** Yoga's pub/sub underneath, on `topic`: for benchmarks against plain Yoga. */
  readonly pubsub: PubSub<CaseEventTopics>;
}

export type DeliveryUpdateTopic = PubSubTopic<DeliveryUpdate, DeliveryUpdateMessage>;

export interface PlatformPubSub {
  /** Committed case events (`<prefix>case-events`). Publish only after commit. */
  caseEvents: CaseEventTopic;
  /** Status changes of the outbox dispatchers (`<prefix>delivery-updates`), for admins. */
  deliveryUpdates: DeliveryUpdateTopic;
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
 * The platform's pub/sub on Yoga's `createPubSub`: in-process by default, Redis
 * (`@graphql-yoga/redis-event-target`, one publishing and one subscribing connection shared by all
 * topics) with `redisUrl`. Messages are plain JSON, so a subscriber gets the same thing whether it
 * came through Redis or not.
 *
 * Subscribers listen on the event target themselves instead of `pubsub.subscribe`, for two reasons:
 * the filter runs before anything is queued (a deadline scan over a city can publish thousands of
 * events nobody on a town board wants), and each subscriber gets its own bounded buffer (Yoga's
 * `repeaterBuffer` option is one buffer object shared by all subscribers, and without a buffer a
 * repeater throws from inside the event listener once 1,024 pushes are pending).
 */
export function createPlatformPubSub(options: PlatformPubSubOptions): PlatformPubSub {
  const { logger } = options;
  const prefix = options.channelPrefix ?? 'mediation:';
  const maxQueued = options.maxQueuedEvents ?? 10_000;

  let target: EventTarget;
  let redis: { publisher: Redis; subscriber: Redis } | undefined;
  const subscribed: Promise<unknown>[] = [];

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
    target = createRedisEventTarget<CustomEvent>({
      publishClient: {
        publish: (channel: string, message: string) => guard('PUBLISH', publisher.publish(channel, message)),
      } as unknown as Redis,
      subscribeClient: {
        on: (event: string, listener: (...args: unknown[]) => void) => subscriber.on(event, listener),
        subscribe: (channel: string) => {
          const acknowledged = subscriber.subscribe(channel);
          subscribed.push(acknowledged);
          return guard('SUBSCRIBE', acknowledged);
        },
        unsubscribe: (channel: string) => guard('UNSUBSCRIBE', subscriber.unsubscribe(channel)),
      } as unknown as Redis,
    }) as EventTarget;
  } else {
    target = new EventTarget();
    // Every subscriber is a listener of its topic: thousands are expected, not a leak.
    setMaxListeners(0, target);
  }

  const stops = new Set<() => void>();
  const keepSubscribed = () => {};
  const topics: string[] = [];
  let closed = false;

  function topicOf<Message>(name: string) {
    const topic = `${prefix}${name}`;
    topics.push(topic);
    // One listener for the instance's lifetime keeps the channel subscribed, so the first subscriber
    // does not race Redis' SUBSCRIBE and the last one leaving does not unsubscribe the instance.
    target.addEventListener(topic, keepSubscribed);
    const pubsub = createPubSub<Record<string, [Message]>>({
      eventTarget: target as PubSubEventTarget<Record<string, [Message]>>,
    });
    const mine = new Set<() => void>();
    return {
      topic,
      pubsub,
      activeSubscriptions: () => mine.size,
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
          target.addEventListener(topic, listener as EventListener);
          stops.add(stop);
          mine.add(stop);
          try {
            await stop;
          } finally {
            target.removeEventListener(topic, listener as EventListener);
            stops.delete(stop);
            mine.delete(stop);
          }
        }, buffer);
      },
    };
  }

  const caseEvents = topicOf<CaseEventMessage>('case-events');
  const deliveryUpdates = topicOf<DeliveryUpdateMessage>('delivery-updates');

  return {
    caseEvents: {
      ...caseEvents,
      publish(notices) {
        for (const notice of notices) caseEvents.pubsub.publish(caseEvents.topic, toCaseEventMessage(notice));
      },
    },
    deliveryUpdates: {
      ...deliveryUpdates,
      publish(update) {
        deliveryUpdates.pubsub.publish(deliveryUpdates.topic, toDeliveryUpdateMessage(update));
      },
    },
    activeSubscriptions: () => stops.size,
    async ready() {
      try {
        await Promise.all(subscribed);
      } catch (error) {
        throw new Error(
          `REDIS_URL: cannot subscribe to ${topics.join(', ')} (${(error as Error).message}); start Redis, or unset REDIS_URL for in-process pub/sub`,
        );
      }
    },
    async close() {
      closed = true;
      for (const stop of stops) stop();
      for (const topic of topics) target.removeEventListener(topic, keepSubscribed);
      if (redis) {
        const { publisher, subscriber } = redis;
        await Promise.all(
          [publisher, subscriber].map((client) => client.quit().catch(() => client.disconnect())),
        );
      }
    },
  };
}
