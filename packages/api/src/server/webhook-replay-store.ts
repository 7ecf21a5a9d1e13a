import { createMemoryReplayStore, type WebhookReplayStore } from '@mediation/adapters';
import type { Logger } from '@mediation/core';
import { Redis } from 'ioredis';

export interface SharedReplayStore extends WebhookReplayStore {
  close(): Promise<void>;
}

/**
 * The webhook replay store shared by every instance through Redis (`SET … PX`), so a captured
 * referral replayed to another instance is refused as it is on the first. Each instance also keeps
 * its own bounded memory: while Redis cannot be reached, replays are still refused on the instance
 * that saw the message (and a replayed referral changes nothing anyway: referrals are idempotent on
 * the external system's id), and webhooks keep being answered rather than failing with Redis.
 */
export function createRedisReplayStore(options: {
  redisUrl: string;
  keyPrefix: string;
  logger: Logger;
}): SharedReplayStore {
  const { logger } = options;
  const memory = createMemoryReplayStore();
  const redis = new Redis(options.redisUrl, {
    connectionName: 'mediation-webhook-replay',
    maxRetriesPerRequest: 1,
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
    async has(id, nowMs) {
      if (memory.has(id, nowMs)) return true;
      try {
        return (await redis.exists(key(id))) === 1;
      } catch (error) {
        degraded('EXISTS', error);
        return false;
      }
    },
    async remember(id, expiresAtMs) {
      memory.remember(id, expiresAtMs);
      try {
        await redis.set(key(id), '1', 'PX', Math.max(1, Math.round(expiresAtMs - Date.now())));
      } catch (error) {
        degraded('SET', error);
      }
    },
    async close() {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
