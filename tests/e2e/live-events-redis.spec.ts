import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { connect, createServer } from 'node:net';
import { type App, createPlatform, type PlatformInstance, signStaffToken } from '@mediation/api';
import { createLogger, type Database, openDatabase, type PrismaClient } from '@mediation/core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createSharedDatabase, type SharedDatabase } from '../support/shared-database.js';
import {
  connectWs,
  eventually,
  type LiveSubscription,
  useSubscriptionCredentials,
  subscribeWs as ws,
} from '../support/subscription-clients.js';
import { testNow } from '../support/template.js';
import { testJwtSecret } from '../support/test-api.js';

/**
 * Two instances on one PostgreSQL database and a Redis server this test starts (and stops) itself:
 * resuming on another instance, revocation heard by every instance, and a Redis outage during which
 * both instances commit events, after which every subscriber has every event of its filter exactly
 * once, in commit order. (PGlite is one process's database: on the embedded suite this still
 * creates a PostgreSQL database of its own, like multi-instance.spec.ts.)
 */
const logger = createLogger({ level: 'silent' });
const globalId = (type: string, id: number) => Buffer.from(`${type}:${id}`).toString('base64');
const channelPrefix = `mediation-live-${randomBytes(6).toString('hex')}:`;

let redisPort: number;
let redis: ChildProcess | undefined;
let shared: SharedDatabase;
const databases: Database[] = [];
let prisma: PrismaClient;
let appA: App;
let appB: App;
let urlA: string;
let urlB: string;
type Town = { id: number; path: string; gridId: number };
let town: Town;
let otherTown: Town;

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

function redisAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.setTimeout(500);
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => {
      socket.destroy();
      resolve(data.toString().startsWith('+PONG'));
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

/** Asks our Redis one command (RESP) and returns the raw answer. */
function redisCommand(...args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(redisPort, '127.0.0.1');
    let answer = '';
    socket.once('connect', () =>
      socket.write(
        `*${args.length}\r\n${args.map((arg) => `$${Buffer.byteLength(arg)}\r\n${arg}\r\n`).join('')}`,
      ),
    );
    socket.on('data', (data) => {
      answer += data.toString();
      if (answer.endsWith('\r\n')) {
        socket.destroy();
        resolve(answer);
      }
    });
    socket.once('error', reject);
  });
}

/** Waits until `count` connections (both instances, resubscribed after a restart) hear `channel`. */
async function waitForSubscribers(channel: string, count: number): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const answer = await redisCommand('PUBSUB', 'NUMSUB', channel).catch(() => '');
    if (Number(/:(\d+)\r\n$/.exec(answer)?.[1] ?? 0) >= count) return;
    if (Date.now() > deadline) throw new Error(`${channel}: fewer than ${count} subscribers after 30 s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function startRedis(): Promise<void> {
  redis = spawn(
    'redis-server',
    ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  const deadline = Date.now() + 15_000;
  while (!(await redisAnswers(redisPort))) {
    if (Date.now() > deadline) throw new Error(`redis-server on port ${redisPort} did not start`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function stopRedis(): Promise<void> {
  const server = redis;
  redis = undefined;
  if (!server || server.exitCode !== null) return;
  const exited = once(server, 'exit');
  server.kill('SIGTERM');
  await exited;
}

const platforms: PlatformInstance[] = [];

beforeAll(async () => {
  redisPort = await freePort();
  await startRedis();
  useSubscriptionCredentials({
    authorization: `Bearer ${await signStaffToken({ jwtSecret: testJwtSecret }, 'admin', { expiresIn: '1h' })}`,
  });
  shared = await createSharedDatabase('live');
  const instance = async () => {
    const db = await openDatabase({ databaseUrl: shared.url, migrate: false, poolSize: 4 });
    databases.push(db);
    const platform = createPlatform({
      config: {
        graphiql: false,
        introspection: true,
        nodeEnv: 'test',
        redisUrl: `redis://127.0.0.1:${redisPort}`,
        jwtSecret: testJwtSecret,
      },
      db,
      logger,
      now: () => testNow,
      channelPrefix,
    });
    platforms.push(platform);
    return { app: platform.app, url: await platform.start(0, '127.0.0.1') };
  };
  ({ app: appA, url: urlA } = await instance());
  ({ app: appB, url: urlB } = await instance());
  prisma = databases[0]!.prisma;
  const grids = await prisma.grid.findMany({
    where: { region: { level: 'VILLAGE' } },
    select: { id: true, region: { select: { parent: { select: { id: true, path: true } } } } },
    orderBy: { id: 'asc' },
  });
  const byTown = new Map<number, Town>();
  for (const grid of grids) {
    const parent = grid.region.parent!;
    if (!byTown.has(parent.id)) byTown.set(parent.id, { id: parent.id, path: parent.path, gridId: grid.id });
  }
  [town, otherTown] = [...byTown.values()] as [Town, Town];
});

const open = new Set<LiveSubscription>();
const subscribeWs: typeof ws = (...args) => {
  const subscription = ws(...args);
  open.add(subscription);
  return subscription;
};
const activeOnBoth = () => appA.activeSubscriptions() + appB.activeSubscriptions();
afterEach(async () => {
  await Promise.all([...open].map((subscription) => subscription.close()));
  open.clear();
  await eventually(activeOnBoth, 0, 10_000);
});

afterAll(async () => {
  for (const platform of platforms) await platform.stop();
  await Promise.all(databases.map((db) => db.close()));
  await shared?.drop();
  await stopRedis();
});

const feed = `subscription($filter: CaseFeedFilter, $after: String) {
  caseFeed(filter: $filter, after: $after) { id cursor case { number } } }`;
const reportCase = `mutation($input: ReportCaseInput!) { reportCase(input: $input) {
  __typename ... on ReportCaseSuccess { case { number } } } }`;

async function post(
  url: string,
  query: string,
  variables: Record<string, unknown>,
  as = 'admin',
): Promise<any> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json',
      authorization: `Bearer ${await signStaffToken({ jwtSecret: testJwtSecret }, as)}`,
    },
    body: JSON.stringify({ query, variables }),
  });
  return response.json();
}

async function report(url: string, where: Town): Promise<string> {
  const body = await post(url, reportCase, {
    input: {
      title: '物业费收取纠纷',
      facts: '业主认为物业服务不到位，拒交物业费，物业公司多次上门催缴。',
      category: 'PROPERTY_MANAGEMENT',
      source: 'HOTLINE',
      gridId: globalId('Grid', where.gridId),
      parties: [{ role: 'APPLICANT', name: '周女士' }],
    },
  });
  expect(body.data?.reportCase?.__typename, JSON.stringify(body)).toBe('ReportCaseSuccess');
  return body.data.reportCase.case.number;
}

const deliveryUpdates = 'subscription { deliveryUpdates { deliveryId status } }';
const deliveryUpdate = (id: number) => ({
  id,
  adapterId: 'example',
  deliveryKey: `case-event-${id}-example`,
  eventId: id,
  caseId: 1,
  status: 'DELIVERED' as const,
  attempts: 1,
  lastError: null,
  nextAttemptAt: null,
});

const regionFilter = (where: Town) => ({ filter: { regionId: globalId('Region', where.id) } });
const numbers = (subscription: LiveSubscription) =>
  subscription.results.map((result) => result.data.caseFeed.case.number as string);

async function latestPosition(): Promise<bigint> {
  const { _max } = await prisma.caseEvent.aggregate({ _max: { position: true } });
  return _max.position ?? 0n;
}

/** REPORTED events committed after `position` (under `path`, if given), in commit order. */
async function committedSince(position: bigint, path?: string): Promise<string[]> {
  const events = await prisma.caseEvent.findMany({
    where: {
      position: { gt: position },
      type: 'REPORTED',
      ...(path ? { case: { region: { path: { startsWith: path } } } } : {}),
    },
    orderBy: { position: 'asc' },
    select: { case: { select: { number: true } } },
  });
  return events.map((event) => event.case.number);
}

describe('live events across instances, Redis and its outages', () => {
  it('resumes on instance B from a cursor received on A: the 20 events committed on both, then live', async () => {
    const onA = subscribeWs(urlA, feed, regionFilter(town));
    await eventually(activeOnBoth, 1);
    const seen = await report(urlA, town);
    const [last] = await onA.waitFor(1);
    expect(last!.data.caseFeed.case.number).toBe(seen);
    const position = await latestPosition();
    await onA.close();
    await eventually(activeOnBoth, 0);

    // 20 commits, two at a time, half on each instance
    for (let i = 0; i < 10; i++) await Promise.all([report(urlA, town), report(urlB, town)]);
    const missed = await committedSince(position, town.path);
    expect(missed).toHaveLength(20);

    const onB = subscribeWs(urlB, feed, { ...regionFilter(town), after: last!.data.caseFeed.cursor });
    await onB.waitFor(20, 20_000);
    const live = await report(urlA, town);
    await onB.waitFor(21, 10_000);
    expect(numbers(onB)).toEqual([...missed, live]);
  });

  it('ends a key revoked on A, and a user deactivated on B, on the other instance within a second', async () => {
    const created = await post(
      urlA,
      `mutation { createApiKey(input: { name: "综治中心大屏", scopes: [CASES_READ] }) {
        ... on CreateApiKeySuccess { created { key apiKey { id } } } } }`,
      {},
    );
    const { key, apiKey } = created.data.createApiKey.created;
    const supervisor = await prisma.user.findFirstOrThrow({ where: { role: 'SUPERVISOR', active: true } });
    const keyedOnB = subscribeWs(connectWs(urlB, { apiKey: key }), feed, {});
    const staffOnA = subscribeWs(
      connectWs(urlA, {
        authorization: `Bearer ${await signStaffToken({ jwtSecret: testJwtSecret }, supervisor.username)}`,
      }),
      feed,
      {},
    );
    await eventually(activeOnBoth, 2);

    const endsWithin = async (subscription: LiveSubscription, revoke: () => Promise<unknown>, ms: number) => {
      await revoke();
      const { error } = await Promise.race([
        subscription.ended,
        new Promise<never>((_, reject) =>
          setTimeout(() => reject(new Error(`still open after ${ms} ms`)), ms),
        ),
      ]);
      expect(JSON.stringify(error ?? null) + JSON.stringify(subscription.results.at(-1) ?? null)).toContain(
        'UNAUTHENTICATED',
      );
    };
    await endsWithin(
      keyedOnB,
      () => post(urlA, 'mutation($id: ID!) { revokeApiKey(id: $id) { __typename } }', { id: apiKey.id }),
      1_000,
    );
    // B also forgot the key it had cached: the next request with it is refused at once
    const refused = await fetch(urlB, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': key },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(refused.status).toBe(401);

    const setActive = (active: boolean) =>
      post(
        urlB,
        'mutation($id: ID!, $active: Boolean!) { setUserActive(id: $id, active: $active) { __typename } }',
        { id: globalId('User', supervisor.id), active },
      );
    await endsWithin(staffOnA, () => setActive(false), 1_000);
    expect((await setActive(true)).data.setUserActive.__typename).toBe('SetUserActiveSuccess');
  });

  it('gives every subscriber every event of its filter exactly once, in commit order, across a 20 s Redis outage', async () => {
    const base = await latestPosition();
    const subscribers = {
      townOnA: subscribeWs(urlA, feed, regionFilter(town)),
      townOnB: subscribeWs(urlB, feed, regionFilter(town)),
      otherOnA: subscribeWs(urlA, feed, regionFilter(otherTown)),
      allOnB: subscribeWs(urlB, feed, {}),
    };
    const deliveriesOnA = subscribeWs(urlA, deliveryUpdates, {});
    await eventually(activeOnBoth, 5);
    await report(urlA, town);
    await report(urlB, otherTown);
    await subscribers.allOnB.waitFor(2, 10_000);

    await stopRedis();
    const outageEnds = Date.now() + 20_000;
    let committed = 0;
    let localDuringOutage: Promise<unknown> | undefined;
    while (Date.now() < outageEnds) {
      const url = committed % 2 ? urlB : urlA;
      const where = committed % 4 < 2 ? town : otherTown;
      const number = await report(url, where);
      if (!localDuringOutage && url === urlA && where === town) {
        // committed on A while Redis is down: A's own subscriber still hears it
        const before = numbers(subscribers.townOnA).length;
        localDuringOutage = subscribers.townOnA
          .waitFor(before + 1, 5_000)
          .then((results) => expect(results.at(-1)!.data.caseFeed.case.number).toBe(number));
      }
      committed += 1;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await localDuringOutage;
    // a delivery update of A's dispatcher reaches A's admins without Redis too
    appA.deliveryUpdates.publish(deliveryUpdate(900_001));
    await deliveriesOnA.waitFor(1, 5_000);
    await startRedis();
    // and a few right after Redis is back, before the instances have reconnected
    for (let i = 0; i < 6; i++) await report(i % 2 ? urlB : urlA, i % 4 < 2 ? town : otherTown);
    // (requests are slower while Redis is down: the rate limiter waits for it before its in-memory stand-in)
    expect(committed).toBeGreaterThanOrEqual(10);

    // One last event per town, committed after all the others: once it has arrived, nothing else may follow.
    const controls = [await report(urlA, town), await report(urlB, otherTown)];
    const expected = {
      townOnA: await committedSince(base, town.path),
      townOnB: await committedSince(base, town.path),
      otherOnA: await committedSince(base, otherTown.path),
      allOnB: await committedSince(base),
    };
    expect(expected.townOnA.at(-1)).toBe(controls[0]);
    expect(expected.otherOnA.at(-1)).toBe(controls[1]);
    // once Redis is back, A's own update is not heard twice (its echo is dropped)
    await waitForSubscribers(`${channelPrefix}delivery-updates`, 2);
    appA.deliveryUpdates.publish(deliveryUpdate(900_002));
    await deliveriesOnA.waitFor(2, 10_000);
    expect(deliveriesOnA.results.map((result) => result.data.deliveryUpdates.deliveryId)).toEqual([
      globalId('Delivery', 900_001),
      globalId('Delivery', 900_002),
    ]);
    for (const [name, subscription] of Object.entries(subscribers)) {
      const wanted = expected[name as keyof typeof expected];
      await subscription.waitFor(wanted.length, 60_000).catch((error: Error) => {
        throw new Error(`${name}: ${error.message}`);
      });
      expect(numbers(subscription), name).toEqual(wanted);
      expect(
        subscription.results.every((result) => result.errors === undefined),
        name,
      ).toBe(true);
    }
  }, 180_000);
});
