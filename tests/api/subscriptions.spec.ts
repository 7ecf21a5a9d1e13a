import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createPlatformPubSub, toCaseEventMessage } from '@mediation/api';
import {
  type CaseEventNotice,
  CaseEventType,
  createCaseEventTimeline,
  createCaseWorkflow,
  createLogger,
  type PrismaClient,
  type ReportCaseInput,
  systemActor,
} from '@mediation/core';
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

const globalId = (type: string, id: number) => Buffer.from(`${type}:${id}`).toString('base64');

const eventFields = `id type fromStatus toStatus reason createdAt
  case { id number status riskLevel region { name } grid { name } leadMediator { name } }`;
const feed = `subscription($filter: CaseFeedFilter) { caseFeed(filter: $filter) { ${eventFields} } }`;
const caseEvents = `subscription($caseId: ID!) { caseEvents(caseId: $caseId) { ${eventFields} } }`;
const deadlineAlerts = `subscription($mediatorId: ID!) { deadlineAlerts(mediatorId: $mediatorId) { ${eventFields} } }`;
const reportCase = `mutation($input: ReportCaseInput!) { reportCase(input: $input) {
  __typename ... on ReportCaseSuccess { case { id number } } ... on Error { code message } } }`;

let api: TestApi;
let url: string;
let prisma: PrismaClient;
/** Two towns, each with a grid, for feeds that must and must not hear an event. */
let towns: { id: number; name: string; gridId: number }[];

/** SQL sent while `recording` (the delivery of one event). */
const statements: string[] = [];
let recording = false;

beforeAll(async () => {
  api = await createTestApi({ onStatement: (sql) => recording && statements.push(sql) });
  prisma = api.db.prisma;
  url = await api.app.start(0, '127.0.0.1');
  useSubscriptionCredentials({ authorization: `Bearer ${await api.tokenFor('admin')}` });
  const grids = await prisma.grid.findMany({
    where: { region: { level: 'VILLAGE' } },
    select: { id: true, region: { select: { parentId: true } } },
    orderBy: { id: 'asc' },
  });
  const byTown = new Map<number, number>();
  for (const grid of grids)
    if (!byTown.has(grid.region.parentId!)) byTown.set(grid.region.parentId!, grid.id);
  const townRows = await prisma.region.findMany({
    where: { id: { in: [...byTown.keys()].slice(0, 2) } },
    orderBy: { id: 'asc' },
  });
  towns = townRows.map((town) => ({ id: town.id, name: town.name, gridId: byTown.get(town.id)! }));
  expect(towns).toHaveLength(2);
});

/** Every subscription a test opens, closed after it even when it fails, so the next starts from 0. */
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
  await eventually(() => api.app.activeSubscriptions(), 0, 30_000);
});

afterAll(async () => {
  await api?.app.stop();
  await api?.close();
});

function newCase(gridId: number, overrides: Record<string, unknown> = {}) {
  return {
    title: '楼上漏水邻里纠纷',
    facts: '楼上住户卫生间漏水，导致楼下天花板受损，双方就维修费用协商未果。',
    category: 'NEIGHBORHOOD',
    source: 'WALK_IN',
    gridId: globalId('Grid', gridId),
    parties: [
      { role: 'APPLICANT', name: '王建国', phone: '13800138000' },
      { role: 'RESPONDENT', name: '李秀英' },
    ],
    ...overrides,
  };
}

/** The same case as input of the core command. */
function coreReport(gridId: number): ReportCaseInput {
  return {
    title: '楼上漏水邻里纠纷',
    facts: '楼上住户卫生间漏水，导致楼下天花板受损，双方就维修费用协商未果。',
    category: 'NEIGHBORHOOD',
    source: 'WALK_IN',
    gridId,
    parties: [{ role: 'APPLICANT', name: '王建国' }],
  };
}

/** Reports a case over HTTP (the real mutation), returning its id and number. */
async function report(gridId: number, overrides: Record<string, unknown> = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json',
      ...(await api.headersFor('admin')),
    },
    body: JSON.stringify({ query: reportCase, variables: { input: newCase(gridId, overrides) } }),
  });
  const body = (await response.json()) as any;
  expect(body.data.reportCase.__typename).toBe('ReportCaseSuccess');
  const kase = body.data.reportCase.case as { id: string; number: string };
  return { ...kase, dbId: Number(Buffer.from(kase.id, 'base64').toString().split(':')[1]) };
}

/** Subscriptions are open on the server (the gauge counts them) before anything is published. */
async function opened(count: number) {
  await eventually(() => api.app.activeSubscriptions(), count, 30_000);
}

async function closeAll(subscriptions: LiveSubscription[]) {
  await Promise.all(subscriptions.map((subscription) => subscription.close()));
  await eventually(() => api.app.activeSubscriptions(), 0, 30_000);
}

describe('case event subscriptions', () => {
  it('publishes JSON-safe messages (what crosses Redis is what subscribers get in-process)', async () => {
    const event = await prisma.caseEvent.findFirstOrThrow({
      include: { case: { include: { region: true } } },
    });
    const notice: CaseEventNotice = {
      event,
      case: { ...event.case, regionPath: event.case.region.path, coMediatorIds: [] },
    };
    const message = toCaseEventMessage(notice, Number(event.position));
    expect(JSON.parse(JSON.stringify(message))).toEqual(message);
    expect(message).toMatchObject({
      eventId: event.id,
      position: Number(event.position),
      type: event.type,
      createdAt: event.createdAt.toISOString(),
    });
  });

  it('filters before queueing, and ends a subscriber that falls too far behind instead of buffering without end', async () => {
    const platform = createPlatformPubSub({
      logger: createLogger({ level: 'silent' }),
      maxQueuedEvents: 3,
      timeline: createCaseEventTimeline(prisma),
    });
    const workflow = createCaseWorkflow({
      prisma,
      clock: () => testNow,
      onCommitted: platform.caseEvents.publish,
    });
    let taken = 0;
    const slow = platform.caseEvents.subscribe((message) => message.type === 'REPORTED' && taken++ < 5);
    const first = slow.next(); // starts the subscription and takes the first event
    await eventually(() => platform.activeSubscriptions(), 1);
    // Six committed, five wanted: one taken at once, three queued, the fifth is one too many.
    const numbers: string[] = [];
    for (let i = 0; i < 6; i++) {
      const { case: kase } = await workflow.report(systemActor('test'), coreReport(towns[0]!.gridId));
      numbers.push(kase.number);
    }
    await eventually(() => platform.activeSubscriptions(), 0);
    expect((await first).value?.case.number).toBe(numbers[0]);
    const queued = [await slow.next(), await slow.next(), await slow.next()].map((r) => r.value?.case.number);
    expect(queued).toEqual(numbers.slice(1, 4));
    await expect(slow.next()).rejects.toMatchObject({ code: 'SUBSCRIPTION_LAGGING' });
    await platform.close();
  });

  it('delivers a reported case to graphql-ws and SSE subscribers of its town, and not to another town', async () => {
    const [town, otherTown] = towns as [(typeof towns)[0], (typeof towns)[0]];
    const ws = subscribeWs(url, feed, { filter: { regionId: globalId('Region', town.id) } });
    const sse = subscribeSse(url, feed, { filter: { regionId: globalId('Region', town.id) } });
    const other = subscribeWs(url, feed, { filter: { regionId: globalId('Region', otherTown.id) } });
    await opened(3);

    const reported = await report(town.gridId);
    const [viaWs] = await ws.waitFor(1);
    const [viaSse] = await sse.waitFor(1);
    for (const result of [viaWs!, viaSse!]) {
      expect(result.errors).toBeUndefined();
      expect(result.data.caseFeed).toMatchObject({
        type: 'REPORTED',
        toStatus: 'REPORTED',
        case: { id: reported.id, number: reported.number, status: 'REPORTED', riskLevel: 'LOW' },
      });
      // Nested fields resolve through Pothos from the database row, not from the published message.
      expect(result.data.caseFeed.case.grid.name).toEqual(expect.any(String));
      expect(result.data.caseFeed.case.region.name).toEqual(expect.any(String));
    }
    const stored = await prisma.caseEvent.findFirstOrThrow({ where: { caseId: reported.dbId } });
    expect(viaWs!.data.caseFeed.id).toBe(globalId('CaseEvent', stored.id));

    // Positive control for the other town: its own case arrives first, so the first one never came.
    const control = await report(otherTown.gridId);
    const [first] = await other.waitFor(1);
    expect(first!.data.caseFeed.case.number).toBe(control.number);
    expect(ws.results).toHaveLength(1);
    expect(sse.results).toHaveLength(1);

    await closeAll([ws, sse, other]);
  });

  it('filters the feed by grid, status and minimum risk (escalations show up on a HIGH board)', async () => {
    const [town, otherTown] = towns as [(typeof towns)[0], (typeof towns)[0]];
    const highBoard = subscribeWs(url, feed, { filter: { minRisk: 'HIGH' } });
    const gridBoard = subscribeSse(url, feed, { filter: { gridId: globalId('Grid', otherTown.gridId) } });
    const acceptedBoard = subscribeWs(url, feed, {
      filter: { regionId: globalId('Region', town.id), statuses: ['ACCEPTED'] },
    });
    await opened(3);

    await report(town.gridId); // LOW, REPORTED, other grid: nobody here wants it
    const risky = await report(town.gridId, { riskLevel: 'HIGH' });
    const high = await highBoard.waitFor(2);
    expect(high.map((r) => [r.data.caseFeed.type, r.data.caseFeed.case.number])).toEqual([
      ['REPORTED', risky.number],
      ['ESCALATED', risky.number],
    ]);
    expect(high[1]!.data.caseFeed.case.riskLevel).toBe('HIGH');

    // Accepting moves the risky case into ACCEPTED; lowering its risk is the event that takes it off the HIGH board.
    const workflow = createCaseWorkflow({
      prisma,
      clock: () => testNow,
      onCommitted: api.runtime.committed,
    });
    const { version } = await prisma.case.findUniqueOrThrow({ where: { id: risky.dbId } });
    const accepted = await workflow.accept(systemActor('test'), risky.dbId, { version });
    const lowered = await workflow.changeRisk(systemActor('test'), risky.dbId, {
      version: accepted.case.version,
      riskLevel: 'LOW',
      reason: '双方情绪已平复',
    });
    expect(lowered.notices).toHaveLength(1);
    const [acceptedEvent, loweredEvent] = await acceptedBoard.waitFor(2);
    expect(acceptedEvent!.data.caseFeed).toMatchObject({ type: 'ACCEPTED', case: { number: risky.number } });
    expect(loweredEvent!.data.caseFeed).toMatchObject({ type: 'RISK_CHANGED', case: { riskLevel: 'LOW' } });
    const [, , stillHigh, droppedFromHigh] = await highBoard.waitFor(4);
    // The event is loaded when it is delivered: its case shows where the case stands now.
    expect(stillHigh!.data.caseFeed).toMatchObject({ type: 'ACCEPTED', case: { number: risky.number } });
    expect(droppedFromHigh!.data.caseFeed).toMatchObject({
      type: 'RISK_CHANGED',
      case: { riskLevel: 'LOW' },
    });

    const control = await report(otherTown.gridId);
    const [inGrid] = await gridBoard.waitFor(1);
    expect(inGrid!.data.caseFeed.case.number).toBe(control.number);
    expect(highBoard.results).toHaveLength(4);
    expect(acceptedBoard.results).toHaveLength(2);

    await closeAll([highBoard, gridBoard, acceptedBoard]);
  });

  it("follows one case's events, and a rolled-back command publishes nothing", async () => {
    const kase = await prisma.case.findFirstOrThrow({
      where: { status: 'IN_MEDIATION', riskLevel: 'LOW' },
      orderBy: { id: 'asc' },
    });
    const neighbour = await prisma.case.findFirstOrThrow({
      where: { status: 'IN_MEDIATION', riskLevel: 'LOW', id: { not: kase.id } },
      orderBy: { id: 'asc' },
    });
    const subscription = subscribeWs(url, caseEvents, { caseId: globalId('Case', kase.id) });
    await opened(1);

    const committed = createCaseWorkflow({
      prisma,
      clock: () => testNow,
      onCommitted: api.runtime.committed,
    });
    // The outbox write fails after the case row and its event were written: the transaction rolls back.
    const failing = createCaseWorkflow({
      prisma,
      clock: () => testNow,
      onCommitted: api.runtime.committed,
      routeOutbox: () => {
        throw new Error('outbox unavailable');
      },
    });
    const before = await prisma.caseEvent.count({ where: { caseId: kase.id } });
    await expect(
      failing.changeRisk(systemActor('test'), kase.id, {
        version: kase.version,
        riskLevel: 'MEDIUM',
        reason: '回滚',
      }),
    ).rejects.toThrow('outbox unavailable');
    expect(await prisma.caseEvent.count({ where: { caseId: kase.id } })).toBe(before);
    expect((await prisma.case.findUniqueOrThrow({ where: { id: kase.id } })).version).toBe(kase.version);

    await committed.changeRisk(systemActor('test'), neighbour.id, {
      version: neighbour.version,
      riskLevel: 'MEDIUM',
      reason: '另一案件',
    });
    await committed.changeRisk(systemActor('test'), kase.id, {
      version: kase.version,
      riskLevel: 'MEDIUM',
      reason: '正式提交',
    });
    const [first] = await subscription.waitFor(1);
    expect(first!.data.caseEvents).toMatchObject({
      type: 'RISK_CHANGED',
      reason: '正式提交',
      case: { id: globalId('Case', kase.id), riskLevel: 'MEDIUM' },
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(subscription.results).toHaveLength(1);
    await closeAll([subscription]);
  });

  it('loads an event once for all its subscribers: the same SQL for 20 as for 2', async () => {
    const workflow = createCaseWorkflow({
      prisma,
      clock: () => testNow,
      onCommitted: (notices) => {
        statements.length = 0;
        recording = true;
        api.runtime.committed(notices);
      },
    });
    const filter = { filter: { regionId: globalId('Region', towns[0]!.id) } };
    const deliver = async (subscribers: number) => {
      const subscriptions = Array.from({ length: subscribers }, () => subscribeWs(url, feed, filter));
      await opened(subscribers);
      const { case: kase } = await workflow.report(systemActor('test'), {
        title: '噪音扰民邻里纠纷',
        facts: '楼下商户夜间经营噪音扰民，居民多次投诉未果。',
        category: 'NEIGHBORHOOD',
        source: 'GRID_SCREENING',
        gridId: towns[0]!.gridId,
        parties: [{ role: 'APPLICANT', name: '陈女士' }],
      });
      const received = await Promise.all(subscriptions.map((s) => s.waitFor(1)));
      recording = false;
      for (const [result] of received) expect(result!.data.caseFeed.case.number).toBe(kase.number);
      await closeAll(subscriptions);
      return [...statements];
    };
    const forTwo = await deliver(2);
    const forTwenty = await deliver(20);
    expect(forTwo.length).toBeGreaterThan(0);
    // One Prisma query per event (its includes are a few statements), however many subscribers.
    expect(forTwenty).toEqual(forTwo);
    // the position read back after commit, and the node loaded once for all
    expect(forTwenty.filter((sql) => sql.includes('"CaseEvent"'))).toHaveLength(2);
  });

  it('sends a mediator the deadline alerts of the cases they lead, and nothing else', async () => {
    const cases = await prisma.case.findMany({
      where: { status: 'IN_MEDIATION', leadMediatorId: { not: null } },
      include: { region: { select: { path: true } } },
      orderBy: { id: 'asc' },
    });
    const mine = cases[0]!;
    const theirs = cases.find((c) => c.leadMediatorId !== mine.leadMediatorId)!;
    const alerts = subscribeWs(url, deadlineAlerts, {
      mediatorId: globalId('Mediator', mine.leadMediatorId!),
    });
    await opened(1);

    const notice = async (kase: typeof mine, type: CaseEventType): Promise<CaseEventNotice> => {
      const event = await prisma.caseEvent.create({
        data: { caseId: kase.id, type, actorLabel: 'deadline-scan', createdAt: testNow },
      });
      return { event, case: { ...kase, regionPath: kase.region.path, coMediatorIds: [] } };
    };
    api.runtime.committed([
      await notice(theirs, CaseEventType.DEADLINE_OVERDUE),
      await notice(mine, CaseEventType.UPDATED),
    ]);
    const dueSoon = await notice(mine, CaseEventType.DEADLINE_DUE_SOON);
    const overdue = await notice(mine, CaseEventType.DEADLINE_OVERDUE);
    api.runtime.committed([dueSoon, overdue]);

    const received = await alerts.waitFor(2);
    expect(received.map((r) => r.data.deadlineAlerts.id)).toEqual([
      globalId('CaseEvent', dueSoon.event.id),
      globalId('CaseEvent', overdue.event.id),
    ]);
    expect(received[1]!.data.deadlineAlerts.case.leadMediator.name).toEqual(expect.any(String));
    await closeAll([alerts]);
  });

  it('rejects unknown or mistyped ids when subscribing, with a typed error', async () => {
    const attempts = [
      { query: feed, variables: { filter: { regionId: globalId('Region', 999_999) } }, code: 'NOT_FOUND' },
      { query: feed, variables: { filter: { gridId: globalId('Grid', 999_999) } }, code: 'NOT_FOUND' },
      { query: feed, variables: { filter: { statuses: [] } }, code: 'VALIDATION_FAILED' },
      { query: caseEvents, variables: { caseId: globalId('Case', 999_999) }, code: 'NOT_FOUND' },
      { query: caseEvents, variables: { caseId: globalId('Grid', 1) }, code: 'BAD_USER_INPUT' },
      { query: deadlineAlerts, variables: { mediatorId: globalId('Mediator', 999_999) }, code: 'NOT_FOUND' },
    ];
    for (const { query, variables, code } of attempts) {
      for (const subscription of [subscribeWs(url, query, variables), subscribeSse(url, query, variables)]) {
        const [result] = await subscription.waitFor(1);
        expect(result!.errors?.[0]?.extensions?.code, JSON.stringify(variables)).toBe(code);
        expect(result!.data ?? null).toBeNull();
        await subscription.ended;
        await subscription.close();
      }
    }
    expect(api.app.activeSubscriptions()).toBe(0);
  });

  it('counts open subscriptions back to 0 when clients leave, without growing the heap over many cycles', async () => {
    const gc = exposeGc();
    const filter = { filter: { regionId: globalId('Region', towns[0]!.id) } };
    const cycle = async () => {
      const clients = Array.from({ length: 50 }, () => connectWs(url));
      const subscriptions = clients.map((client, i) =>
        // Untracked: this test closes its own, and must not hold on to them while it measures.
        i % 5 === 4 ? sse(url, feed, filter) : ws(client, feed, filter),
      );
      await opened(50);
      // Half leave by completing the subscription, the rest by dropping the connection mid-wait.
      await Promise.all(subscriptions.map((s, i) => (i % 2 ? s.close() : Promise.resolve())));
      await Promise.all(clients.map((client) => client.dispose()));
      await Promise.all(subscriptions.filter((_, i) => i % 5 === 4).map((s) => s.close()));
      await eventually(() => api.app.activeSubscriptions(), 0, 30_000);
    };
    const heapUsed = async () => {
      for (let i = 0; i < 3; i++) {
        gc?.();
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return process.memoryUsage().heapUsed;
    };

    for (let i = 0; i < 3; i++) await cycle(); // warm up: compiled code, pools, caches
    const baseline = await heapUsed();
    const samples: number[] = [];
    for (let i = 0; i < 20; i++) {
      await cycle();
      if (i % 5 === 4) samples.push(await heapUsed());
    }
    const growth = samples.at(-1)! - baseline;
    // 1,000 leaked subscriptions (contexts, repeaters, sockets) would hold well over these bounds.
    const bound = gc ? 4 * 1024 * 1024 : 32 * 1024 * 1024;
    expect(
      growth,
      `heap ${(baseline / 1e6).toFixed(1)} MB → ${samples.map((s) => (s / 1e6).toFixed(1)).join(', ')} MB`,
    ).toBeLessThan(bound);
    expect(api.app.activeSubscriptions()).toBe(0);
    expect(api.app.caseEvents.activeSubscriptions()).toBe(0);
  });
});

/** `global.gc` without `--expose-gc`: V8 can turn the flag on at run time for new contexts. */
function exposeGc(): (() => void) | undefined {
  if (typeof globalThis.gc === 'function') return globalThis.gc;
  try {
    setFlagsFromString('--expose-gc');
    return runInNewContext('gc') as () => void;
  } catch {
    return undefined;
  }
}
