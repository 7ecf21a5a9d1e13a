import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { type RunningSimulators, startSimulators } from '@mediation/adapters/simulators';
import { signStaffToken } from '@mediation/api';
import { type Database, openDatabase } from '@mediation/core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { createSharedDatabase, type SharedDatabase } from '../support/shared-database.js';
import { testJwtSecret } from '../support/test-api.js';

/**
 * The delivery runtime under faults, end to end: real platform instances (the start command, each
 * with its own outbox dispatcher) on one PostgreSQL database deliver the feedback of 2,000 case
 * events to the simulated petition, police and court systems, which fail 30% of calls and leave 5%
 * unanswered (after recording them, as when an answer is lost). Instance A is killed with SIGKILL
 * while it holds deliveries and instance C takes its place, so two dispatchers run at all times.
 *
 * Afterwards every delivery reached its system exactly once after deduplication by idempotency
 * key, none is lost, a dead letter is a delivery every attempt of which failed, and replaying the
 * dead letters through the admin API delivers them.
 */
const root = join(import.meta.dirname, '..', '..');
/** A 3 s timeout: a local answer that slow would be a loaded machine, not a fault the test injected. */
const delivery = { timeoutMs: 3_000, concurrency: 8, maxAttempts: 4, backoffBaseMs: 50, backoffMaxMs: 800 };
/** Short, so what the killed instance held is taken over quickly; long enough not to expire under CI load. */
const leaseMarginMs = 2_500;
/** Routed events per case (the events each system is told of): 150·10 + 140·3 + 80·1 = 2,000. */
const plans = [
  ...Array.from({ length: 150 }, () => 'petition' as const),
  ...Array.from({ length: 140 }, () => 'police' as const),
  ...Array.from({ length: 80 }, () => 'court' as const),
];
const routedEvents = 2_000;
const killAfterRoutedEvents = 700;

type System = (typeof plans)[number];

interface Instance {
  name: string;
  child: ChildProcess;
  /** Base URL, e.g. http://127.0.0.1:41234 */
  url: string;
  output(): string;
  exited: Promise<number | null>;
}

let shared: SharedDatabase;
let db: Database;
let sims: RunningSimulators;
let token: string;
const instances: Instance[] = [];

function startInstance(name: string, adapters: unknown): Promise<Instance> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'packages/api/src/cli/start.ts'], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      // Named, so the test can see when the killed instance's last statement has finished.
      DATABASE_URL: withApplicationName(shared.url, `faults-${name}`),
      DB_POOL_SIZE: '6',
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      SEED_DEMO: 'never',
      SIMULATORS: 'false',
      REDIS_URL: '',
      CONFIG_FILE: '',
      JWT_SECRET: testJwtSecret,
      RATE_LIMIT_POINTS: '0',
      // No deadline events: the test counts exactly the events its commands cause.
      DEADLINE_SCAN_SECONDS: '0',
      DELIVERY_POLL_MS: '50',
      DELIVERY_LEASE_MARGIN_MS: String(leaseMarginMs),
      ADAPTERS: JSON.stringify(adapters),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /GraphQL\s+(http:\/\/\S+)\/graphql/.exec(output);
      if (match && !instances.some((instance) => instance.child === child)) {
        const instance = { name, child, url: match[1]!, output: () => output, exited };
        instances.push(instance);
        resolve(instance);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then((code) => reject(new Error(`instance ${name} exited with ${code}:\n${output}`)));
  });
}

async function graphql<T>(instance: Instance, query: string, variables: Record<string, unknown> = {}) {
  const response = await fetch(`${instance.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: unknown[] };
  if (body.errors?.length || !body.data) throw new Error(`GraphQL failed: ${JSON.stringify(body)}`);
  return body.data;
}

/** Runs a case command; returns the case's new version (a typed error fails the test). */
async function command(
  instance: Instance,
  mutation: string,
  caseId: string,
  input: Record<string, unknown>,
): Promise<number> {
  const data = await graphql<Record<string, { case?: { version: number }; message?: string }>>(
    instance,
    `mutation ($id: ID!, $input: ${mutation[0]!.toUpperCase()}${mutation.slice(1)}Input!) {
      result: ${mutation}(id: $id, input: $input) {
        __typename
        ... on Error { message }
        ... on ${mutation[0]!.toUpperCase()}${mutation.slice(1)}Success { case { version } }
      }
    }`,
    { id: caseId, input },
  );
  const result = data.result!;
  if (!result.case) throw new Error(`${mutation} failed: ${JSON.stringify(result)}`);
  return result.case.version;
}

interface OutboxRow {
  id: number;
  adapterId: string;
  deliveryKey: string;
  status: string;
  attempts: number;
  lastError: string | null;
  payload: { case: { externalRef: string | null; number: string } };
}

const outboxRows = (): Promise<OutboxRow[]> =>
  db.prisma.outboxMessage.findMany({
    select: {
      id: true,
      adapterId: true,
      deliveryKey: true,
      status: true,
      attempts: true,
      lastError: true,
      payload: true,
    },
    orderBy: { id: 'asc' },
  }) as Promise<OutboxRow[]>;

async function settled(timeoutMs: number): Promise<OutboxRow[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = await outboxRows();
    if (rows.every((row) => row.status === 'DELIVERED' || row.status === 'DEAD')) return rows;
    if (Date.now() > deadline) {
      const open = rows.filter((row) => row.status !== 'DELIVERED' && row.status !== 'DEAD');
      throw new Error(`${open.length} deliveries still open: ${JSON.stringify(open.slice(0, 5))}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

beforeAll(async () => {
  shared = await createSharedDatabase('faults');
  db = await openDatabase({ databaseUrl: shared.url, migrate: false, poolSize: 2 });
  token = await signStaffToken({ jwtSecret: testJwtSecret }, 'admin', { expiresIn: '1h' });
  sims = await startSimulators({ knobs: { failRate: 0.3, timeoutRate: 0.05 } });
});

afterAll(async () => {
  for (const instance of instances) instance.child.kill('SIGKILL');
  await Promise.all(instances.map((instance) => instance.exited));
  await sims?.stop();
  await db?.close();
  await shared?.drop();
});

describe('deliveries under faults, with two dispatchers and one killed', () => {
  it('delivers the feedback of 2,000 case events exactly once each; replaying the dead letters delivers them', async () => {
    onTestFailed(() => {
      for (const instance of instances) {
        console.error(
          `--- instance ${instance.name} (pid ${instance.child.pid}) ---\n${instance.output().slice(-6_000)}`,
        );
      }
    });
    expect(await db.prisma.outboxMessage.count()).toBe(0);
    const settings = sims.adapterSettings();
    const adapters = {
      petition: { ...settings.petition, delivery },
      police: { ...settings.police, delivery },
      court: { ...settings.court, delivery },
    };
    const [a, b] = await Promise.all([startInstance('A', adapters), startInstance('B', adapters)]);
    // Referrals and commands go to B, which lives throughout; A only dispatches (its poll finds the rows).
    sims.connect(b.url);
    const { mediators } = await graphql<{ mediators: { edges: { node: { id: string } }[] } }>(
      b,
      '{ mediators(first: 1, filter: { active: true }) { edges { node { id } } } }',
    );
    const mediatorId = mediators.edges[0]!.node.id;

    // Who holds deliveries, sampled: proves both dispatchers work at once, before and after the kill.
    const holders: Set<string>[] = [];
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const rows = await db.prisma.outboxMessage.groupBy({
          by: ['lockedBy'],
          where: { status: 'IN_FLIGHT' },
          _count: { _all: true },
        });
        holders.push(new Set(rows.map((row) => pidOf(row.lockedBy))));
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    })();

    let routed = 0;
    let kill: Promise<{ orphans: { id: number; attempts: number }[]; at: Date; c: Instance }> | undefined;
    const killA = async () => {
      // Freeze A and kill it only while it holds deliveries; then, once PostgreSQL has finished the
      // last statement A sent (a claim or an outcome may still commit after the freeze), what A
      // still holds is final: those rows are the orphans.
      for (let tries = 0; ; tries++) {
        a.child.kill('SIGSTOP');
        const held = await db.prisma.outboxMessage.count({
          where: { status: 'IN_FLIGHT', lockedBy: { contains: `:${a.child.pid}:` } },
        });
        if (held || tries > 200) break;
        a.child.kill('SIGCONT');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      a.child.kill('SIGKILL');
      await a.exited;
      while (await sessionsOf('faults-A')) await new Promise((resolve) => setTimeout(resolve, 20));
      const at = new Date();
      const orphans = await db.prisma.outboxMessage.findMany({
        where: { status: 'IN_FLIGHT', lockedBy: { contains: `:${a.child.pid}:` } },
        select: { id: true, attempts: true },
      });
      const c = await startInstance('C', adapters);
      return { orphans, at, c };
    };
    const count = (events: number) => {
      routed += events;
      if (routed >= killAfterRoutedEvents && !kill) {
        kill = killA();
        kill.catch(() => {}); // awaited (and reported) after the commands
      }
    };

    const runCase = async (system: System) => {
      const [answer] = await sims[system].sendReferral();
      expect(answer!.status).toBe(200);
      const id = (answer!.body as { caseId: string }).caseId;
      let version = 1;
      version = await command(b, 'acceptCase', id, { version });
      version = await command(b, 'assignCase', id, { version, leadMediatorId: mediatorId });
      count(system === 'court' ? 0 : 2); // ACCEPTED, ASSIGNED: petition and police
      version = await command(b, 'startMediation', id, { version });
      if (system === 'petition') {
        count(1); // MEDIATION_STARTED
        for (let session = 0; session < 6; session++) {
          const scheduledAt = new Date(Date.now() + (session + 1) * 86_400_000).toISOString();
          version = await command(b, 'scheduleSession', id, { version, mode: 'PHONE', scheduledAt });
          count(1); // SESSION_SCHEDULED
        }
      }
      if (system === 'police') {
        await command(b, 'markCaseFailed', id, { version, guidance: 'LITIGATION', reason: '双方分歧较大' });
      } else {
        await command(b, 'recordAgreement', id, {
          version,
          form: 'WRITTEN',
          terms: '双方自愿达成如下协议：一次性赔偿。',
        });
      }
      count(1); // FAILED or AGREEMENT_RECORDED
    };

    // Twelve clients at once, the three systems interleaved.
    const queue = plans.map((_, i) => plans[(i * 7) % plans.length]!);
    const workers = Array.from({ length: 12 }, async () => {
      for (let next = queue.shift(); next; next = queue.shift()) await runCase(next);
    });
    await Promise.all(workers);
    expect(routed).toBe(routedEvents);
    const killed = await kill!;
    expect(killed.orphans.length).toBeGreaterThan(0);

    const rows = await settled(120_000);
    sampling = false;
    await sampler;

    // None lost: one row per routed event, and every one settled.
    expect(rows).toHaveLength(routedEvents);
    const byAdapter = (id: string) => rows.filter((row) => row.adapterId === id);
    expect(byAdapter('petition')).toHaveLength(1_500);
    expect(byAdapter('police')).toHaveLength(420);
    expect(byAdapter('court')).toHaveLength(80);

    // Two dispatchers held deliveries at the same moment, before the kill (A and B) and after (B and C).
    const [pidA, pidB, pidC] = [a, b, killed.c].map((i) => String(i.child.pid)) as [string, string, string];
    expect(holders.some((h) => h.has(pidA) && h.has(pidB))).toBe(true);
    expect(holders.some((h) => h.has(pidB) && h.has(pidC))).toBe(true);

    // What A held when it died was claimed again after its lease and settled by the others.
    for (const orphan of killed.orphans) {
      const row = rows.find((r) => r.id === orphan.id)!;
      expect(row.attempts).toBeGreaterThan(orphan.attempts);
    }
    const orphanIds = new Set(killed.orphans.map((o) => o.id));

    const calls = [sims.petition, sims.police, sims.court].flatMap((sim) => sim.calls);
    const callsFor = new Map<string, typeof calls>();
    for (const call of calls) {
      if (!call.key) continue;
      callsFor.set(call.key, [...(callsFor.get(call.key) ?? []), call]);
    }
    const answered = (call: (typeof calls)[number]) => call.status === 200;

    // Faults happened: failures, lost answers and hence duplicates the receivers had to drop.
    expect(calls.filter((call) => call.outcome === 'failed').length).toBeGreaterThan(300);
    expect(calls.filter((call) => call.outcome === 'timed-out').length).toBeGreaterThan(20);
    expect(calls.filter((call) => call.outcome === 'duplicate').length).toBeGreaterThan(0);

    const dead = rows.filter((row) => row.status === 'DEAD');
    expect(dead.length).toBeGreaterThan(0);
    for (const row of rows) {
      const rowCalls = callsFor.get(row.deliveryKey) ?? [];
      if (row.status === 'DELIVERED') {
        // DELIVERED means the system answered 200 to at least one attempt.
        expect(rowCalls.some(answered)).toBe(true);
      } else {
        // A dead letter: every attempt failed or went unanswered, all of them used.
        // (A claim whose holder died or overran its lease counts too, so a row may have had more.)
        expect(row.attempts).toBeGreaterThanOrEqual(delivery.maxAttempts);
        expect(row.lastError).toBeTruthy();
        // (A's last attempt before the kill may have been answered after A was frozen: A never saw it.)
        const seen = rowCalls.filter((call) => !(orphanIds.has(row.id) && call.at <= killed.at));
        expect(seen.some(answered)).toBe(false);
        expect(rowCalls.length).toBeGreaterThanOrEqual(
          delivery.maxAttempts - (orphanIds.has(row.id) ? 1 : 0),
        );
      }
    }

    console.info(
      `delivery faults: ${calls.length} calls for ${rows.length} deliveries, ` +
        `${calls.filter((call) => call.outcome === 'failed').length} failed, ` +
        `${calls.filter((call) => call.outcome === 'timed-out').length} unanswered, ` +
        `${calls.filter((call) => call.outcome === 'duplicate').length} duplicates dropped, ` +
        `${killed.orphans.length} held by the killed instance, ${dead.length} dead letters`,
    );

    // Replay every dead letter through the admin API, with the systems healthy again.
    for (const sim of [sims.petition, sims.police, sims.court]) {
      sim.knobs.failRate = 0;
      sim.knobs.timeoutRate = 0;
    }
    const deadIds: string[] = [];
    for (let after: string | null = null; ; ) {
      const page: {
        deliveries: {
          totalCount: number;
          pageInfo: { hasNextPage: boolean; endCursor: string | null };
          edges: { node: { id: string; deliveryKey: string } }[];
        };
      } = await graphql(
        b,
        `query ($after: String) {
          deliveries(first: 50, after: $after, filter: { status: DEAD }) {
            totalCount pageInfo { hasNextPage endCursor } edges { node { id deliveryKey } }
          }
        }`,
        { after },
      );
      expect(page.deliveries.totalCount).toBe(dead.length);
      deadIds.push(...page.deliveries.edges.map((edge) => edge.node.id));
      if (!page.deliveries.pageInfo.hasNextPage) break;
      after = page.deliveries.pageInfo.endCursor;
    }
    expect(deadIds).toHaveLength(dead.length);
    for (const id of deadIds) {
      const { replayDelivery } = await graphql<{ replayDelivery: { __typename: string } }>(
        b,
        'mutation ($id: ID!) { replayDelivery(id: $id) { __typename ... on Error { message } } }',
        { id },
      );
      expect(replayDelivery.__typename).toBe('ReplayDeliverySuccess');
    }
    const final = await settled(60_000);
    expect(final.every((row) => row.status === 'DELIVERED')).toBe(true);
    for (const row of dead) {
      const after = [sims.petition, sims.police, sims.court]
        .flatMap((sim) => sim.calls)
        .filter((call) => call.key === row.deliveryKey && call.status === 200);
      expect(after.length).toBeGreaterThan(0);
    }

    // Exactly once after deduplication: each system holds one message per key, every key is there,
    // and nothing else is.
    for (const [system, sim] of [
      ['petition', sims.petition],
      ['police', sims.police],
      ['court', sims.court],
    ] as const) {
      const keys = sim.received.map((message) => message.key);
      expect(new Set(keys).size).toBe(keys.length);
      expect(new Set(keys)).toEqual(new Set(byAdapter(system).map((row) => row.deliveryKey)));
    }
    // …and the feedback speaks of the right case.
    for (const message of sims.petition.received) {
      const row = rows.find((r) => r.deliveryKey === message.key)!;
      expect((message.body as { petitionNo: string }).petitionNo).toBe(row.payload.case.externalRef);
      expect((message.body as { caseNumber: string }).caseNumber).toBe(row.payload.case.number);
    }

    // The survivors stop cleanly.
    for (const instance of [b, killed.c]) instance.child.kill('SIGTERM');
    expect(await b.exited).toBe(0);
    expect(await killed.c.exited).toBe(0);
  }, 300_000);
});

function withApplicationName(url: string, name: string): string {
  const named = new URL(url);
  named.searchParams.set('application_name', name);
  return named.toString();
}

/** Open PostgreSQL sessions of one instance (by its application name). */
async function sessionsOf(name: string): Promise<number> {
  const [row] = await db.prisma.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = ${name}`;
  return row?.n ?? 0;
}

/** `lockedBy` is `<hostname>:<pid>:<random>`. */
function pidOf(lockedBy: string | null): string {
  return lockedBy?.split(':').at(-2) ?? '';
}
