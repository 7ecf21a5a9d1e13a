import { randomBytes } from 'node:crypto';
import { type Database, openDatabase } from '@mediation/core';
import {
  createClient,
  graphql,
  type MediationClient,
  ReportCaseMutation,
  ResumePointExpiredError,
  toMediationError,
  unwrap,
} from '@mediation/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type RunningServer, startServer } from '../support/sdk-server.js';
import { createSharedDatabase } from '../support/shared-database.js';
import { openTestDatabase } from '../support/test-database.js';

/**
 * Resumable subscriptions, written against the resume contract: `caseFeed(filter, after: String)`,
 * every CaseEvent has `cursor: String!`, resubscribing with `after: <last cursor>` replays what was
 * committed since (in order, no duplicates), then goes live; a resume point too old is
 * RESUME_POINT_EXPIRED.
 */

// An app document that resumes: it declares `$after` and selects `cursor` on the root field.
const ResumableFeed = graphql(`
  subscription ResumableFeed($filter: CaseFeedFilter, $after: String) {
    caseFeed(filter: $filter, after: $after) { cursor type case { id title } }
  }
`);
type FeedEvent = { caseFeed: { cursor: string; type: string; case: { id: string; title: string } } };

const globalId = (type: string, id: number) => Buffer.from(`${type}:${id}`).toString('base64');
let db: Database;
let server: RunningServer;
let token: string;
let gridId: string;
const clients: MediationClient[] = [];

beforeAll(async () => {
  db = await openTestDatabase();
  server = await startServer(db);
  token = await server.tokenFor('admin');
  const grid = await db.prisma.grid.findFirstOrThrow({ orderBy: { id: 'asc' }, select: { id: true } });
  gridId = globalId('Grid', grid.id);
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.dispose()));
  await server?.stop();
  await db?.close();
});

function client(url = server.url) {
  const created = createClient({
    url,
    auth: () => ({ token }),
    webSocketImpl: WebSocket,
    transport: 'ws',
    reconnect: { initialDelayMs: 20, maxDelayMs: 200 },
  });
  clients.push(created);
  return created;
}

async function report(title: string, url = server.url): Promise<string> {
  const result = await client(url).request(ReportCaseMutation, {
    input: {
      title,
      facts: '租客退租后房东拒不退还押金，双方协商未果，请求调解。',
      category: 'HOUSING_LEASE',
      source: 'ONLINE',
      gridId,
      parties: [{ role: 'APPLICANT', name: '孙女士' }],
    },
  });
  return unwrap(result.reportCase).case.id;
}

/** Reads `count` events from a subscription. */
async function take(iterator: AsyncIterator<unknown>, count: number): Promise<FeedEvent['caseFeed'][]> {
  const events: FeedEvent['caseFeed'][] = [];
  while (events.length < count) {
    const { value, done } = await iterator.next();
    if (done) throw new Error(`ended after ${events.length} of ${count} events`);
    events.push((value as FeedEvent).caseFeed);
  }
  return events;
}

async function waitUntil(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for a condition');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('resuming a subscription', () => {
  it('surfaces RESUME_POINT_EXPIRED as a ResumePointExpiredError telling the app to refetch', () => {
    const error = toMediationError([
      { message: 'resume point too old', extensions: { code: 'RESUME_POINT_EXPIRED' } },
    ]);
    expect(error).toBeInstanceOf(ResumePointExpiredError);
    expect(error.retryable).toBe(false);
  });

  it(`gets exactly the 20 events committed while it was away, in order, then live ones`, async () => {
    const sdk = client();
    const first = sdk.subscribe(ResumableFeed, { filter: { statuses: ['REPORTED'] } });
    const firstEvent = first.next();
    await waitUntil(() => server.app.activeSubscriptions() === 1);
    await report('离线前');
    await firstEvent;
    const resumeFrom = first.cursor;
    expect(resumeFrom).toEqual(expect.any(String));
    await first.close();
    await waitUntil(() => server.app.activeSubscriptions() === 0);

    const missed: string[] = [];
    for (let i = 1; i <= 20; i++) missed.push(await report(`离线期间 ${i}`));

    const resumed = sdk.subscribe(
      ResumableFeed,
      { filter: { statuses: ['REPORTED'] } },
      { after: resumeFrom },
    );
    const replayed = await take(resumed, 20);
    expect(replayed.map((e) => e.case.id)).toEqual(missed);
    const live = await report('恢复之后');
    const [next] = await take(resumed, 1);
    expect(next!.case.id).toBe(live);
    await resumed.close();
  });

  it(`resumes by itself from the last cursor after a server restart: nothing missed, nothing twice`, async () => {
    const first = await startServer(db);
    const port = Number(new URL(first.url).port);
    const sdk = client(first.url);
    const feed = sdk.subscribe(ResumableFeed, { filter: { statuses: ['REPORTED'] } });
    const before = feed.next();
    await waitUntil(() => first.app.activeSubscriptions() === 1);
    await report('重启前', first.url);
    await before;
    await first.stop();
    // committed while the subscriber's server is down (through another instance on the same database)
    const missed = [await report('重启期间 一'), await report('重启期间 二'), await report('重启期间 三')];
    const second = await startServer(db, {}, port);
    try {
      const replayed = await take(feed, 3);
      expect(replayed.map((e) => e.case.id)).toEqual(missed);
      expect(feed.reconnects).toBeGreaterThan(0);
      const live = await report('重启之后', second.url);
      const [next] = await take(feed, 1);
      expect(next!.case.id).toBe(live);
    } finally {
      await feed.close();
      await second.stop();
    }
  });

  it(`resumes across two instances sharing PostgreSQL and Redis: replay from the timeline, then live through Redis`, async () => {
    const shared = await createSharedDatabase('sdk_resume');
    const channelPrefix = `mediation-sdk-resume-${randomBytes(4).toString('hex')}:`;
    const settings = { redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' };
    const dbs = await Promise.all([0, 1].map(() => openDatabase({ databaseUrl: shared.url, poolSize: 2 })));
    const [a, b] = await Promise.all(
      dbs.map((database) => startServer(database, settings, 0, { channelPrefix })),
    );
    try {
      const sdk = client(a!.url);
      const first = sdk.subscribe(ResumableFeed, { filter: { statuses: ['REPORTED'] } });
      const firstEvent = first.next();
      await waitUntil(() => a!.app.activeSubscriptions() === 1);
      await report('实例甲登记', b!.url);
      await firstEvent;
      const resumeFrom = first.cursor;
      await first.close();
      const missed: string[] = [];
      for (let i = 1; i <= 20; i++) missed.push(await report(`实例乙登记 ${i}`, b!.url));
      const resumed = sdk.subscribe(
        ResumableFeed,
        { filter: { statuses: ['REPORTED'] } },
        { after: resumeFrom },
      );
      expect((await take(resumed, 20)).map((e) => e.case.id)).toEqual(missed);
      const live = await report('实例乙实时', b!.url);
      expect((await take(resumed, 1))[0]!.case.id).toBe(live);
      await resumed.close();
    } finally {
      await Promise.all([a?.stop(), b?.stop()]);
      await Promise.all(dbs.map((database) => database.close()));
      await shared.drop();
    }
  });
});
