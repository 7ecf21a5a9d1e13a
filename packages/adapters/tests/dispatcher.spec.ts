import { createLogger, type Database, systemActor } from '@mediation/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openTestDatabase } from '../../../tests/support/test-database.js';
import { AdapterDeliveryError, type Delivery, type DeliveryLimits, defineAdapter } from '../src/contract.js';
import { createPlatformRuntime } from '../src/platform/platform-runtime.js';
import { createAdapterRegistry } from '../src/registry.js';
import { replayDelivery } from '../src/runtime/deliveries.js';
import {
  backoffDelayMs,
  createDispatcher,
  type DeliveryUpdate,
  startDispatcher,
} from '../src/runtime/dispatcher.js';

const logger = createLogger({ level: 'silent' });
const T0 = new Date('2026-11-23T02:00:00.000Z');

let db: Database;
let eventIds: number[] = [];

beforeAll(async () => {
  db = await openTestDatabase();
  const events = await db.prisma.caseEvent.findMany({
    select: { id: true },
    orderBy: { id: 'asc' },
    take: 60,
  });
  eventIds = events.map((e) => e.id);
});
afterAll(async () => {
  await db?.close();
});

type Behaviour = (delivery: Delivery, signal: AbortSignal) => Promise<void>;

/** A test receiver: records every delivery key it accepted, behaves as told. */
function sink(id: string, behaviour: Behaviour, limits: Partial<DeliveryLimits> = {}) {
  const received: string[] = [];
  const adapter = defineAdapter({
    id,
    kind: 'test',
    displayName: `sink ${id}`,
    config: z.object({}),
    secrets: [],
    outbound: {
      events: ['REPORTED'],
      async deliver(delivery, ctx) {
        await behaviour(delivery, ctx.signal);
        received.push(delivery.deliveryKey);
      },
    },
  });
  const settings = {
    [id]: { enabled: true, delivery: { backoffBaseMs: 1_000, backoffMaxMs: 60_000, ...limits } },
  };
  const registry = createAdapterRegistry([adapter], settings);
  return { adapter, settings, registry, received };
}

async function insertRows(adapterId: string, count: number, nextAttemptAt = T0) {
  const ids: number[] = [];
  for (const eventId of eventIds.slice(0, count)) {
    const row = await db.prisma.outboxMessage.create({
      data: {
        eventId,
        adapterId,
        deliveryKey: `case-event-${eventId}-${adapterId}`,
        payload: { eventId, type: 'REPORTED', case: { id: 1, number: 'X' } },
        nextAttemptAt,
      },
    });
    ids.push(row.id);
  }
  return ids;
}

const ok: Behaviour = async () => {};
const fail: Behaviour = async () => {
  throw new Error('receiver down');
};

describe('backoffDelayMs', () => {
  const limits = { timeoutMs: 1, concurrency: 1, maxAttempts: 5, backoffBaseMs: 1_000, backoffMaxMs: 10_000 };
  it('doubles the ceiling each attempt, capped, with full jitter', () => {
    expect(backoffDelayMs(1, limits, () => 0.999)).toBe(999);
    expect(backoffDelayMs(3, limits, () => 0.999)).toBe(3_996);
    expect(backoffDelayMs(10, limits, () => 0.999)).toBe(9_990);
    expect(backoffDelayMs(10, limits, () => 0)).toBe(0);
  });
});

describe('dispatcher', () => {
  it('delivers due rows once, with their delivery key, and marks them DELIVERED', async () => {
    const { registry, received } = sink('sink-ok', ok, { concurrency: 10 });
    const ids = await insertRows('sink-ok', 5);
    const updates: DeliveryUpdate[] = [];
    const dispatcher = createDispatcher({
      prisma: db.prisma,
      registry,
      logger,
      clock: () => T0,
      onUpdate: (u) => updates.push(u),
    });
    const summary = await dispatcher.dispatchOnce();
    expect(summary).toMatchObject({ claimed: 5, delivered: 5 });
    expect(received.sort()).toEqual(
      eventIds
        .slice(0, 5)
        .map((e) => `case-event-${e}-sink-ok`)
        .sort(),
    );
    const rows = await db.prisma.outboxMessage.findMany({ where: { id: { in: ids } } });
    expect(rows.every((r) => r.status === 'DELIVERED' && r.attempts === 1 && r.lockedBy === null)).toBe(true);
    expect(updates.filter((u) => u.status === 'DELIVERED')).toHaveLength(5);
    expect(dispatcher.metrics()).toMatchObject({ delivered: 5, inflight: 0 });
    expect((await dispatcher.dispatchOnce()).claimed).toBe(0);
  });

  it('does not claim rows that are not yet due', async () => {
    const { registry } = sink('sink-later', ok);
    await insertRows('sink-later', 2, new Date(T0.getTime() + 60_000));
    const dispatcher = createDispatcher({ prisma: db.prisma, registry, logger, clock: () => T0 });
    expect((await dispatcher.dispatchOnce()).claimed).toBe(0);
  });

  it('retries a failed delivery with exponential backoff and full jitter', async () => {
    let now = T0;
    let failures = 2;
    const { registry, received } = sink('sink-retry', async () => {
      if (failures-- > 0) throw new Error('503');
    });
    const [id] = await insertRows('sink-retry', 1);
    const dispatcher = createDispatcher({
      prisma: db.prisma,
      registry,
      logger,
      clock: () => now,
      random: () => 0.5,
    });
    expect(await dispatcher.dispatchOnce()).toMatchObject({ claimed: 1, retried: 1 });
    let row = await db.prisma.outboxMessage.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ status: 'PENDING', attempts: 1, lockedBy: null });
    expect(row.lastError).toContain('503');
    expect(row.nextAttemptAt.getTime() - now.getTime()).toBe(500); // 0.5 · 1000 · 2^0

    // Not due before nextAttemptAt.
    expect((await dispatcher.dispatchOnce()).claimed).toBe(0);
    now = row.nextAttemptAt;
    expect(await dispatcher.dispatchOnce()).toMatchObject({ retried: 1 });
    row = await db.prisma.outboxMessage.findUniqueOrThrow({ where: { id } });
    expect(row.nextAttemptAt.getTime() - now.getTime()).toBe(1_000); // 0.5 · 1000 · 2^1

    now = row.nextAttemptAt;
    expect(await dispatcher.dispatchOnce()).toMatchObject({ delivered: 1 });
    row = await db.prisma.outboxMessage.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ status: 'DELIVERED', attempts: 3, lastError: null });
    expect(received).toHaveLength(1);
    expect(dispatcher.metrics()).toMatchObject({ retried: 2, delivered: 1 });
  });

  it('makes a dead letter after maxAttempts, and a replay delivers it', async () => {
    let now = T0;
    let behaviour: Behaviour = fail;
    const { registry, received } = sink('sink-dead', (d, s) => behaviour(d, s), { maxAttempts: 3 });
    const [id] = await insertRows('sink-dead', 1);
    const dispatcher = createDispatcher({ prisma: db.prisma, registry, logger, clock: () => now });
    for (let i = 0; i < 3; i++) {
      await dispatcher.dispatchOnce();
      now = new Date(now.getTime() + 3_600_000);
    }
    let row = await db.prisma.outboxMessage.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ status: 'DEAD', attempts: 3 });
    expect(row.lastError).toContain('receiver down');
    expect((await dispatcher.dispatchOnce()).claimed).toBe(0);
    expect(dispatcher.metrics()).toMatchObject({ retried: 2, dead: 1 });

    await expect(replayDelivery(db.prisma, systemActor('test'), id!)).resolves.toMatchObject({
      status: 'PENDING',
      attempts: 0,
    });
    await expect(replayDelivery(db.prisma, systemActor('test'), id!)).rejects.toThrow(/only a DEAD delivery/);
    behaviour = ok;
    // The replay is due at the real time it was made; the test clock is far past it.
    now = new Date(Date.now() + 1_000);
    expect(await dispatcher.dispatchOnce()).toMatchObject({ delivered: 1 });
    row = await db.prisma.outboxMessage.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ status: 'DELIVERED', attempts: 1 });
    expect(received).toEqual([row.deliveryKey]);
  });

  it('makes a dead letter at once when the receiver refuses for good', async () => {
    const { registry } = sink('sink-refuse', async () => {
      throw new AdapterDeliveryError('422 unknown case', { retryable: false, status: 422 });
    });
    const [id] = await insertRows('sink-refuse', 1);
    const dispatcher = createDispatcher({ prisma: db.prisma, registry, logger, clock: () => T0 });
    expect(await dispatcher.dispatchOnce()).toMatchObject({ dead: 1 });
    const row = await db.prisma.outboxMessage.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ status: 'DEAD', attempts: 1 });
  });

  it('aborts a delivery that exceeds the adapter timeout and retries it', async () => {
    let aborted = false;
    const { registry, received } = sink(
      'sink-slow',
      (_d, signal) =>
        new Promise((resolve) => {
          signal.addEventListener('abort', () => {
            aborted = true;
          });
          setTimeout(resolve, 2_000).unref();
        }),
      { timeoutMs: 150 },
    );
    const [id] = await insertRows('sink-slow', 1);
    const dispatcher = createDispatcher({ prisma: db.prisma, registry, logger, clock: () => T0 });
    expect(await dispatcher.dispatchOnce()).toMatchObject({ retried: 1 });
    expect(aborted).toBe(true);
    const row = await db.prisma.outboxMessage.findUniqueOrThrow({ where: { id } });
    expect(row.lastError).toMatch(/timed out after 150 ms/);
    expect(received).toHaveLength(0);
  });

  it('claims a row again when its lease expired (its dispatcher died), never one still leased', async () => {
    const { registry, received } = sink('sink-lease', ok);
    const [expired, live] = await insertRows('sink-lease', 2);
    await db.prisma.outboxMessage.update({
      where: { id: expired },
      data: {
        status: 'IN_FLIGHT',
        attempts: 1,
        lockedBy: 'dead-dispatcher',
        lockedUntil: new Date(T0.getTime() - 1),
      },
    });
    await db.prisma.outboxMessage.update({
      where: { id: live },
      data: {
        status: 'IN_FLIGHT',
        attempts: 1,
        lockedBy: 'busy-dispatcher',
        lockedUntil: new Date(T0.getTime() + 60_000),
      },
    });
    const dispatcher = createDispatcher({ prisma: db.prisma, registry, logger, clock: () => T0 });
    expect(await dispatcher.dispatchOnce()).toMatchObject({ claimed: 1, delivered: 1 });
    expect(dispatcher.metrics().reclaimed).toBe(1);
    const rows = await db.prisma.outboxMessage.findMany({
      where: { id: { in: [expired!, live!] } },
      orderBy: { id: 'asc' },
    });
    expect(rows.map((r) => [r.status, r.attempts])).toEqual([
      ['DELIVERED', 2],
      ['IN_FLIGHT', 1],
    ]);
    expect(received).toHaveLength(1);
  });

  it('a dispatcher that outlived its lease cannot overwrite the outcome of the one that re-claimed the row', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let calls = 0;
    const { registry } = sink(
      'sink-stale',
      async () => {
        calls++;
        if (calls === 1) {
          await gate;
          throw new Error('late failure');
        }
      },
      { timeoutMs: 100_000 },
    );
    const [id] = await insertRows('sink-stale', 1);
    const slow = createDispatcher({
      prisma: db.prisma,
      registry,
      logger,
      clock: () => T0,
      dispatcherId: 'slow',
    });
    const slowRun = slow.dispatchOnce();
    await waitFor(
      async () => (await db.prisma.outboxMessage.findUniqueOrThrow({ where: { id } })).lockedBy === 'slow',
    );
    const later = new Date(T0.getTime() + 10 * 60_000);
    const fast = createDispatcher({
      prisma: db.prisma,
      registry,
      logger,
      clock: () => later,
      dispatcherId: 'fast',
    });
    expect(await fast.dispatchOnce()).toMatchObject({ claimed: 1, delivered: 1 });
    release();
    expect(await slowRun).toMatchObject({ retried: 0, delivered: 0 });
    const row = await db.prisma.outboxMessage.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ status: 'DELIVERED', attempts: 2 });
  });

  it('two dispatchers running at once never deliver one row twice', async () => {
    const { registry, received } = sink(
      'sink-race',
      () => new Promise((resolve) => setTimeout(resolve, Math.random() * 5)),
      { concurrency: 8 },
    );
    await insertRows('sink-race', 50);
    const a = createDispatcher({ prisma: db.prisma, registry, logger, dispatcherId: 'a', clock: () => T0 });
    const b = createDispatcher({ prisma: db.prisma, registry, logger, dispatcherId: 'b', clock: () => T0 });
    for (let round = 0; round < 20; round++) {
      const [ra, rb] = await Promise.all([a.dispatchOnce(), b.dispatchOnce()]);
      if (ra.claimed + rb.claimed === 0) break;
    }
    expect(received).toHaveLength(50);
    expect(new Set(received).size).toBe(50);
    expect(a.metrics().delivered + b.metrics().delivered).toBe(50);
    const counts = await db.prisma.outboxMessage.groupBy({
      by: ['status'],
      where: { adapterId: 'sink-race' },
      _count: { _all: true },
    });
    expect(counts).toEqual([{ status: 'DELIVERED', _count: { _all: 50 } }]);
  });
});

describe('startDispatcher (polling)', () => {
  it('polls, delivers what becomes due, reports every status change, and stops cleanly', async () => {
    const { adapter, settings, received } = sink('sink-poll', ok, { concurrency: 2 });
    const seen: DeliveryUpdate[] = [];
    // As the platform runs it: the runtime's polling dispatcher, its updates going live.
    const runtime = createPlatformRuntime({
      prisma: db.prisma,
      logger,
      adapters: [adapter],
      adapterSettings: settings,
      dispatcher: { pollIntervalMs: 50 },
      live: { caseEvents: () => {}, deliveryUpdate: (update) => seen.push(update) },
    });
    await insertRows('sink-poll', 5, new Date());
    runtime.dispatcher.wake();
    await waitFor(async () => received.length === 5);
    await runtime.stop();
    expect(new Set(received).size).toBe(5);
    expect(runtime.metrics()).toMatchObject({ delivered: 5, inflight: 0 });
    expect(seen.filter((u) => u.status === 'DELIVERED')).toHaveLength(5);
    expect(
      await db.prisma.outboxMessage.count({ where: { adapterId: 'sink-poll', status: 'DELIVERED' } }),
    ).toBe(5);
  });
});

describe('dispatcher wake-ups', () => {
  it('never loses a wake-up that arrives while it is claiming (the next poll is a minute away)', async () => {
    const { registry, received } = sink('sink-wake', ok);
    // A client whose first claim, once it has read the table, waits until the test lets it answer.
    let claims = 0;
    let readTable!: () => void;
    const firstClaimRead = new Promise<void>((resolve) => {
      readTable = resolve;
    });
    let answer!: () => void;
    const answerFirstClaim = new Promise<void>((resolve) => {
      answer = resolve;
    });
    const prisma = new Proxy(db.prisma, {
      get(target, property) {
        const value = Reflect.get(target, property);
        if (property !== '$queryRaw') return typeof value === 'function' ? value.bind(target) : value;
        return async (...args: unknown[]) => {
          const rows = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
          if (claims++ === 0) {
            readTable();
            await answerFirstClaim;
          }
          return rows;
        };
      },
    });
    const dispatcher = startDispatcher({ prisma, registry, logger, pollIntervalMs: 60_000 });
    await firstClaimRead; // the first poll found nothing due and is still claiming
    await insertRows('sink-wake', 1, new Date(0));
    dispatcher.wake(); // as a commit does, while that claim is open
    answer();
    await waitFor(async () => received.length === 1, 3_000);
    await dispatcher.stop();
    expect(claims).toBeGreaterThanOrEqual(2);
  });

  it('refuses dispatchOnce on a polling dispatcher (it would claim beside its own loop)', async () => {
    const { registry } = sink('sink-once', ok);
    const dispatcher = startDispatcher({ prisma: db.prisma, registry, logger, pollIntervalMs: 60_000 });
    await expect(dispatcher.dispatchOnce()).rejects.toThrow(/createDispatcher/);
    await dispatcher.stop();
  });
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 5_000) {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
