import { randomBytes } from 'node:crypto';
import { createRedisReplayStore } from '@mediation/api';
import { createLogger } from '@mediation/core';
import { afterAll, describe, expect, it } from 'vitest';

const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const logger = createLogger({ level: 'silent' });
const stores: { close(): Promise<void> }[] = [];
afterAll(async () => {
  await Promise.all(stores.map((store) => store.close()));
});

function store(url = redisUrl, keyPrefix = `mediation-test-${randomBytes(4).toString('hex')}:`) {
  const created = createRedisReplayStore({ redisUrl: url, keyPrefix, logger });
  stores.push(created);
  return created;
}

describe('the webhook replay store shared through Redis', () => {
  it('lets one of two instances claim a webhook id; gives it back after a failure on our side', async () => {
    const keyPrefix = `mediation-test-${randomBytes(4).toString('hex')}:`;
    const [a, b] = [store(redisUrl, keyPrefix), store(redisUrl, keyPrefix)];
    await Promise.all([a.ready(), b.ready()]);
    const now = Date.now();
    const claims = await Promise.all([
      a.claim('petition:msg_1', now + 600_000, now),
      b.claim('petition:msg_1', now + 600_000, now),
    ]);
    expect([...claims].sort()).toEqual([false, true]);
    const [holder, other] = claims[0] ? [a, b] : [b, a];
    expect(await a.claim('petition:msg_1', now + 600_000, now)).toBe(false);
    expect(await b.claim('police:msg_1', now + 600_000, now)).toBe(true);

    // The instance that claimed it failed on its side: it gives the id back, and the sender's retry
    // gets in, even at the instance that refused the concurrent copy.
    await holder.release('petition:msg_1');
    expect(await other.claim('petition:msg_1', now + 600_000, now)).toBe(true);
    expect(await holder.claim('petition:msg_1', now + 600_000, now)).toBe(false);
  });

  it('keeps refusing replays from its own memory while Redis cannot be reached', async () => {
    const unreachable = store('redis://127.0.0.1:1');
    const now = Date.now();
    expect(await unreachable.claim('court:msg_9', now + 600_000, now)).toBe(true);
    expect(await unreachable.claim('court:msg_9', now + 600_000, now)).toBe(false);
    await unreachable.release('court:msg_9');
    expect(await unreachable.claim('court:msg_9', now + 600_000, now)).toBe(true);
  });
});
