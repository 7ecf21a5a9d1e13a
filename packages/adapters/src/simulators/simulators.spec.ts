import { createLogger, type Database } from '@mediation/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../tests/support/test-database.js';
import { builtInAdapters } from '../adapters.js';
import { startLocalPlatform } from './local-platform.js';
import { startSimulatorServer } from './simulator-server.js';
import { startSimulators } from './start-simulators.js';

const post = (url: string, key: string, signal?: AbortSignal) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': key },
    body: '{}',
    signal,
  });

const echo = () =>
  startSimulatorServer([
    {
      method: 'POST',
      path: '/in',
      handle: ({ headers }) => ({ kind: 'accept', key: headers['idempotency-key']! }),
    },
  ]);

describe('simulator knobs', () => {
  it('fails about the share of calls it is told to, with 500 or 503, and records only the others', async () => {
    let seed = 42;
    // A small linear congruential generator: the same fault pattern on every run.
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const sim = await startSimulatorServer(
      [
        {
          method: 'POST',
          path: '/in',
          handle: ({ headers }) => ({ kind: 'accept', key: headers['idempotency-key']! }),
        },
      ],
      { knobs: { failRate: 0.3 }, random },
    );
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 300; i++) statuses.push((await post(`${sim.url}/in`, `k${i}`)).status);
      const failed = statuses.filter((s) => s !== 200);
      expect(new Set(failed)).toEqual(new Set([500, 503]));
      expect(failed.length / statuses.length).toBeGreaterThan(0.2);
      expect(failed.length / statuses.length).toBeLessThan(0.4);
      expect(sim.received).toHaveLength(statuses.length - failed.length);
    } finally {
      await sim.stop();
    }
  });

  it('answers late when slow, never when timing out, and stops with calls still open', async () => {
    const sim = await echo();
    try {
      sim.knobs.delayMs = 150;
      const started = Date.now();
      expect((await post(`${sim.url}/in`, 'slow')).status).toBe(200);
      expect(Date.now() - started).toBeGreaterThanOrEqual(140);

      sim.knobs.delayMs = 0;
      sim.knobs.timeoutRate = 1;
      await expect(post(`${sim.url}/in`, 'hang', AbortSignal.timeout(300))).rejects.toThrow();
      void post(`${sim.url}/in`, 'still-open').catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      await sim.stop();
    }
    expect(sim.calls.map((c) => c.outcome)).toEqual(['recorded', 'timed-out', 'timed-out']);
    expect(sim.received.map((m) => m.key)).toEqual(['slow', 'hang', 'still-open']);
  });

  it('answers a repeated key as a duplicate and keeps one message', async () => {
    const sim = await echo();
    try {
      for (let i = 0; i < 3; i++) await post(`${sim.url}/in`, 'same');
      expect(sim.received).toHaveLength(1);
      expect(sim.calls.map((c) => c.outcome)).toEqual(['recorded', 'duplicate', 'duplicate']);
    } finally {
      await sim.stop();
    }
  });
});

describe('startSimulators', () => {
  let db: Database;
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(async () => {
    await db?.close();
  });

  it('gives adapter settings the built-in adapters accept, and its referrals reach the platform', async () => {
    const sims = await startSimulators();
    try {
      const platform = await startLocalPlatform({
        prisma: db.prisma,
        adapters: builtInAdapters,
        adapterSettings: sims.adapterSettings(),
        logger: createLogger({ level: 'silent' }),
      });
      try {
        expect(platform.registry.enabled().map((a) => a.id)).toEqual(['petition', 'police', 'court', 'sms']);
        sims.connect(platform.url);
        for (const system of [sims.petition, sims.police, sims.court] as const) {
          const [answer] = await system.sendReferral();
          expect(answer, system.adapterId).toMatchObject({ status: 200, body: { duplicate: false } });
          const number = (answer!.body as { caseNumber: string }).caseNumber;
          const kase = await db.prisma.case.findUniqueOrThrow({ where: { number } });
          expect(kase.externalSystem).toBe(system.adapterId);
        }
      } finally {
        await platform.stop();
      }
    } finally {
      await sims.stop();
    }
  });
});
