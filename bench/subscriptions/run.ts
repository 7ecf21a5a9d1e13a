/**
 * Subscription benchmark: N graphql-ws subscribers of our `caseFeed` against the same number on a
 * plain graphql-yoga + graphql-ws server with a trivial schema, both fed by the same pub/sub. Real
 * commands commit and publish the events; latency is publish → the client's `next` callback.
 *
 *   npx pnpm@12.4.2 --filter @mediation/bench bench:subscriptions
 *
 * Settings (environment): BENCH_SUBSCRIBERS (1000), BENCH_EVENTS (100), BENCH_INTERVAL_MS (100), BENCH_ROUNDS (3),
 * BENCH_DATABASE_URL (PostgreSQL; embedded PGlite when unset), REDIS_URL (Redis pub/sub; in-process
 * when unset), BENCH_CPU_PROF_DIR (write a V8 CPU profile of the server process there).
 */
import { type ChildProcess, fork } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { type Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';
import type { FromServer, ToServer } from './protocol.js';

const subscribers = Number(process.env.BENCH_SUBSCRIBERS ?? 1000);
const events = Number(process.env.BENCH_EVENTS ?? 100);
const intervalMs = Number(process.env.BENCH_INTERVAL_MS ?? 100);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const here = dirname(fileURLToPath(import.meta.url));
const resultsFile = join(here, '..', 'results', 'subscriptions.md');
const wallClock = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Message<T extends FromServer['type']> = Extract<FromServer, { type: T }>;

const loadBefore = loadavg()[0]!;
const server: ChildProcess = fork(join(here, 'server.ts'), [], {
  cwd: join(here, '..'),
  execArgv: [
    '--import',
    'tsx',
    ...(process.env.BENCH_CPU_PROF_DIR
      ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF_DIR}`]
      : []),
  ],
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
});
const publishedAt = new Map<number, number>();
const waiting = new Map<string, (message: FromServer) => void>();
server.on('message', (message: FromServer) => {
  if (message.type === 'published') publishedAt.set(message.eventId, message.at);
  waiting.get(message.type)?.(message);
});
server.once('exit', (code) => {
  if (code !== 0) {
    console.error(`benchmark server exited with ${code}`);
    process.exit(1);
  }
});
function request<T extends FromServer['type']>(command: ToServer | undefined, reply: T): Promise<Message<T>> {
  return new Promise((resolve) => {
    waiting.set(reply, (message) => {
      waiting.delete(reply);
      resolve(message as Message<T>);
    });
    if (command) server.send(command);
  });
}
const status = (gc = false) => request({ type: 'status', gc }, 'status');

interface Target {
  name: string;
  url: string;
  query: string;
  variables?: Record<string, unknown>;
  eventIdOf(data: unknown): number;
  openOnServer(status: Message<'status'>): number;
}

interface PhaseResult {
  name: string;
  received: number;
  expected: number;
  p50: number;
  p99: number;
  mean: number;
  max: number;
  connectSeconds: number;
  activeAfterLeaving: number;
  /** Server heap after a forced GC: before connecting, with the subscribers after the run, after they left. */
  heapMb: [number, number, number];
}

const percentile = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : Number.NaN;

async function runPhase(target: Target): Promise<PhaseResult> {
  console.log(`\n${target.name}: connecting ${subscribers} graphql-ws subscribers …`);
  const connectStarted = performance.now();
  let measuring = false;
  const measured = new Set<number>();
  // (eventId, arrival) pairs: a delivery can arrive before the IPC message saying it was published.
  const deliveries: number[] = [];
  const warmed = new Uint8Array(subscribers);
  const clients: Client[] = [];
  for (let i = 0; i < subscribers; i++) {
    const client = createClient({
      url: target.url.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      lazyCloseTimeout: 0,
      connectionParams: { authorization: ready.authorization },
    });
    const index = i;
    client.subscribe(
      { query: target.query, variables: target.variables },
      {
        next: (result) => {
          const at = wallClock();
          if (result.errors) throw new Error(JSON.stringify(result.errors));
          const eventId = target.eventIdOf(result.data);
          warmed[index] = 1;
          if (measuring) deliveries.push(eventId, at);
        },
        error: (error) => console.error(`${target.name}: subscriber ${index} failed`, error),
        complete: () => {},
      },
    );
    clients.push(client);
    if (i % 100 === 99) await sleep(50);
  }
  const heapBeforeMb = (await status(true)).heapUsedMb;
  for (let tries = 0; target.openOnServer(await status()) < subscribers; tries++) {
    if (tries > 600) throw new Error(`${target.name}: subscribers did not all connect`);
    await sleep(50);
  }
  const connectSeconds = (performance.now() - connectStarted) / 1000;

  // Warm up until every subscriber has received an event: the subscription is live end to end.
  for (let tries = 0; warmed.some((flag) => flag === 0); tries++) {
    if (tries > 50) throw new Error(`${target.name}: not every subscriber received the warm-up events`);
    await request({ type: 'publish', count: 1, intervalMs: 0 }, 'publishDone');
    await sleep(300);
  }
  await sleep(500);

  console.log(`${target.name}: publishing ${events} events, one every ${intervalMs} ms …`);
  const idsBefore = new Set(publishedAt.keys());
  measuring = true;
  const collect = (message: FromServer) => {
    if (message.type === 'published' && !idsBefore.has(message.eventId)) measured.add(message.eventId);
  };
  server.on('message', collect);
  await request({ type: 'publish', count: events, intervalMs }, 'publishDone');
  server.off('message', collect);
  const expected = subscribers * events;
  const latencies: number[] = [];
  const deadline = Date.now() + 30_000;
  do {
    await sleep(100);
    latencies.length = 0;
    for (let i = 0; i < deliveries.length; i += 2) {
      const eventId = deliveries[i]!;
      if (measured.has(eventId)) latencies.push(deliveries[i + 1]! - publishedAt.get(eventId)!);
    }
  } while (latencies.length < expected && Date.now() < deadline);
  measuring = false;
  const heapWithSubscribersMb = (await status(true)).heapUsedMb;

  await Promise.all(clients.map((client) => client.dispose()));
  let after = await status();
  for (let tries = 0; target.openOnServer(after) > 0 && tries < 100; tries++) {
    await sleep(50);
    after = await status();
  }
  const heapAfterMb = (await status(true)).heapUsedMb;

  const sorted = latencies.slice().sort((a, b) => a - b);
  return {
    name: target.name,
    received: latencies.length,
    expected,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    mean: sorted.reduce((sum, value) => sum + value, 0) / sorted.length,
    max: sorted.at(-1) ?? Number.NaN,
    connectSeconds,
    activeAfterLeaving: target.openOnServer(after),
    heapMb: [heapBeforeMb, heapWithSubscribersMb, heapAfterMb],
  };
}

const ready = await request(undefined, 'ready');
const eventIdFromGlobalId = (id: string) => Number(Buffer.from(id, 'base64').toString().split(':')[1]);

const plainTarget: Target = {
  name: 'plain graphql-yoga + graphql-ws',
  url: ready.plainUrl,
  query: 'subscription { caseFeed { eventId type caseNumber status createdAt } }',
  eventIdOf: (data) => (data as { caseFeed: { eventId: number } }).caseFeed.eventId,
  openOnServer: (s) => s.plainConnections,
};
const oursTarget: Target = {
  name: 'ours: caseFeed',
  url: ready.oursUrl,
  query: `subscription($filter: CaseFeedFilter) { caseFeed(filter: $filter) {
    id type toStatus createdAt case { number status riskLevel } } }`,
  variables: { filter: { regionId: ready.regionId } },
  eventIdOf: (data) => eventIdFromGlobalId((data as { caseFeed: { id: string } }).caseFeed.id),
  openOnServer: (s) => s.oursActive,
};
// Rounds alternate the two servers, so a burst of load from elsewhere on the machine hits both.
const plainRounds: PhaseResult[] = [];
const oursRounds: PhaseResult[] = [];
for (let round = 1; round <= rounds; round++) {
  console.log(`\nround ${round} of ${rounds}`);
  plainRounds.push(await runPhase(plainTarget));
  oursRounds.push(await runPhase(oursTarget));
}
const exited = new Promise((resolve) => server.once('exit', resolve));
server.send({ type: 'stop' } satisfies ToServer);
await exited;

const ms = (value: number) => value.toFixed(1);
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
const median = (values: number[]) => {
  const sorted = values.slice().sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
const summary = (results: PhaseResult[]) => ({
  received: results.reduce((sum, r) => sum + r.received, 0),
  expected: results.reduce((sum, r) => sum + r.expected, 0),
  p50: median(results.map((r) => r.p50)),
  p99: median(results.map((r) => r.p99)),
  mean: median(results.map((r) => r.mean)),
  max: median(results.map((r) => r.max)),
  connectSeconds: median(results.map((r) => r.connectSeconds)),
  activeAfterLeaving: Math.max(...results.map((r) => r.activeAfterLeaving)),
  heapMb: results.at(-1)!.heapMb,
});
const plain = summary(plainRounds);
const ours = summary(oursRounds);
const count = (value: number) => value.toLocaleString('en');
const rows: [string, string, string, string][] = [
  [
    'deliveries received (all rounds)',
    `${count(plain.received)} / ${count(plain.expected)}`,
    `${count(ours.received)} / ${count(ours.expected)}`,
    ratio(ours.received, plain.received),
  ],
  ['latency p50 (ms)', ms(plain.p50), ms(ours.p50), ratio(ours.p50, plain.p50)],
  ['latency p99 (ms)', ms(plain.p99), ms(ours.p99), ratio(ours.p99, plain.p99)],
  ['latency mean (ms)', ms(plain.mean), ms(ours.mean), ratio(ours.mean, plain.mean)],
  ['latency max (ms)', ms(plain.max), ms(ours.max), ratio(ours.max, plain.max)],
  [
    'open on the server after clients left',
    `${plain.activeAfterLeaving} connections`,
    `${ours.activeAfterLeaving} subscriptions`,
    '',
  ],
  [
    'server heap before → with subscribers → after they left (MB, after GC, last round)',
    plain.heapMb.map((mb) => mb.toFixed(0)).join(' → '),
    ours.heapMb.map((mb) => mb.toFixed(0)).join(' → '),
    '',
  ],
  [
    'time to connect all subscribers (s)',
    plain.connectSeconds.toFixed(1),
    ours.connectSeconds.toFixed(1),
    '',
  ],
];
const perRound = [
  '| round | plain p50 / p99 (ms) | ours p50 / p99 (ms) | ours / plain p50 | ours / plain p99 |',
  '|---|---:|---:|---:|---:|',
  ...plainRounds.map((p, i) => {
    const o = oursRounds[i]!;
    return `| ${i + 1} | ${ms(p.p50)} / ${ms(p.p99)} | ${ms(o.p50)} / ${ms(o.p99)} | ${ratio(o.p50, p.p50)} | ${ratio(o.p99, p.p99)} |`;
  }),
].join('\n');
const table = [
  '| | plain graphql-yoga + graphql-ws | ours: `caseFeed` | ours / plain |',
  '|---|---:|---:|---:|',
  ...rows.map((row) => `| ${row.join(' | ')} |`),
].join('\n');

const report = `# Subscriptions benchmark

Run on ${new Date().toISOString()} with \`npx pnpm@12.4.2 --filter @mediation/bench bench:subscriptions\`.

- ${count(subscribers)} graphql-ws subscribers (one WebSocket each) per server, ${events} events, one committed and published every ${intervalMs} ms; ${rounds} rounds alternating the servers (figures below: the median over rounds); clients in one process, both servers in another, same machine.
- Events: real \`reportCase\` commands (one transaction each) on ${ready.database}; pub/sub ${ready.pubsub}. Latency = the server's publish → the client's \`next\` callback, per delivery.
- plain: a trivial schema whose \`caseFeed\` resolves the published message (Yoga's \`pubsub.subscribe\`).
- ours: \`caseFeed(filter: { regionId })\` of the town the cases are reported in, selecting \`id type toStatus createdAt case { number status riskLevel }\`: a signed-in admin (staff token in \`connection_init\`, rechecked while open), the jurisdiction and region filters, the event and its case loaded through Pothos and Prisma (one shared query per event), error masking and the rest of our Yoga plugins (the per-caller rate limit off: the 1,000 screens share one token).
- Node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'}); 1-minute load average ${loadBefore.toFixed(1)} before the run, ${loadavg()[0]!.toFixed(1)} after (other work on the machine skews the figures; compare the ratio).

${table}

Per round:

${perRound}

Anchor (ENVIRONMENT.md, plain graphql-yoga + graphql-ws, in-process pub/sub, 1,000 subscribers, 100 events): all 100,000 deliveries, p50 about 27 ms, p99 about 51 ms.
`;
mkdirSync(dirname(resultsFile), { recursive: true });
writeFileSync(resultsFile, report);
console.log(`\n${table}\n\n${perRound}\n\nwritten to ${resultsFile}`);
process.exit(0);
