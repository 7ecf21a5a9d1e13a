/**
 * Deliveries benchmark: how fast the outbox dispatcher delivers to a fast local receiver, and how
 * long a committed case event takes to reach it.
 *
 *   npx -y pnpm@12.4.2 --filter @mediation/bench bench:deliveries
 *
 * This process plays one platform instance: the real case workflow (commits write the outbox rows
 * in their transaction and wake the dispatcher after commit, as the platform runtime wires it), the real
 * dispatcher publishing every status change to the platform's pub/sub (in-process, or Redis with
 * REDIS_URL) as the admin `deliveryUpdates` subscription hears it, and the example partner adapter of the adapters' tests
 * (Standard Webhooks signing, HTTP POST with the delivery key as `Idempotency-Key`). The receiver
 * runs in a child process and answers 200 at once.
 *
 * 1. Latency: at each rate, commits `acceptCase` commands on cases referred by the example partner
 *    (each one event the adapter must hear of) and measures commit → receipt: from just after the
 *    transaction committed to the receiver reading the request, both wall-clock on this machine.
 * 2. Throughput: puts N due rows in the outbox at once (inserted in one statement, so only the
 *    dispatcher is measured), starts a dispatcher with the given per-adapter concurrency, and
 *    measures deliveries per second until the receiver holds every key and every row is DELIVERED.
 *
 * Settings (environment): BENCH_DATABASE (`postgres` or `pglite`, default postgres), BENCH_PG_URL
 * (postgres://postgres@127.0.0.1:5432/postgres, where the scratch database is created and dropped),
 * BENCH_LATENCY_EVENTS (1000 per rate), BENCH_LATENCY_RATES (`20,100`, commits per second),
 * BENCH_ROWS (3000), BENCH_CONCURRENCY (`4,16,64`), BENCH_ROUNDS (5), REDIS_URL.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { createPlatformRuntime, type Dispatcher, generateWebhookSecret } from '@mediation/adapters';
import { examplePartnerAdapter } from '@mediation/adapters/testing';
import { createPlatformPubSub } from '@mediation/api';
import {
  createCaseEventTimeline,
  createLogger,
  type Database,
  openDatabase,
  systemActor,
} from '@mediation/core';
import { seedDemoData } from '@mediation/core/seed';
import type { FromReceiver, ToReceiver } from './protocol.js';

const databaseKind = process.env.BENCH_DATABASE === 'pglite' ? 'pglite' : 'postgres';
const adminUrl = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const latencyEvents = Number(process.env.BENCH_LATENCY_EVENTS ?? 1000);
const rates = (process.env.BENCH_LATENCY_RATES ?? '20,100').split(',').map(Number);
const rowCount = Number(process.env.BENCH_ROWS ?? 3000);
const concurrencies = (process.env.BENCH_CONCURRENCY ?? '4,16,64').split(',').map(Number);
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const here = dirname(fileURLToPath(import.meta.url));
const resultsFile = join(here, '..', 'results', 'deliveries.md');
const wallClock = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const logger = createLogger({ level: 'warn', name: 'bench' });
const loadBefore = loadavg()[0]!;

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

// ---------------------------------------------------------------------------------------------
// Database and receiver
// ---------------------------------------------------------------------------------------------

const cleanups: (() => Promise<void> | void)[] = [];
async function cleanUp() {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
}
process.once('SIGINT', () => void cleanUp().finally(() => process.exit(130)));

async function openBenchDatabase(): Promise<{ db: Database; label: string }> {
  if (databaseKind === 'pglite') {
    const dataDir = mkdtempSync(join(tmpdir(), 'mdl-bench-deliveries-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const db = await openDatabase({ dataDir });
    cleanups.push(() => db.close());
    return { db, label: 'embedded PGlite (same process)' };
  }
  const name = `mdl_bench_deliveries_${randomBytes(4).toString('hex')}`;
  const maintenance = await openDatabase({ databaseUrl: adminUrl, migrate: false, poolSize: 1 });
  const [{ server_version: version } = { server_version: '?' }] =
    await maintenance.prisma.$queryRawUnsafe<{ server_version: string }[]>('SHOW server_version');
  await maintenance.prisma.$executeRawUnsafe(`CREATE DATABASE "${name}"`);
  cleanups.push(async () => {
    await maintenance.prisma.$executeRawUnsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await maintenance.close();
    console.log(`dropped database ${name}`);
  });
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = await openDatabase({ databaseUrl: url.toString(), poolSize: 10 });
  cleanups.push(() => db.close());
  return { db, label: `PostgreSQL ${version} (scratch database, pool of 10)` };
}

const receiver: ChildProcess = fork(join(here, 'receiver.ts'), [], {
  execArgv: ['--import', 'tsx'],
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
});
cleanups.push(() => {
  receiver.kill();
});
const waiting = new Map<string, (message: FromReceiver) => void>();
receiver.on('message', (message: FromReceiver) => waiting.get(message.type)?.(message));
const receiverReady = reply('ready');
function reply<T extends FromReceiver['type']>(type: T, command?: ToReceiver) {
  return new Promise<Extract<FromReceiver, { type: T }>>((resolve) => {
    waiting.set(type, (message) => {
      waiting.delete(type);
      resolve(message as Extract<FromReceiver, { type: T }>);
    });
    if (command) receiver.send(command);
  });
}

// ---------------------------------------------------------------------------------------------
// The measurements
// ---------------------------------------------------------------------------------------------

interface LatencyResult {
  rate: number;
  events: number;
  achievedRate: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  duplicates: number;
}

interface ThroughputResult {
  concurrency: number;
  round: number;
  rows: number;
  /** Receipts per second: dispatcher start → the receiver holds every key. */
  receivedPerSecond: number;
  /** Rows per second: dispatcher start → every row DELIVERED in the database. */
  settledPerSecond: number;
  duplicates: number;
}

const secrets = { signingSecret: generateWebhookSecret(), webhookSecrets: generateWebhookSecret() };
const settingsFor = (url: string, concurrency: number) => ({
  example: { enabled: true, url: `${url}/hook`, ...secrets, delivery: { concurrency, timeoutMs: 10_000 } },
});

try {
  const { db, label } = await openBenchDatabase();
  const { prisma } = db;
  const seedStarted = performance.now();
  await seedDemoData(prisma);
  console.log(`${label}: demo data seeded in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s`);
  const { url } = await receiverReady;
  const villages = await prisma.region.findMany({ where: { level: 'VILLAGE' }, select: { id: true } });
  const actor = systemActor('bench');
  const pubsub = createPlatformPubSub({
    redisUrl: process.env.REDIS_URL,
    logger,
    timeline: createCaseEventTimeline(prisma),
  });
  await pubsub.ready();
  cleanups.push(() => pubsub.close());
  const onUpdate = pubsub.deliveryUpdates.publish;

  // 1. Latency: commit → receipt, at steady rates, default concurrency.
  const latency: LatencyResult[] = [];
  {
    const committedAt = new Map<number, number>();
    // The platform's own composition: the after-commit path records the commit, then wakes the dispatcher.
    const runtime = createPlatformRuntime({
      prisma,
      logger,
      adapters: [examplePartnerAdapter],
      adapterSettings: settingsFor(url, 4),
      live: {
        caseEvents: (notices) => {
          const at = wallClock();
          for (const notice of notices) committedAt.set(notice.event.id, at);
        },
        deliveryUpdate: onUpdate,
      },
    });
    const { workflow } = runtime;
    let sequence = 0;
    /** Registers `count` cases referred by the example partner (their REPORTED event is not for it). */
    const referredCases = async (count: number): Promise<number[]> => {
      const ids: number[] = [];
      for (let i = 0; i < count; i += 20) {
        const batch = await Promise.all(
          Array.from({ length: Math.min(20, count - i) }, async () => {
            const n = ++sequence;
            const result = await workflow.report(actor, {
              title: `合作方转来的纠纷 ${n}`,
              facts: '合作系统转来的邻里纠纷，申请人请求调解。',
              category: 'NEIGHBORHOOD',
              source: 'OTHER',
              regionId: villages[n % villages.length]!.id,
              externalSystem: 'example',
              externalRef: `BENCH-${n}`,
              parties: [{ role: 'APPLICANT', name: '张三' }],
            });
            return result.case.id;
          }),
        );
        ids.push(...batch);
      }
      return ids;
    };
    // Warm-up (not measured): first connections, JIT, the receiver's keep-alive sockets.
    {
      const warm = await referredCases(50);
      receiver.send({ type: 'reset', expect: warm.length } satisfies ToReceiver);
      const reached = reply('reached');
      for (const caseId of warm) await workflow.accept(actor, caseId, { version: 1 });
      await reached;
    }
    for (const rate of rates) {
      // The cases first, then the timed commands.
      const cases = await referredCases(latencyEvents);
      receiver.send({ type: 'reset', expect: cases.length } satisfies ToReceiver);
      const reached = reply('reached');
      const started = wallClock();
      const eventIds: number[] = [];
      const commits = cases.map(async (caseId, i) => {
        const due = started + (i * 1000) / rate;
        const wait = due - wallClock();
        if (wait > 0) await sleep(wait);
        const result = await workflow.accept(actor, caseId, { version: 1 });
        eventIds.push(result.notices[0]!.event.id);
      });
      await Promise.all(commits);
      const lastCommit = wallClock();
      await reached;
      const collected = await reply('collected', { type: 'collect' });
      const receipts = new Map(collected.receipts);
      const latencies = eventIds
        .map((id) => receipts.get(`case-event-${id}-example`)! - committedAt.get(id)!)
        .sort((a, b) => a - b);
      const result: LatencyResult = {
        rate,
        events: latencies.length,
        achievedRate: (eventIds.length / (lastCommit - started)) * 1000,
        p50: percentile(latencies, 50),
        p90: percentile(latencies, 90),
        p99: percentile(latencies, 99),
        max: latencies.at(-1)!,
        duplicates: collected.duplicates,
      };
      latency.push(result);
      console.log(
        `latency at ${rate}/s (achieved ${result.achievedRate.toFixed(1)}/s): p50 ${result.p50.toFixed(1)} ms, p90 ${result.p90.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms, max ${result.max.toFixed(1)} ms`,
      );
    }
    await runtime.stop();
  }

  // 2. Throughput: N due rows, one dispatcher, per-adapter concurrency c.
  const throughput: ThroughputResult[] = [];
  const events = await prisma.caseEvent.count();
  const rows = Math.min(rowCount, events);
  for (let round = 1; round <= rounds; round++) {
    const order = round % 2 ? concurrencies : [...concurrencies].reverse();
    for (const concurrency of order) {
      await prisma.outboxMessage.deleteMany({});
      // One row per event (the outbox is unique on event and adapter), the payload the core writes.
      await prisma.$executeRaw`
        INSERT INTO "OutboxMessage" ("eventId", "adapterId", "deliveryKey", "payload", "nextAttemptAt", "updatedAt")
        SELECT e."id", 'example', 'case-event-' || e."id" || '-example',
          json_build_object(
            'eventId', e."id", 'type', e."type", 'fromStatus', e."fromStatus", 'toStatus', e."toStatus",
            'reason', e."reason", 'data', e."data", 'occurredAt', e."createdAt",
            'case', json_build_object('id', c."id", 'number', c."number", 'status', c."status",
              'riskLevel', c."riskLevel", 'version', c."version", 'externalSystem', 'example',
              'externalRef', 'BENCH-' || c."id")),
          now(), now()
        FROM "CaseEvent" e JOIN "Case" c ON c."id" = e."caseId"
        ORDER BY e."id"
        LIMIT ${rows}`;
      // The previous round's rows are dead tuples until autovacuum comes by: start each run alike.
      await prisma.$executeRawUnsafe('VACUUM ANALYZE "OutboxMessage"');
      receiver.send({ type: 'reset', expect: rows } satisfies ToReceiver);
      const reached = reply('reached');
      const started = wallClock();
      const runtime = createPlatformRuntime({
        prisma,
        logger,
        adapters: [examplePartnerAdapter],
        adapterSettings: settingsFor(url, concurrency),
        live: { caseEvents: () => {}, deliveryUpdate: onUpdate },
      });
      const dispatcher: Dispatcher = runtime.dispatcher;
      const { at: lastReceipt } = await reached;
      const giveUp = wallClock() + 300_000;
      while (dispatcher.metrics().delivered < rows) {
        if (wallClock() > giveUp)
          throw new Error(`only ${dispatcher.metrics().delivered} of ${rows} delivered`);
        await sleep(2);
      }
      const settled = wallClock();
      await runtime.stop();
      const collected = await reply('collected', { type: 'collect' });
      const result: ThroughputResult = {
        concurrency,
        round,
        rows,
        receivedPerSecond: (rows / (lastReceipt - started)) * 1000,
        settledPerSecond: (rows / (settled - started)) * 1000,
        duplicates: collected.duplicates,
      };
      const delivered = await prisma.outboxMessage.count({ where: { status: 'DELIVERED' } });
      if (delivered !== rows || collected.receipts.length !== rows) {
        throw new Error(
          `expected ${rows} deliveries, got ${delivered} rows, ${collected.receipts.length} keys`,
        );
      }
      throughput.push(result);
      console.log(
        `round ${round}, concurrency ${concurrency}: ${rows} deliveries, ${result.receivedPerSecond.toFixed(0)} received/s, ${result.settledPerSecond.toFixed(0)} settled/s, ${result.duplicates} duplicates`,
      );
    }
  }

  // Results
  const loadAfter = loadavg()[0]!;
  const summary = concurrencies.map((concurrency) => {
    const mine = throughput.filter((t) => t.concurrency === concurrency);
    const received = mine.map((t) => t.receivedPerSecond);
    return {
      concurrency,
      received: median(received),
      receivedRange: `${Math.min(...received).toFixed(0)}–${Math.max(...received).toFixed(0)}`,
      settled: median(mine.map((t) => t.settledPerSecond)),
    };
  });
  const fixed = (n: number, digits = 1) => n.toFixed(digits);
  const markdown = `# Deliveries benchmark

Measured ${new Date().toISOString()} on ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, Node ${process.version},
database: ${label}. Load average ${fixed(loadBefore, 2)} before, ${fixed(loadAfter, 2)} after.
Command: \`BENCH_DATABASE=${databaseKind} npx -y pnpm@12.4.2 --filter @mediation/bench bench:deliveries\`
(see [the README](../README.md#deliveries-benchdeliveries)).

One process plays a platform instance (real workflow, outbox, dispatcher publishing each status
change to the pub/sub (${process.env.REDIS_URL ? 'Redis' : 'in-process'}), and the \`example\` adapter: signed JSON POST with
\`Idempotency-Key\`); the receiver is a separate process answering 200 at once. 50 unmeasured commits
warm up first.

## Commit → receipt latency

${latencyEvents} \`acceptCase\` commits per rate, each one event for the partner; default per-adapter
concurrency 4. From just after the transaction committed to the receiver reading the request.

| Target rate | Achieved | p50 | p90 | p99 | max | Duplicates |
|---|---|---|---|---|---|---|
${latency
  .map(
    (l) =>
      `| ${l.rate}/s | ${fixed(l.achievedRate)}/s | ${fixed(l.p50)} ms | ${fixed(l.p90)} ms | ${fixed(l.p99)} ms | ${fixed(l.max)} ms | ${l.duplicates} |`,
  )
  .join('\n')}

## Throughput

${rows} due rows, one dispatcher; median of ${rounds} rounds (order alternated). "Received" is
dispatcher start → the receiver holds every key; "settled" is until every row is DELIVERED.

| Concurrency (per adapter) | Received/s (median) | min–max | Settled/s (median) |
|---|---|---|---|
${summary.map((s) => `| ${s.concurrency} | ${fixed(s.received, 0)} | ${s.receivedRange} | ${fixed(s.settled, 0)} |`).join('\n')}

Each round:

| Round | Concurrency | Received/s | Settled/s | Duplicates |
|---|---|---|---|---|
${throughput
  .map(
    (t) =>
      `| ${t.round} | ${t.concurrency} | ${fixed(t.receivedPerSecond, 0)} | ${fixed(t.settledPerSecond, 0)} | ${t.duplicates} |`,
  )
  .join('\n')}
`;
  mkdirSync(dirname(resultsFile), { recursive: true });
  writeFileSync(resultsFile.replace(/\.md$/, `-${databaseKind}.md`), markdown);
  console.log(`\n${markdown}\nwritten to ${resultsFile.replace(/\.md$/, `-${databaseKind}.md`)}`);
} finally {
  receiver.send({ type: 'stop' } satisfies ToReceiver);
  await cleanUp();
}
