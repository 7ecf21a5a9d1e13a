import { type CaseEventTimeline, createLogger, type TimelineEvent } from '@mediation/core';
import { describe, expect, it } from 'vitest';
import { createCaseEventStream } from './case-event-stream.js';
import type { CaseEventMessage } from './pubsub.js';

/** An in-memory timeline: committed events by position, readable unless told to fail. */
function memoryTimeline() {
  const events: TimelineEvent[] = [];
  let failing = false;
  let reads = 0;
  const timeline: CaseEventTimeline = {
    async positionsOf(ids) {
      return new Map(events.filter((e) => ids.includes(e.eventId)).map((e) => [e.eventId, e.position]));
    },
    async latestPosition() {
      return events.at(-1)?.position ?? 0;
    },
    async read({ after, limit }) {
      reads += 1;
      if (failing) throw new Error('database unreachable');
      return events.filter((e) => e.position > after).slice(0, limit);
    },
    async at() {
      return null;
    },
  };
  const commit = (position: number): CaseEventMessage => {
    const event: TimelineEvent = {
      eventId: 1000 + position,
      position,
      type: 'UPDATED',
      fromStatus: null,
      toStatus: null,
      createdAt: new Date('2026-11-23T02:00:00Z'),
      case: {
        id: 1,
        number: `330106-2026-${String(position).padStart(6, '0')}`,
        status: 'REPORTED',
        riskLevel: 'LOW',
        previousRiskLevel: 'LOW',
        regionId: 1,
        regionPath: '/1/',
        gridId: null,
        leadMediatorId: null,
        coMediatorIds: [],
        reportedById: null,
        version: 1,
      },
    };
    events.push(event);
    return { ...event, createdAt: event.createdAt.toISOString() };
  };
  return {
    timeline,
    commit,
    fail: (value: boolean) => {
      failing = value;
    },
    reads: () => reads,
  };
}

const logger = createLogger({ level: 'silent' });

async function take(iterator: AsyncIterator<CaseEventMessage>, count: number): Promise<number[]> {
  const positions: number[] = [];
  for (let i = 0; i < count; i++)
    positions.push(((await iterator.next()).value as CaseEventMessage).position);
  return positions;
}

describe('the case-event stream', () => {
  it('delivers by position: reorders, drops duplicates, and reads a hole from the timeline', async () => {
    const memory = memoryTimeline();
    memory.commit(1);
    const stream = createCaseEventStream({
      timeline: memory.timeline,
      logger,
      maxQueuedEvents: 100,
      gapGraceMs: 20,
    });
    const subscription = stream.subscribe(() => true);
    const first = subscription.next();
    await expect.poll(() => stream.size()).toBe(1);
    const [m2, m3, m4, m5] = [2, 3, 4, 5].map(memory.commit) as CaseEventMessage[];
    // 3 arrives before 2; 2 twice (Redis echoes our own); 4 never arrives (lost), only 5 does
    stream.accept(m3!);
    stream.accept(m2!);
    stream.accept(m2!);
    stream.accept(m5!);
    expect(m4).toBeDefined();
    expect([((await first).value as CaseEventMessage).position, ...(await take(subscription, 3))]).toEqual([
      2, 3, 4, 5,
    ]);
    stream.accept(m5!);
    stream.accept(memory.commit(6));
    expect(await take(subscription, 1)).toEqual([6]);
    await subscription.return();
    expect(stream.size()).toBe(0);
  });

  it('replays after a resume point, then goes live with nothing missed or repeated at the switch', async () => {
    const memory = memoryTimeline();
    for (let p = 1; p <= 5; p++) memory.commit(p);
    const stream = createCaseEventStream({
      timeline: memory.timeline,
      logger,
      maxQueuedEvents: 100,
      gapGraceMs: 20,
    });
    const subscription = stream.subscribe((message) => message.position % 2 === 0 || message.position > 5, {
      after: 1,
    });
    const first = subscription.next();
    // committed and heard while the replay may still be running: held, then delivered once
    const live = [6, 7].map(memory.commit);
    for (const message of live) stream.accept(message);
    const positions = [((await first).value as CaseEventMessage).position, ...(await take(subscription, 3))];
    expect(positions).toEqual([2, 4, 6, 7]);
    stream.accept(memory.commit(8));
    expect(await take(subscription, 1)).toEqual([8]);
    await subscription.return();
  });

  it('ends subscribers with SUBSCRIPTION_GAP when a hole cannot be read back in time', async () => {
    const memory = memoryTimeline();
    const stream = createCaseEventStream({
      timeline: memory.timeline,
      logger,
      maxQueuedEvents: 100,
      gapGraceMs: 10,
      gapTimeoutMs: 0,
    });
    const subscription = stream.subscribe(() => true);
    const next = subscription.next();
    await expect.poll(() => stream.size()).toBe(1);
    memory.commit(1);
    const m2 = memory.commit(2);
    memory.fail(true);
    stream.accept(m2);
    await expect(next).rejects.toMatchObject({ extensions: { code: 'SUBSCRIPTION_GAP' } });
    expect(memory.reads()).toBeGreaterThan(0);
    expect(stream.size()).toBe(0);
  });
});
