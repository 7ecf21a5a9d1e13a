import { createApiKey, type Database, systemActor } from '@mediation/core';
import {
  AcceptCaseMutation,
  CaseBoardQuery,
  CaseFeedSubscription,
  CaseWithTimelineQuery,
  CloseCaseMutation,
  type Credentials,
  createClient,
  isFailure,
  type MediationClient,
  MyCasesQuery,
  RateLimitedError,
  RegionTreeQuery,
  ReportCaseMutation,
  ResultError,
  UnauthenticatedError,
  unwrap,
  ViewerQuery,
  WeeklyReportQuery,
} from '@mediation/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type RunningServer, startServer } from '../support/sdk-server.js';
import { openTestDatabase } from '../support/test-database.js';

let db: Database;
let server: RunningServer;
let adminToken: string;
let gridId: string;
const clients: MediationClient[] = [];

const globalId = (type: string, id: number) => Buffer.from(`${type}:${id}`).toString('base64');

function client(
  auth: () => Credentials | Promise<Credentials> = () => ({ token: adminToken }),
  options: Partial<Parameters<typeof createClient>[0]> = {},
): MediationClient {
  const created = createClient({ url: server.url, auth, webSocketImpl: WebSocket, ...options });
  clients.push(created);
  return created;
}

beforeAll(async () => {
  db = await openTestDatabase();
  server = await startServer(db);
  adminToken = await server.tokenFor('admin');

  const grid = await db.prisma.grid.findFirstOrThrow({ orderBy: { id: 'asc' }, select: { id: true } });
  gridId = globalId('Grid', grid.id);
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.dispose()));
  await server?.stop();
  await db?.close();
});

const newCase = (title = '楼上漏水邻里纠纷') => ({
  title,
  facts: '楼上住户卫生间漏水，导致楼下天花板受损，双方就维修费用协商未果。',
  category: 'NEIGHBORHOOD' as const,
  source: 'WALK_IN' as const,
  gridId,
  parties: [{ role: 'APPLICANT' as const, name: '王建国', phone: '13800138000' }],
});

describe('queries and mutations over HTTP', () => {
  it('answers typed data: the viewer, the board, a case with its timeline, a report, the region tree', async () => {
    const sdk = client();
    const { viewer } = await sdk.request(ViewerQuery);
    expect(viewer).toMatchObject({ kind: 'STAFF', username: 'admin', role: 'ADMIN', scopes: [] });

    const { cases } = await sdk.request(CaseBoardQuery, { first: 5, filter: { minRisk: 'HIGH' } });
    expect(cases.nodes).toHaveLength(5);
    const dbHigh = await db.prisma.case.count({ where: { riskLevel: { in: ['HIGH', 'CRITICAL'] } } });
    expect(cases.totalCount).toBe(dbHigh);
    const first = cases.nodes[0]!;
    expect(['HIGH', 'CRITICAL']).toContain(first.riskLevel);
    // DateTime travels as an ISO string
    expect(new Date(first.reportedAt).toISOString()).toBe(first.reportedAt);

    const detail = await sdk.request(CaseWithTimelineQuery, { id: first.id });
    expect(detail.node && 'number' in detail.node && detail.node.number).toBe(first.number);
    const events = detail.node && 'events' in detail.node ? detail.node.events : undefined;
    expect(events?.totalCount).toBeGreaterThan(0);

    const city = await db.prisma.region.findFirstOrThrow({ where: { level: 'CITY' } });
    const tree = await sdk.request(RegionTreeQuery, { code: city.code });
    expect(tree.region?.name).toBe(city.name);
    expect(tree.region?.children.length).toBeGreaterThan(0);

    const report = await sdk.request(WeeklyReportQuery, {
      regionId: globalId('Region', city.id),
      weekStart: '2026-11-16',
    });
    expect(report.weeklyReport.region.name).toBe(city.name);
    expect(report.weeklyReport.newByCategory.reduce((sum, c) => sum + c.count, 0)).toBe(
      report.weeklyReport.newCases,
    );
  });

  it('narrows command results: success, a stale version and an illegal transition are typed branches', async () => {
    const sdk = client();
    const reported = unwrap((await sdk.request(ReportCaseMutation, { input: newCase() })).reportCase);
    expect(reported.__typename).toBe('ReportCaseSuccess');
    const { id, version } = reported.case;
    expect(reported.case.status).toBe('REPORTED');

    const stale = (await sdk.request(AcceptCaseMutation, { id, input: { version: version + 5 } })).acceptCase;
    expect(isFailure(stale)).toBe(true);
    if (!isFailure(stale) || stale.__typename !== 'StaleVersionError')
      throw new Error('expected a stale version');
    expect(stale).toMatchObject({ expectedVersion: version + 5, actualVersion: version });

    const illegal = (await sdk.request(CloseCaseMutation, { id, input: { version, note: '结案' } }))
      .closeCase;
    expect(illegal.__typename).toBe('IllegalTransitionError');
    expect(() => unwrap(illegal)).toThrow(ResultError);

    const accepted = unwrap((await sdk.request(AcceptCaseMutation, { id, input: { version } })).acceptCase);
    expect(accepted.case.status).toBe('ACCEPTED');
    expect(accepted.case.version).toBeGreaterThan(version);

    const invalid = (
      await sdk.request(ReportCaseMutation, {
        input: { ...newCase(), parties: [{ role: 'APPLICANT', name: '李', phone: '123' }] },
      })
    ).reportCase;
    if (invalid.__typename !== 'ValidationError')
      throw new Error(`expected a validation error, got ${invalid.__typename}`);
    expect(invalid.issues.map((issue) => issue.path)).toContain('parties.0.phone');
  });

  it('walks a whole connection with paginate', async () => {
    const sdk = client();
    const ids = new Set<string>();
    for await (const node of sdk.paginate(
      CaseBoardQuery,
      { first: 100, filter: { categories: ['NEIGHBORHOOD'] } },
      (data) => data.cases,
    )) {
      ids.add(node.id);
    }
    expect(ids.size).toBe(await db.prisma.case.count({ where: { category: 'NEIGHBORHOOD' } }));
    expect(ids.size).toBeGreaterThan(100);
  });

  it('answers the viewer of a mediator (own cases) and of an API key (scopes, region)', async () => {
    const mediatorUser = await db.prisma.user.findFirstOrThrow({
      where: { role: 'MEDIATOR', mediator: { leadCases: { some: {} } } },
      select: { username: true, mediatorId: true, displayName: true },
    });
    const token = await server.tokenFor(mediatorUser.username);
    const mine = await client(() => ({ token })).request(MyCasesQuery, { first: 100 });
    expect(mine.viewer.mediator?.id).toBe(globalId('Mediator', mediatorUser.mediatorId!));
    const ownCount = await db.prisma.case.count({
      where: {
        OR: [
          { leadMediatorId: mediatorUser.mediatorId! },
          { coMediators: { some: { mediatorId: mediatorUser.mediatorId! } } },
        ],
      },
    });
    expect(mine.viewer.mediator?.cases.totalCount).toBe(ownCount);

    const gridWorker = await db.prisma.user.findFirstOrThrow({
      where: { role: 'GRID_WORKER', gridMemberships: { some: {} } },
      select: { username: true, gridMemberships: { select: { gridId: true } } },
    });
    const workerToken = await server.tokenFor(gridWorker.username);
    const worker = (await client(() => ({ token: workerToken })).request(ViewerQuery)).viewer;
    expect(worker.role).toBe('GRID_WORKER');
    expect(worker.grids.map((g) => g.id).sort()).toEqual(
      gridWorker.gridMemberships.map((m) => globalId('Grid', m.gridId)).sort(),
    );

    const town = await db.prisma.region.findFirstOrThrow({ where: { level: 'TOWN' } });
    const { key } = await createApiKey(db.prisma, systemActor('test-setup'), {
      name: '综治平台',
      scopes: ['cases:read', 'reports:read'],
      regionId: town.id,
    });
    const { viewer } = await client(() => ({ apiKey: key })).request(ViewerQuery);
    expect(viewer).toMatchObject({
      kind: 'INTEGRATION',
      name: '综治平台',
      role: null,
      username: null,
      scopes: ['CASES_READ', 'REPORTS_READ'],
      region: { code: town.code },
      mediator: null,
    });
  });
});

describe('credentials and refusals', () => {
  it('throws UnauthenticatedError on a 401 and retries once when auth then returns other credentials', async () => {
    let calls = 0;
    const refused = client(() => {
      calls += 1;
      return { token: 'not-a-token' };
    });
    const error = await refused.request(ViewerQuery).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnauthenticatedError);
    expect((error as UnauthenticatedError).status).toBe(401);
    expect((error as UnauthenticatedError).code).toBe('UNAUTHENTICATED');
    expect(calls).toBe(2); // the request, then the check whether the credentials changed

    // a token refreshed between the refusal and the check: the request is retried with it
    let refreshed = false;
    const refreshing = client(() => {
      const token = refreshed ? adminToken : 'expired-token';
      refreshed = true;
      return { token };
    });
    expect((await refreshing.request(ViewerQuery)).viewer.username).toBe('admin');
  });

  it('stops a graphql-ws subscription on close 4403 unless the credentials changed', async () => {
    let calls = 0;
    const refused = client(
      () => {
        calls += 1;
        return { token: 'not-a-token' };
      },
      { transport: 'ws', reconnect: { initialDelayMs: 10 } },
    );
    const subscription = refused.subscribe(CaseFeedSubscription, {});
    const error = await subscription.next().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnauthenticatedError);
    expect((error as UnauthenticatedError).closeCode).toBe(4403);
    expect(calls).toBe(2); // one connection, one check: no retry loop

    // credentials that change after the refusal: it reconnects with them and goes live
    let attempt = 0;
    const recovering = client(() => ({ token: attempt++ === 0 ? 'stale' : adminToken }), {
      transport: 'ws',
      reconnect: { initialDelayMs: 10 },
    });
    const live = recovering.subscribe(CaseFeedSubscription, {});
    const next = live.next();
    await waitUntil(() => server.app.activeSubscriptions() > 0);
    const reported = unwrap(
      (await client().request(ReportCaseMutation, { input: newCase('网络直播退款纠纷') })).reportCase,
    );
    const { value } = await next;
    expect(value?.caseFeed.case.id).toBe(reported.case.id);
    await live.close();
  });

  it('throws RateLimitedError with Retry-After in seconds on a 429', async () => {
    const limited = await startServer(db, { rateLimitPoints: 2, rateLimitSeconds: 60 });
    try {
      const token = await limited.tokenFor('admin');
      const sdk = createClient({ url: limited.url, auth: () => ({ token }) });
      clients.push(sdk);
      await sdk.request(ViewerQuery);
      await sdk.request(ViewerQuery);
      const error = await sdk.request(ViewerQuery).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RateLimitedError);
      expect((error as RateLimitedError).status).toBe(429);
      expect((error as RateLimitedError).retryAfter).toBeGreaterThan(0);
      expect((error as RateLimitedError).retryAfter).toBeLessThanOrEqual(60);
      expect((error as RateLimitedError).retryable).toBe(true);
    } finally {
      await limited.stop();
    }
  });
});

describe('live updates', () => {
  for (const transport of ['ws', 'sse'] as const) {
    it(`delivers caseFeed events over ${transport} as typed results, and ends on close`, async () => {
      const sdk = client(undefined, { transport });
      const before = server.app.activeSubscriptions();
      const feed = sdk.subscribe(CaseFeedSubscription, { filter: { statuses: ['REPORTED'] } });
      const received = (async () => {
        const events = [];
        for await (const event of feed) {
          events.push(event.caseFeed);
          if (events.length === 2) break;
        }
        return events;
      })();
      await waitUntil(() => server.app.activeSubscriptions() > before);
      const writer = client();
      const a = unwrap(
        (await writer.request(ReportCaseMutation, { input: newCase(`${transport} 一`) })).reportCase,
      );
      const b = unwrap(
        (await writer.request(ReportCaseMutation, { input: newCase(`${transport} 二`) })).reportCase,
      );
      const events = await received;
      expect(events.map((e) => e.case.id)).toEqual([a.case.id, b.case.id]);
      expect(events.map((e) => e.type)).toEqual(['REPORTED', 'REPORTED']);
      expect(events[0]!.case.title).toBe(`${transport} 一`);
      // breaking out of the loop ended the subscription on the server
      await waitUntil(() => server.app.activeSubscriptions() === before);
    });
  }

  it('falls back to SSE when no WebSocket is available', async () => {
    const sdk = createClient({ url: server.url, auth: () => ({ token: adminToken }) });
    clients.push(sdk);
    const before = server.app.activeSubscriptions();
    const feed = sdk.subscribe(CaseFeedSubscription, {});
    const next = feed.next();
    await waitUntil(() => server.app.activeSubscriptions() > before);
    const reported = unwrap(
      (await client().request(ReportCaseMutation, { input: newCase('SSE 回退') })).reportCase,
    );
    expect((await next).value?.caseFeed.case.id).toBe(reported.case.id);
    await feed.close();
    await waitUntil(() => server.app.activeSubscriptions() === before);
  });

  it('reconnects after a server restart, calling auth again for the new connection', async () => {
    const first = await startServer(db);
    const port = Number(new URL(first.url).port);
    let authCalls = 0;
    const sdk = createClient({
      url: first.url,
      webSocketImpl: WebSocket,
      transport: 'ws',
      reconnect: { initialDelayMs: 20, maxDelayMs: 200 },
      auth: () => {
        authCalls += 1;
        return { token: adminToken };
      },
    });
    clients.push(sdk);
    const feed = sdk.subscribe(CaseFeedSubscription, {});
    const next = feed.next();
    await waitUntil(() => first.app.activeSubscriptions() === 1);
    const callsBefore = authCalls;
    await first.stop(); // closes the sockets with 1001 Going Away
    const second = await startServer(db, {}, port);
    try {
      await waitUntil(() => second.app.activeSubscriptions() === 1);
      expect(feed.reconnects).toBeGreaterThan(0);
      expect(authCalls).toBeGreaterThan(callsBefore);
      // an event committed through the restarted server reaches the resubscribed client
      const onSecond = await createClient({ url: second.url, auth: () => ({ token: adminToken }) }).request(
        ReportCaseMutation,
        { input: newCase('重启后登记') },
      );
      const created = unwrap(onSecond.reportCase);
      expect((await next).value?.caseFeed.case.id).toBe(created.case.id);
    } finally {
      await feed.close();
      await second.stop();
    }
  });
});

async function waitUntil(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for a condition');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
