import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { performance } from 'node:perf_hooks';
import { builtInAdapters, signWebhook } from '@mediation/adapters';
import { examplePartnerAdapter } from '@mediation/adapters/testing';
import {
  type App,
  createPlatform,
  type DeliveryUpdateMessage,
  type PlatformInstance,
  signStaffToken,
} from '@mediation/api';
import { createLogger, type Database, openDatabase } from '@mediation/core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startHttpReceiver } from '../../packages/adapters/tests/support/http-receiver.js';
import { createSharedDatabase, type SharedDatabase } from '../support/shared-database.js';
import {
  eventually,
  type LiveSubscription,
  subscribeSse as sse,
  useSubscriptionCredentials,
  subscribeWs as ws,
} from '../support/subscription-clients.js';
import { testNow } from '../support/template.js';
import { testJwtSecret } from '../support/test-api.js';

/**
 * Two API instances, each with its own Prisma client, on one PostgreSQL database and one Redis: an
 * event committed on one, or a delivery made by its dispatcher, reaches subscribers on the other.
 * PGlite is one process's database, so on the embedded suite this test still starts a fresh
 * PostgreSQL database of its own.
 */
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const channelPrefix = `mediation-test-${randomBytes(6).toString('hex')}:`;
const channel = `${channelPrefix}case-events`;
const deliveryChannel = `${channelPrefix}delivery-updates`;
const webhookSecret = `whsec_${Buffer.from('multi-instance-test-secret-of-32-bytes').toString('base64')}`;
const logger = createLogger({ level: 'silent' });
const globalId = (type: string, id: number) => Buffer.from(`${type}:${id}`).toString('base64');
const wallClock = () => performance.timeOrigin + performance.now();

let shared: SharedDatabase;
const databases: Database[] = [];
let appA: App;
let appB: App;
let platformA: PlatformInstance;
let platformB: PlatformInstance;
let urlA: string;
let urlB: string;
let town: { id: number; gridId: number };
let otherTown: { id: number; gridId: number };
let receiver: Awaited<ReturnType<typeof startHttpReceiver>>;

beforeAll(async () => {
  // The example partner, enabled on both instances as one deployment's config would have it.
  receiver = await startHttpReceiver();
  const adapters = {
    example: {
      enabled: true,
      url: `${receiver.url}/hook`,
      signingSecret: webhookSecret,
      webhookSecrets: webhookSecret,
      delivery: { maxAttempts: 2, backoffBaseMs: 20 },
    },
  };
  useSubscriptionCredentials({
    authorization: `Bearer ${await signStaffToken({ jwtSecret: testJwtSecret }, 'admin', { expiresIn: '1h' })}`,
  });
  shared = await createSharedDatabase('multi');
  // A runs its dispatcher as the platform does; B runs none (its manual dispatcher is never stepped).
  const instance = async (dispatch: 'polling' | 'manual') => {
    const db = await openDatabase({ databaseUrl: shared.url, migrate: false, poolSize: 4 });
    databases.push(db);
    const platform = createPlatform({
      config: {
        graphiql: false,
        introspection: true,
        nodeEnv: 'test',
        redisUrl,
        jwtSecret: testJwtSecret,
        adapters,
        deliveryPollMs: 50,
      },
      db,
      logger,
      now: () => testNow,
      channelPrefix,
      adapters: [...builtInAdapters, examplePartnerAdapter],
      dispatch,
    });
    return { platform, app: platform.app, url: await platform.start(0, '127.0.0.1') };
  };
  ({ platform: platformA, app: appA, url: urlA } = await instance('polling'));
  ({ platform: platformB, app: appB, url: urlB } = await instance('manual'));

  const prisma = databases[0]!.prisma;
  const grids = await prisma.grid.findMany({
    where: { region: { level: 'VILLAGE' } },
    select: { id: true, region: { select: { parentId: true } } },
    orderBy: { id: 'asc' },
  });
  const byTown = new Map<number, number>();
  for (const grid of grids)
    if (!byTown.has(grid.region.parentId!)) byTown.set(grid.region.parentId!, grid.id);
  const [first, second] = [...byTown.entries()];
  town = { id: first![0], gridId: first![1] };
  otherTown = { id: second![0], gridId: second![1] };
});

/** Subscriptions a test opened, closed after it even when it fails, so the next one starts from 0. */
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
  await eventually(() => appA.activeSubscriptions() + appB.activeSubscriptions(), 0);
});

afterAll(async () => {
  await platformA?.stop();
  await platformB?.stop();
  await Promise.all(databases.map((db) => db.close()));
  await shared?.drop();
  await receiver?.close();
});

const feed = `subscription($filter: CaseFeedFilter) { caseFeed(filter: $filter) {
  id type case { number status grid { name } } } }`;
const reportCase = `mutation($input: ReportCaseInput!) { reportCase(input: $input) {
  __typename ... on ReportCaseSuccess { case { number } } } }`;
const acceptCase = `mutation($id: ID!) { acceptCase(id: $id, input: { version: 1 }) {
  __typename ... on AcceptCaseSuccess { case { status } } } }`;
const deliveryUpdates = `subscription($adapterId: String) { deliveryUpdates(adapterId: $adapterId) {
  deliveryId adapterId deliveryKey caseId status attempts lastError nextAttemptAt } }`;

/** A GraphQL request to one instance, as admin. */
async function post(url: string, query: string, variables: Record<string, unknown>): Promise<any> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json',
      authorization: `Bearer ${await signStaffToken({ jwtSecret: testJwtSecret }, 'admin')}`,
    },
    body: JSON.stringify({ query, variables }),
  });
  return response.json();
}

async function report(url: string, gridId: number): Promise<string> {
  const body = await post(url, reportCase, {
    input: {
      title: '工资拖欠劳资纠纷',
      facts: '装修工人反映包工头拖欠三个月工资共计一万二千元，多次催讨未果。',
      category: 'LABOR_WAGES',
      source: 'HOTLINE',
      gridId: globalId('Grid', gridId),
      parties: [{ role: 'APPLICANT', name: '赵师傅', phone: '13900139000' }],
    },
  });
  expect(body.data.reportCase.__typename).toBe('ReportCaseSuccess');
  return body.data.reportCase.case.number;
}

/** A referral of the example partner, signed once: sending it again is a replay. */
async function signedReferral(): Promise<{ referralId: string; send(url: string): Promise<Response> }> {
  const region = await databases[0]!.prisma.region.findFirstOrThrow({
    where: { grids: { some: { id: town.gridId } } },
    select: { code: true },
  });
  const referralId = `multi-${randomBytes(4).toString('hex')}`;
  const signed = signWebhook(
    webhookSecret,
    JSON.stringify({
      referralId,
      title: '劳务费纠纷',
      facts: '务工人员称工程完工后尚有三个月工资未结清。',
      category: 'LABOR_WAGES',
      regionCode: region.code,
      applicant: { name: '赵六' },
    }),
  );
  return {
    referralId,
    send: (url) =>
      fetch(url.replace(/\/graphql$/, '/adapters/example/webhook'), {
        method: 'POST',
        headers: signed.headers,
        body: signed.body,
      }),
  };
}

/** A case the example partner refers through one instance's signed webhook: its global id. */
async function referThroughWebhook(url: string): Promise<{ id: string }> {
  const response = await (await signedReferral()).send(url);
  expect(response.status).toBe(200);
  const { caseId } = (await response.json()) as { caseId: string };
  return { id: caseId };
}

describe('several API instances on one database and one Redis', () => {
  it('refuses a webhook replayed to another instance, as the first instance would', async () => {
    const { referralId, send } = await signedReferral();
    const first = await send(urlA);
    expect(first.status).toBe(200);
    for (const url of [urlB, urlA]) {
      const replayed = await send(url);
      expect(replayed.status).toBe(401);
      expect(await replayed.json()).toMatchObject({ error: { code: 'BAD_SIGNATURE', reason: 'replayed' } });
    }
    const cases = await databases[0]!.prisma.case.count({
      where: { externalSystem: 'example', externalRef: referralId },
    });
    expect(cases).toBe(1);

    // Two copies of one signed call at once, one to each instance: one is handled, one refused.
    const twice = await signedReferral();
    const statuses = (await Promise.all([twice.send(urlA), twice.send(urlB)])).map((r) => r.status);
    expect(statuses.sort()).toEqual([200, 401]);
  });

  it('delivers a mutation on instance A to graphql-ws and SSE subscribers on instance B within a second', async () => {
    const filter = { filter: { regionId: globalId('Region', town.id) } };
    const subscriptions: LiveSubscription[] = [
      subscribeWs(urlB, feed, filter),
      subscribeSse(urlB, feed, filter),
      subscribeWs(urlA, feed, filter),
      subscribeWs(urlB, feed, { filter: { regionId: globalId('Region', otherTown.id) } }),
    ];
    const [wsOnB, sseOnB, wsOnA, otherTownOnB] = subscriptions as [
      LiveSubscription,
      LiveSubscription,
      LiveSubscription,
      LiveSubscription,
    ];
    await eventually(() => appB.activeSubscriptions(), 3);
    await eventually(() => appA.activeSubscriptions(), 1);
    expect(await redisSubscribers(channel)).toBe(2);

    const latencies: Record<string, number[]> = {
      'graphql-ws on B': [],
      'SSE on B': [],
      'graphql-ws on A': [],
    };
    // Round 0 warms both instances up (first token check, first statements, JIT); rounds 1–3 count.
    for (let round = 0; round <= 3; round++) {
      const sentAt = wallClock();
      const number = await report(urlA, town.gridId);
      const received = await Promise.all([wsOnB, sseOnB, wsOnA].map((s) => s.waitFor(round + 1, 5_000)));
      for (const results of received) {
        expect(results[round]!.data.caseFeed).toMatchObject({ type: 'REPORTED', case: { number } });
      }
      if (round === 0) continue;
      latencies['graphql-ws on B']!.push(wsOnB.arrivals[round]! - sentAt);
      latencies['SSE on B']!.push(sseOnB.arrivals[round]! - sentAt);
      latencies['graphql-ws on A']!.push(wsOnA.arrivals[round]! - sentAt);
    }
    console.info(
      `mutation on A → delivery (ms): ${Object.entries(latencies)
        .map(([where, values]) => `${where} ${values.map((v) => v.toFixed(1)).join(', ')}`)
        .join('; ')}`,
    );
    for (const values of Object.values(latencies))
      for (const value of values) expect(value).toBeLessThan(1000);

    // The other town's board heard none of it: its own case, reported on B, is the first it gets.
    const control = await report(urlB, otherTown.gridId);
    const [first] = await otherTownOnB.waitFor(1);
    expect(first!.data.caseFeed.case.number).toBe(control);
    expect(otherTownOnB.results).toHaveLength(1);

    await Promise.all(subscriptions.map((s) => s.close()));
    await eventually(() => appA.activeSubscriptions() + appB.activeSubscriptions(), 0);
  });

  it('delivers an event published on B (the deadline scan path) to a subscriber on A', async () => {
    const prisma = databases[1]!.prisma;
    const kase = await prisma.case.findFirstOrThrow({
      where: { status: 'IN_MEDIATION', leadMediatorId: { not: null } },
      include: { region: { select: { path: true } } },
      orderBy: { id: 'asc' },
    });
    const alerts = subscribeWs(urlA, `subscription($m: ID!) { deadlineAlerts(mediatorId: $m) { id type } }`, {
      m: globalId('Mediator', kase.leadMediatorId!),
    });
    await eventually(() => appA.activeSubscriptions(), 1);
    const event = await prisma.caseEvent.create({
      data: { caseId: kase.id, type: 'DEADLINE_OVERDUE', actorLabel: 'deadline-scan', createdAt: testNow },
    });
    platformB.runtime.committed([
      { event, case: { ...kase, regionPath: kase.region.path, coMediatorIds: [] } },
    ]);
    const [alert] = await alerts.waitFor(1, 5_000);
    expect(alert!.data.deadlineAlerts).toEqual({
      id: globalId('CaseEvent', event.id),
      type: 'DEADLINE_OVERDUE',
    });
    await alerts.close();
    await eventually(() => appA.activeSubscriptions(), 0);
  });

  it("delivers the updates of a delivery made by A's dispatcher to an admin subscribed on B", async () => {
    const subscriptions: LiveSubscription[] = [
      subscribeWs(urlB, deliveryUpdates, { adapterId: 'example' }),
      subscribeSse(urlB, deliveryUpdates, {}),
      subscribeWs(urlB, deliveryUpdates, { adapterId: 'sms' }),
    ];
    const [wsOnB, sseOnB, otherAdapterOnB] = subscriptions as [
      LiveSubscription,
      LiveSubscription,
      LiveSubscription,
    ];
    await eventually(() => appB.deliveryUpdates.activeSubscriptions(), 3);
    // Each instance subscribes to the delivery channel from its start.
    expect(await redisSubscribers(deliveryChannel)).toBe(2);

    // A's dispatcher runs as the platform runs it; B runs none. What A made, as A heard it.
    const made: DeliveryUpdateMessage[] = [];
    const heardOnA = appA.deliveryUpdates.subscribe(() => true);
    void (async () => {
      for await (const update of heardOnA) made.push(update);
    })();
    try {
      // The partner refers a case through A's webhook; accepting it on A writes an outbox row for
      // the partner and wakes A's dispatcher. The partner fails the first attempt, so the updates
      // include a retry with its time.
      const kase = await referThroughWebhook(urlA);
      receiver.failNext(500);
      const accepted = await post(urlA, acceptCase, { id: kase.id });
      expect(accepted.data.acceptCase.__typename).toBe('AcceptCaseSuccess');

      const [onB, overSse] = await Promise.all([wsOnB.waitFor(4, 10_000), sseOnB.waitFor(4, 10_000)]);
      const caseId = Number(Buffer.from(kase.id, 'base64').toString().split(':')[1]);
      const row = await databases[1]!.prisma.outboxMessage.findFirstOrThrow({
        where: { adapterId: 'example', event: { caseId } },
      });
      expect(row).toMatchObject({ status: 'DELIVERED', attempts: 2 });
      expect(receiver.receivedKeys()).toContain(row.deliveryKey);
      expect(made.map((u) => u.status)).toEqual(['IN_FLIGHT', 'PENDING', 'IN_FLIGHT', 'DELIVERED']);
      const expected = made.map((u) => ({
        deliveryId: globalId('Delivery', row.id),
        adapterId: 'example',
        deliveryKey: row.deliveryKey,
        caseId: kase.id,
        status: u.status,
        attempts: u.attempts,
        lastError: u.lastError,
        nextAttemptAt: u.nextAttemptAt,
      }));
      expect(onB.map((r) => r.data?.deliveryUpdates)).toEqual(expected);
      expect(overSse.map((r) => r.data?.deliveryUpdates)).toEqual(expected);
      expect(expected[1]).toMatchObject({
        status: 'PENDING',
        attempts: 1,
        lastError: expect.stringContaining('500'),
        nextAttemptAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      });
      expect(otherAdapterOnB.results).toEqual([]);
    } finally {
      await heardOnA.return();
    }
    await Promise.all(subscriptions.map((s) => s.close()));
    await eventually(() => appB.deliveryUpdates.activeSubscriptions(), 0);
  });

  it('keeps deployments with another channel prefix apart, and closes its Redis connections on stop', async () => {
    const db = databases[0]!;
    const strangerPlatform = createPlatform({
      config: { graphiql: false, introspection: true, nodeEnv: 'test', redisUrl, jwtSecret: testJwtSecret },
      db,
      logger,
      channelPrefix: `${channelPrefix}other:`,
    });
    const stranger = strangerPlatform.app;
    await stranger.pubsub.ready();
    const heard = stranger.caseEvents.subscribe(() => true);
    const next = heard.next();
    const mine = appA.caseEvents.subscribe(() => true);
    const control = mine.next();

    await report(urlA, town.gridId);
    expect((await control).value).toMatchObject({ type: 'REPORTED' });
    const nothing = await Promise.race([
      next,
      new Promise((resolve) => setTimeout(() => resolve('silence'), 200)),
    ]);
    expect(nothing).toBe('silence');

    await mine.return();
    await heard.return();
    await strangerPlatform.stop();
    await platformA.stop();
    await platformB.stop();
    expect(await redisSubscribers(channel)).toBe(0);
    expect(await redisSubscribers(`${channelPrefix}other:case-events`)).toBe(0);
    expect(await redisSubscribers(deliveryChannel)).toBe(0);
    expect(await redisSubscribers(`${channelPrefix}other:delivery-updates`)).toBe(0);
  });
});

/** A fresh database on the PostgreSQL server for both instances, dropped at the end. */
/** Connections subscribed to a Redis channel, asked of Redis itself over a raw socket (PUBSUB NUMSUB). */
function redisSubscribers(name: string): Promise<number> {
  const { hostname, port } = new URL(redisUrl);
  const args = ['PUBSUB', 'NUMSUB', name];
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port || 6379), hostname);
    let reply = '';
    socket.setTimeout(2_000, () => socket.destroy(new Error('redis did not answer')));
    socket.on('error', reject);
    socket.on('data', (chunk) => {
      reply += chunk.toString();
      const count = /:(\d+)\r\n$/.exec(reply);
      if (count) {
        socket.end();
        resolve(Number(count[1]));
      }
    });
    socket.write(
      `*${args.length}\r\n${args.map((arg) => `$${Buffer.byteLength(arg)}\r\n${arg}\r\n`).join('')}`,
    );
  });
}
