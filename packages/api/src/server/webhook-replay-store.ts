import { createMemoryReplayStore, type WebhookReplayStore } from '@mediation/adapters';
import type { Logger } from '@mediation/core';
import { Redis } from 'ioredis';

export interface SharedReplayStore extends WebhookReplayStore {
  /** Resolves once connected (commands are not queued: before that, claims use the memory only). */
  ready(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * The webhook replay store shared by every instance through Redis: a webhook id is claimed with
 * `SET … NX PX` (atomic, so of two copies sent to two instances at once one is refused), so a
 * captured referral replayed to another instance is refused as on the first. Each instance also
 * keeps its own bounded memory. While Redis cannot be reached the store answers from that memory at
 * once (no queued commands, short timeouts): replays are still refused on the instance that saw the
 * message, a replayed referral changes nothing anyway (referrals are idempotent on the external
 * id), and webhooks keep being answered rather than waiting on Redis.
 */
export function createRedisReplayStore(options: {
  redisUrl: string;
  keyPrefix: string;
  logger: Logger;
  /** Longest wait for one Redis command. @default 250 */
  commandTimeoutMs?: number;
}): SharedReplayStore {
  const { logger } = options;
  const memory = createMemoryReplayStore();
  const redis = new Redis(options.redisUrl, {
    connectionName: 'mediation-webhook-replay',
    enableOfflineQueue: false,
    commandTimeout: options.commandTimeoutMs ?? 250,
    maxRetriesPerRequest: 0,
  });
  redis.on('error', (error: Error) =>
    logger.warn({ err: { type: error.name, message: error.message } }, 'webhook replay store: redis error'),
  );
  const key = (id: string) => `${options.keyPrefix}webhook-seen:${id}`;
  const degraded = (command: string, error: unknown) =>
    logger.warn(
      { command, err: { type: (error as Error).name, message: (error as Error).message } },
      'webhook replay store: redis unavailable, using this instance’s memory',
    );

  return {
    async claim(id, expiresAtMs, nowMs) {
      if (!memory.claim(id, expiresAtMs, nowMs)) return false;
      try {
        const ttl = Math.max(1, Math.round(expiresAtMs - nowMs));
        if ((await redis.set(key(id), '1', 'PX', ttl, 'NX')) === 'OK') return true;
        // Another instance has it: Redis decides from now on (a release there must let a retry in here).
        memory.release(id);
        return false;
      } catch (error) {
        degraded('SET NX', error);
        return true;
      }
    },
    async release(id) {
      memory.release(id);
      try {
        await redis.del(key(id));
      } catch (error) {
        degraded('DEL', error);
      }
    },
    ready(timeoutMs = 5_000) {
      if (redis.status === 'ready') return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          redis.off('ready', onReady);
          reject(new Error(`webhook replay store: redis not ready after ${timeoutMs} ms`));
        }, timeoutMs);
        const onReady = () => {
          clearTimeout(timer);
          resolve();
        };
        redis.once('ready', onReady);
      });
    },
    async close() {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
