import { createCaseEventTimeline, type Database, openDatabase, type PrismaClient } from '@mediation/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSharedDatabase, type SharedDatabase } from '../support/shared-database.js';

/**
 * The timeline's positions follow commit order, not id order, with real concurrent transactions.
 * PGlite runs one transaction at a time, so this needs PostgreSQL: on the embedded suite it still
 * creates a PostgreSQL database of its own (like the multi-instance tests).
 */
let shared: SharedDatabase;
let db: Database;
let prisma: PrismaClient;
let caseId: number;

beforeAll(async () => {
  shared = await createSharedDatabase('positions');
  db = await openDatabase({ databaseUrl: shared.url, migrate: false, poolSize: 12 });
  prisma = db.prisma;
  caseId = (await prisma.case.findFirstOrThrow({ select: { id: true }, orderBy: { id: 'asc' } })).id;
});

afterAll(async () => {
  await db?.close();
  await shared?.drop();
});

const insertEvent = (tx: Pick<PrismaClient, 'caseEvent'>) =>
  tx.caseEvent.create({ data: { caseId, type: 'UPDATED', actorLabel: 'test' }, select: { id: true } });

describe('case-event positions', () => {
  it('gives a later commit the later position even when its id is smaller, so "after P" misses nothing', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let inserted!: () => void;
    const firstInserted = new Promise<void>((resolve) => {
      inserted = resolve;
    });
    // The first transaction takes its id, then waits; the second takes a larger id and commits first.
    const slow = prisma.$transaction(async (tx) => {
      const event = await insertEvent(tx);
      inserted();
      await gate;
      return event;
    });
    await firstInserted;
    const fast = await prisma.$transaction((tx) => insertEvent(tx));
    const fastRow = await prisma.caseEvent.findUniqueOrThrow({ where: { id: fast.id } });
    expect(fastRow.position).not.toBeNull();
    release();
    const slowEvent = await slow;
    const slowRow = await prisma.caseEvent.findUniqueOrThrow({ where: { id: slowEvent.id } });

    expect(slowEvent.id).toBeLessThan(fast.id);
    expect(slowRow.position!).toBeGreaterThan(fastRow.position!);
    // A subscriber that last saw the fast event resumes and gets the slow one.
    const timeline = createCaseEventTimeline(prisma);
    const after = await timeline.read({ after: Number(fastRow.position), limit: 10 });
    expect(after.map((event) => event.eventId)).toEqual([slowEvent.id]);
  });

  it('never lets a position below one already seen appear later, under 12 concurrent writers', async () => {
    const base = Number((await prisma.caseEvent.aggregate({ _max: { position: true } }))._max.position ?? 0);
    let writing = true;
    const writer = async () => {
      for (let i = 0; i < 25; i++) {
        // a few statements per transaction, so commits interleave with other transactions' work
        await prisma.$transaction(async (tx) => {
          await insertEvent(tx);
          await tx.case.findUnique({ where: { id: caseId }, select: { id: true } });
          await insertEvent(tx);
        });
      }
    };
    const violations: string[] = [];
    const reader = async () => {
      const seen = new Set<number>();
      let highest = base;
      while (writing) {
        const rows = await prisma.caseEvent.findMany({
          where: { position: { gt: base } },
          select: { position: true },
          orderBy: { position: 'asc' },
        });
        for (const { position } of rows) {
          const p = Number(position);
          if (!seen.has(p) && p <= highest) violations.push(`${p} appeared after ${highest} was seen`);
          seen.add(p);
        }
        highest = Math.max(highest, ...[...seen]);
      }
      return seen.size;
    };
    const reading = reader();
    await Promise.all(Array.from({ length: 12 }, writer));
    writing = false;
    await reading;
    expect(violations).toEqual([]);
    const positions = await prisma.caseEvent.findMany({
      where: { position: { gt: base } },
      select: { position: true },
    });
    expect(positions).toHaveLength(12 * 25 * 2);
    expect(new Set(positions.map((row) => row.position)).size).toBe(positions.length);
  });
});
