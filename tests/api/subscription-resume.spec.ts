import { createCaseWorkflow, type PrismaClient, type ReportCaseInput, systemActor } from '@mediation/core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  connectWs,
  eventually,
  type LiveSubscription,
  subscribeSse as sse,
  useSubscriptionCredentials,
  subscribeWs as ws,
} from '../support/subscription-clients.js';
import { testNow } from '../support/template.js';
import { createTestApi, type TestApi } from '../support/test-api.js';

/**
 * Resumable subscriptions on one instance: `after` replays what was committed since a cursor from
 * the commit-ordered timeline, then goes live with nothing missed or repeated; stale and made-up
 * cursors are typed errors; revoked credentials end their subscriptions at once.
 */
const globalId = (type: string, id: number) => Buffer.from(`${type}:${id}`).toString('base64');

const feed = `subscription($filter: CaseFeedFilter, $after: String) {
  caseFeed(filter: $filter, after: $after) { id cursor type case { number } } }`;
const caseEvents = `subscription($caseId: ID!, $after: String) {
  caseEvents(caseId: $caseId, after: $after) { cursor type toStatus } }`;

let api: TestApi;
let url: string;
let prisma: PrismaClient;
let town: { id: number; path: string; gridId: number };
let workflow: ReturnType<typeof createCaseWorkflow>;

beforeAll(async () => {
  api = await createTestApi();
  prisma = api.db.prisma;
  url = await api.app.start(0, '127.0.0.1');
  useSubscriptionCredentials({ authorization: `Bearer ${await api.tokenFor('admin')}` });
  const grid = await prisma.grid.findFirstOrThrow({
    where: { region: { level: 'VILLAGE' } },
    select: { id: true, region: { select: { parent: { select: { id: true, path: true } } } } },
    orderBy: { id: 'asc' },
  });
  town = { id: grid.region.parent!.id, path: grid.region.parent!.path, gridId: grid.id };
  workflow = createCaseWorkflow({
    prisma,
    clock: () => testNow,
    onCommitted: (notices) => api.runtime.committed(notices),
  });
});

const open = new Set<LiveSubscription>();
const subscribeWs: typeof ws = (...args) => track(ws(...args));
const subscribeSse: typeof sse = (...args) => track(sse(...args));
function track<S extends LiveSubscription>(subscription: S): S {
  open.add(subscription);
  return subscription;
}
afterEach(async () => {
  await Promise.all([...open].map((subscription) => subscription.close()));
  open.clear();
  await eventually(() => api.app.activeSubscriptions(), 0);
});

afterAll(async () => {
  await api?.app.stop();
  await api?.close();
});

function input(title = '楼上漏水邻里纠纷'): ReportCaseInput {
  return {
    title,
    facts: '楼上住户卫生间漏水，导致楼下天花板受损，双方就维修费用协商未果。',
    category: 'NEIGHBORHOOD',
    source: 'WALK_IN',
    gridId: town.gridId,
    parties: [{ role: 'APPLICANT', name: '王建国' }],
  };
}

async function report(): Promise<{ id: number; number: string }> {
  const { case: kase } = await workflow.report(systemActor('test'), input());
  return { id: kase.id, number: kase.number };
}

const townFilter = () => ({ filter: { regionId: globalId('Region', town.id) } });
const numbers = (results: { data?: any }[]) => results.map((result) => result.data.caseFeed.case.number);

/** The town's REPORTED events committed after `position`, in commit order (what a resume must give). */
async function committedSince(position: bigint): Promise<string[]> {
  const events = await prisma.caseEvent.findMany({
    where: {
      position: { gt: position },
      type: 'REPORTED',
      case: { region: { path: { startsWith: town.path } } },
    },
    orderBy: { position: 'asc' },
    select: { case: { select: { number: true } } },
  });
  return events.map((event) => event.case.number);
}

async function positionOf(eventGlobalId: string): Promise<bigint> {
  const id = Number(Buffer.from(eventGlobalId, 'base64').toString().split(':')[1]);
  const { position } = await prisma.caseEvent.findUniqueOrThrow({
    where: { id },
    select: { position: true },
  });
  return position!;
}

describe('resuming a subscription from a cursor', () => {
  it('replays exactly the 20 events committed while the subscriber was away, in order, then goes live', async () => {
    const before = subscribeWs(url, feed, townFilter());
    await eventually(() => api.app.activeSubscriptions(), 1);
    const seen = await report();
    const [last] = await before.waitFor(1);
    expect(last!.data.caseFeed.case.number).toBe(seen.number);
    const cursor = last!.data.caseFeed.cursor as string;
    await before.close();
    await eventually(() => api.app.activeSubscriptions(), 0);

    const missed: string[] = [];
    for (let i = 0; i < 20; i++) missed.push((await report()).number);

    // over graphql-ws and SSE alike
    for (const subscribe of [subscribeWs, subscribeSse]) {
      const resumed = subscribe(url, feed, { ...townFilter(), after: cursor });
      const replayed = await resumed.waitFor(missed.length, 15_000);
      expect(replayed.every((result) => result.errors === undefined)).toBe(true);
      expect(numbers(replayed)).toEqual(missed);
      const cursors = replayed.map((result) => result.data.caseFeed.cursor);
      expect(new Set([...cursors, cursor]).size).toBe(missed.length + 1);
      // then live: the next commit arrives right after the replayed ones, nothing in between
      const next = await report();
      await resumed.waitFor(missed.length + 1, 5_000);
      expect(numbers(resumed.results)).toEqual([...missed, next.number]);
      missed.push(next.number);
      await resumed.close();
      await eventually(() => api.app.activeSubscriptions(), 0);
    }
  });

  it("resumes one case's events from a cursor read with a query", async () => {
    const kase = await report();
    const read = await api.graphql(
      `query($id: ID!) { node(id: $id) { ... on Case { version events(first: 5) { edges { node { type cursor } } } } } }`,
      { id: globalId('Case', kase.id) },
    );
    const reported = read.body.data!.node.events.edges[0].node;
    expect(reported.type).toBe('REPORTED');
    const accepted = await workflow.accept(systemActor('test'), kase.id, {
      version: read.body.data!.node.version,
    });
    const risky = await workflow.changeRisk(systemActor('test'), kase.id, {
      version: accepted.case.version,
      riskLevel: 'MEDIUM',
      reason: '双方情绪激动',
    });
    await report(); // another case's event: not this subscription's

    const resumed = subscribeWs(url, caseEvents, {
      caseId: globalId('Case', kase.id),
      after: reported.cursor,
    });
    const replayed = await resumed.waitFor(2);
    expect(replayed.map((result) => result.data.caseEvents.type)).toEqual(['ACCEPTED', 'RISK_CHANGED']);
    await workflow.changeRisk(systemActor('test'), kase.id, {
      version: risky.case.version,
      riskLevel: 'LOW',
      reason: '情绪平复',
    });
    const all = await resumed.waitFor(3);
    expect(all.map((result) => result.data.caseEvents.type)).toEqual([
      'ACCEPTED',
      'RISK_CHANGED',
      'RISK_CHANGED',
    ]);
  });

  it('misses nothing and repeats nothing when commits go on while the subscriber switches from replay to live', async () => {
    const start = subscribeWs(url, feed, townFilter());
    await eventually(() => api.app.activeSubscriptions(), 1);
    await report();
    const [first] = await start.waitFor(1);
    const cursor = first!.data.caseFeed.cursor as string;
    const position = await positionOf(first!.data.caseFeed.id);
    await start.close();

    // Writers run before, during and after the resume: 4 at a time (truly concurrent on PostgreSQL).
    let written = 0;
    const writer = async () => {
      while (written < 60) {
        written += 1;
        await report();
      }
    };
    const writers = Promise.all([writer(), writer(), writer(), writer()]);
    await eventually(() => written >= 15, true, 30_000);
    const resumed = subscribeWs(url, feed, { ...townFilter(), after: cursor });
    await writers;
    const expected = await committedSince(position);
    expect(expected.length).toBeGreaterThanOrEqual(60);
    await resumed.waitFor(expected.length, 30_000);
    const control = await report();
    await resumed.waitFor(expected.length + 1, 5_000);
    expect(numbers(resumed.results)).toEqual([...expected, control.number]);
  });

  it("replays only what the caller's jurisdiction covers: a supervisor resuming gets their own district's events", async () => {
    const start = subscribeWs(url, feed, townFilter());
    await eventually(() => api.app.activeSubscriptions(), 1);
    await report();
    const [first] = await start.waitFor(1);
    const cursor = first!.data.caseFeed.cursor as string;
    await start.close();
    await eventually(() => api.app.activeSubscriptions(), 0);

    // a supervisor of a district other than the town's, and one of its grids
    const townRegion = await prisma.region.findUniqueOrThrow({
      where: { id: town.id },
      select: { parentId: true },
    });
    const district = await prisma.region.findFirstOrThrow({
      where: { level: 'COUNTY', NOT: { id: townRegion.parentId! } },
      select: { code: true, path: true },
    });
    const otherGrid = await prisma.grid.findFirstOrThrow({
      where: { region: { path: { startsWith: district.path } } },
      select: { id: true },
    });
    const theirs: string[] = [];
    for (let i = 0; i < 3; i++) {
      await report(); // the town's: not theirs
      const { case: kase } = await workflow.report(systemActor('test'), { ...input(), gridId: otherGrid.id });
      theirs.push(kase.number);
    }
    const supervisor = connectWs(url, {
      authorization: `Bearer ${await api.tokenFor(`supervisor-${district.code}`)}`,
    });
    const resumed = subscribeWs(supervisor, feed, { after: cursor });
    await resumed.waitFor(3);
    const { case: live } = await workflow.report(systemActor('test'), { ...input(), gridId: otherGrid.id });
    await resumed.waitFor(4);
    expect(numbers(resumed.results)).toEqual([...theirs, live.number]);
  });

  it("resumes a mediator's deadline alerts: only their due-soon and overdue events since the cursor", async () => {
    const cases = await prisma.case.findMany({
      where: { status: 'IN_MEDIATION', leadMediatorId: { not: null } },
      orderBy: { id: 'asc' },
    });
    const mine = cases[0]!;
    const theirs = cases.find((c) => c.leadMediatorId !== mine.leadMediatorId)!;
    // events written as the deadline scan would, without a snapshot: the replay reads their case
    const record = (kase: typeof mine, type: 'UPDATED' | 'DEADLINE_DUE_SOON' | 'DEADLINE_OVERDUE') =>
      prisma.caseEvent.create({
        data: { caseId: kase.id, type, actorLabel: 'deadline-scan', createdAt: testNow },
      });
    const mark = await record(mine, 'UPDATED');
    const read = await api.graphql(`query($id: ID!) { node(id: $id) { ... on CaseEvent { cursor } } }`, {
      id: globalId('CaseEvent', mark.id),
    });
    await record(theirs, 'DEADLINE_OVERDUE');
    await record(mine, 'UPDATED');
    const dueSoon = await record(mine, 'DEADLINE_DUE_SOON');
    const overdue = await record(mine, 'DEADLINE_OVERDUE');
    const alerts = subscribeWs(
      url,
      `subscription($mediatorId: ID!, $after: String) { deadlineAlerts(mediatorId: $mediatorId, after: $after) { id type } }`,
      { mediatorId: globalId('Mediator', mine.leadMediatorId!), after: read.body.data!.node.cursor },
    );
    const received = await alerts.waitFor(2);
    expect(received.map((result) => result.data.deadlineAlerts.id)).toEqual([
      globalId('CaseEvent', dueSoon.id),
      globalId('CaseEvent', overdue.id),
    ]);
  });

  it('answers RESUME_POINT_EXPIRED for a cursor older than the window, BAD_USER_INPUT for one it never gave', async () => {
    const old = await prisma.caseEvent.findFirstOrThrow({
      where: { createdAt: { lt: new Date(testNow.getTime() - 25 * 3_600_000) } },
      orderBy: { position: 'desc' },
      select: { id: true },
    });
    const read = await api.graphql(`query($id: ID!) { node(id: $id) { ... on CaseEvent { cursor } } }`, {
      id: globalId('CaseEvent', old.id),
    });
    const stale = read.body.data!.node.cursor as string;
    const b64 = (text: string) => Buffer.from(text).toString('base64url');
    const attempts = [
      { after: stale, code: 'RESUME_POINT_EXPIRED' },
      { after: 'not a cursor!', code: 'BAD_USER_INPUT' },
      { after: b64('v1:abc:1'), code: 'BAD_USER_INPUT' },
      { after: b64('v1:999999999:1'), code: 'BAD_USER_INPUT' },
      {
        after: b64(`v1:${Buffer.from(stale, 'base64url').toString().split(':')[1]}:${old.id + 1}`),
        code: 'BAD_USER_INPUT',
      },
      { after: '', code: 'BAD_USER_INPUT' },
    ];
    for (const { after, code } of attempts) {
      for (const subscription of [
        subscribeWs(url, feed, { ...townFilter(), after }),
        subscribeSse(url, caseEvents, { caseId: globalId('Case', 1), after }),
      ]) {
        const [result] = await subscription.waitFor(1);
        expect(result!.errors?.[0]?.extensions?.code, after).toBe(code);
        expect(result!.data ?? null).toBeNull();
        await subscription.ended;
      }
    }
  });
});

describe('revocation', () => {
  it("ends a revoked key's subscription and a deactivated user's within a second", async () => {
    const created = await api.graphql(
      `mutation { createApiKey(input: { name: "大屏", scopes: [CASES_READ] }) {
        ... on CreateApiKeySuccess { created { key apiKey { id } } } } }`,
    );
    const { key, apiKey } = created.body.data!.createApiKey.created;
    const supervisor = await prisma.user.findFirstOrThrow({ where: { role: 'SUPERVISOR', active: true } });
    const keyed = subscribeWs(connectWs(url, { apiKey: key }), feed, {});
    const staff = subscribeWs(
      connectWs(url, { authorization: `Bearer ${await api.tokenFor(supervisor.username)}` }),
      feed,
      {},
    );
    await eventually(() => api.app.activeSubscriptions(), 2);

    const ends = async (subscription: LiveSubscription, revoke: () => Promise<unknown>) => {
      const started = Date.now();
      await revoke();
      const { error } = await Promise.race([
        subscription.ended,
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error('still open after 1 s')), 1_000)),
      ]);
      const elapsed = Date.now() - started;
      const seen = JSON.stringify(error ?? null) + JSON.stringify(subscription.results.at(-1) ?? null);
      expect(seen).toContain('UNAUTHENTICATED');
      return elapsed;
    };
    expect(
      await ends(keyed, () =>
        api.graphql('mutation($id: ID!) { revokeApiKey(id: $id) { __typename } }', { id: apiKey.id }),
      ),
    ).toBeLessThan(1_000);
    const deactivate = (active: boolean) =>
      api.graphql(
        'mutation($id: ID!, $active: Boolean!) { setUserActive(id: $id, active: $active) { __typename } }',
        {
          id: globalId('User', supervisor.id),
          active,
        },
      );
    expect(await ends(staff, () => deactivate(false))).toBeLessThan(1_000);
    const restored = await deactivate(true);
    expect(restored.body.data!.setUserActive.__typename).toBe('SetUserActiveSuccess');
  });
});
