/**
 * Authorization benchmark: what signing in and jurisdiction cost on the nested 50-case list.
 *
 *   npx pnpm@12.4.2 --filter @mediation/bench bench:authz
 *
 * Creates a fresh PostgreSQL database, starts the real server on it in a child process (migrated,
 * demo data seeded), drives it with autocannon, writes results/authz.md and drops the database.
 *
 * Settings (environment): BENCH_PG_URL (postgres://postgres@127.0.0.1:5432/postgres, the server the
 * scratch database is created on), BENCH_DURATION (10 s), BENCH_CONNECTIONS (10), BENCH_ROUNDS (2),
 * BENCH_WARMUP (2 s), BENCH_POOL_SIZE (10, the server's database pool).
 */
import { type ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '@mediation/core';
import autocannon from 'autocannon';
import type { FromServer, Target, ToServer } from './protocol.js';

const adminUrl = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const duration = Number(process.env.BENCH_DURATION ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);
const rounds = Number(process.env.BENCH_ROUNDS ?? 2);
const warmup = Number(process.env.BENCH_WARMUP ?? 2);
const here = dirname(fileURLToPath(import.meta.url));
const resultsFile = join(here, '..', 'results', 'authz.md');

const casesQuery = /* GraphQL */ `{
  cases(first: 50) {
    edges {
      node {
        number title status
        grid { name region { name } }
        region { name }
        leadMediator { name organization { name } }
        parties { name role phone }
        events(last: 5) { edges { node { type createdAt } } }
      }
    }
  }
}`;
const typenameQuery = '{ __typename }';

interface Scenario {
  key: string;
  what: string;
  target: Target['name'];
  as: 'admin' | 'district' | null;
  query: string;
}

const scenarios: Scenario[] = [
  {
    key: 'typename-anonymous',
    what: '`{ __typename }`, no credentials (no auth, no database)',
    target: 'normal',
    as: null,
    query: typenameQuery,
  },
  {
    key: 'typename-admin',
    what: '`{ __typename }`, admin token: verified and user loaded per request',
    target: 'normal',
    as: 'admin',
    query: typenameQuery,
  },
  {
    key: 'typename-fixed-admin',
    what: '`{ __typename }`, fixed admin principal (no token check, no user load)',
    target: 'fixed-admin',
    as: 'admin',
    query: typenameQuery,
  },
  {
    key: 'cases-admin',
    what: '(a) 50 cases as admin (`caseReadScope` = `{}`), token + user per request',
    target: 'normal',
    as: 'admin',
    query: casesQuery,
  },
  {
    key: 'cases-district',
    what: '(b) 50 cases as district supervisor (region subtree filter), token + user per request',
    target: 'normal',
    as: 'district',
    query: casesQuery,
  },
  {
    key: 'cases-fixed-admin',
    what: '(c) 50 cases, fixed admin principal',
    target: 'fixed-admin',
    as: 'admin',
    query: casesQuery,
  },
  {
    key: 'cases-fixed-district',
    what: '50 cases, fixed district-supervisor principal',
    target: 'fixed-district',
    as: 'district',
    query: casesQuery,
  },
];

interface Measured {
  rps: number;
  rpsMean: number;
  p50: number;
  p99: number;
  requests: number;
  non2xx: number;
  errors: number;
  statementsPerRequest: number;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

// ---------------------------------------------------------------------------------------------
// The scratch database and the server process
// ---------------------------------------------------------------------------------------------

const databaseName = `mdl_bench_authz_${randomBytes(4).toString('hex')}`;
const databaseUrl = new URL(adminUrl);
databaseUrl.pathname = `/${databaseName}`;
const maintenance = await openDatabase({ databaseUrl: adminUrl, migrate: false, poolSize: 1 });
const [{ server_version: postgresVersion } = { server_version: '?' }] =
  await maintenance.prisma.$queryRawUnsafe<{ server_version: string }[]>('SHOW server_version');
await maintenance.prisma.$executeRawUnsafe(`CREATE DATABASE "${databaseName}"`);
console.log(`created database ${databaseName} (PostgreSQL ${postgresVersion})`);

let server: ChildProcess | undefined;
let dropped = false;
async function dropDatabase() {
  if (dropped) return;
  dropped = true;
  await maintenance.prisma.$executeRawUnsafe(`DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)`);
  await maintenance.close();
  console.log(`dropped database ${databaseName}`);
}
process.once('SIGINT', () => {
  server?.kill();
  void dropDatabase().finally(() => process.exit(130));
});

const waiting = new Map<string, (message: FromServer) => void>();
function reply<T extends FromServer['type']>(
  type: T,
  command?: ToServer,
): Promise<Extract<FromServer, { type: T }>> {
  return new Promise((resolve) => {
    waiting.set(type, (message) => {
      waiting.delete(type);
      resolve(message as Extract<FromServer, { type: T }>);
    });
    if (command) server?.send(command);
  });
}
const statementCount = async () => (await reply('statements', { type: 'statements' })).count;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Waits until the server sends no more SQL (requests autocannon left in flight have finished). */
async function settle() {
  let last = await statementCount();
  for (;;) {
    await sleep(250);
    const now = await statementCount();
    if (now === last) return now;
    last = now;
  }
}

try {
  server = fork(join(here, 'server.ts'), [], {
    cwd: join(here, '..'),
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, BENCH_DATABASE_URL: databaseUrl.toString() },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  server.on('message', (message: FromServer) => waiting.get(message.type)?.(message));
  const exited = new Promise<never>((_, reject) =>
    server?.once('exit', (code) => reject(new Error(`the benchmark server exited with ${code}`))),
  );
  const ready = await Promise.race([reply('ready'), exited]);
  exited.catch(() => {});
  console.log(
    `server ready: ${ready.totalCases} cases seeded in ${(ready.seedMs / 1000).toFixed(1)} s; district supervisor ${ready.district.username} (${ready.district.regionName}, ${ready.district.cases} cases)`,
  );

  const urlOf = (name: Target['name']) => ready.targets.find((target) => target.name === name)!.url;
  const headersOf = (scenario: Scenario): Record<string, string> => ({
    'content-type': 'application/json',
    accept: 'application/graphql-response+json',
    ...(scenario.as ? { authorization: `Bearer ${ready.tokens[scenario.as]}` } : {}),
  });
  const bodyOf = (scenario: Scenario) => JSON.stringify({ query: scenario.query });

  // One request each, checked (200, no errors, 50 cases) and its SQL statements counted exactly.
  const statementsPerRequest = new Map<string, number>();
  for (const scenario of scenarios) {
    let counted = 0;
    for (let i = 0; i < 3; i++) {
      const before = await statementCount();
      const response = await fetch(urlOf(scenario.target), {
        method: 'POST',
        headers: headersOf(scenario),
        body: bodyOf(scenario),
      });
      const body = (await response.json()) as {
        data?: { cases?: { edges?: unknown[] } };
        errors?: unknown[];
      };
      counted = (await statementCount()) - before;
      if (response.status !== 200 || body.errors) {
        throw new Error(`${scenario.key}: ${response.status} ${JSON.stringify(body).slice(0, 500)}`);
      }
      if (scenario.query === casesQuery && body.data?.cases?.edges?.length !== 50) {
        throw new Error(`${scenario.key}: expected 50 cases, got ${body.data?.cases?.edges?.length}`);
      }
    }
    statementsPerRequest.set(scenario.key, counted);
  }

  async function load(scenario: Scenario, seconds: number) {
    return autocannon({
      url: urlOf(scenario.target),
      method: 'POST',
      headers: headersOf(scenario),
      body: bodyOf(scenario),
      connections,
      duration: seconds,
    });
  }

  const measured = new Map<string, Measured[]>(scenarios.map((scenario) => [scenario.key, []]));
  const loadBefore = loadavg()[0]!;
  for (let round = 1; round <= rounds; round++) {
    // Alternate the order, so a burst of load from elsewhere on the machine spreads over scenarios.
    const order = round % 2 ? scenarios : [...scenarios].reverse();
    for (const scenario of order) {
      if (warmup > 0) await load(scenario, warmup);
      const before = await settle();
      const result = await load(scenario, duration);
      const statements = (await settle()) - before;
      const run: Measured = {
        rps: result.requests.p50,
        rpsMean: result.requests.average,
        p50: result.latency.p50,
        p99: result.latency.p99,
        requests: result.requests.total,
        non2xx: result.non2xx,
        errors: result.errors,
        statementsPerRequest: statements / Math.max(1, result.requests.total),
      };
      measured.get(scenario.key)!.push(run);
      console.log(
        `round ${round} ${scenario.key.padEnd(22)} ${run.rps.toFixed(0).padStart(6)} req/s  p50 ${run.p50} ms  p99 ${run.p99} ms  ${run.statementsPerRequest.toFixed(2)} SQL/req  non-2xx ${run.non2xx}  errors ${run.errors}`,
      );
    }
  }
  const loadAfter = loadavg()[0]!;

  // ---------------------------------------------------------------------------------------------
  // Results
  // ---------------------------------------------------------------------------------------------

  const summary = new Map(
    scenarios.map((scenario) => {
      const runs = measured.get(scenario.key)!;
      return [
        scenario.key,
        {
          rps: median(runs.map((run) => run.rps)),
          p50: median(runs.map((run) => run.p50)),
          p99: median(runs.map((run) => run.p99)),
          sql: statementsPerRequest.get(scenario.key)!,
          sqlUnderLoad: median(runs.map((run) => run.statementsPerRequest)),
          failures: runs.reduce((sum, run) => sum + run.non2xx + run.errors, 0),
        },
      ];
    }),
  );
  const s = (key: string) => summary.get(key)!;
  const fmt = (value: number, digits = 0) => value.toFixed(digits);
  const ratio = (a: string, b: string) =>
    `${fmt(s(a).rps / s(b).rps, 2)}× req/s, p50 ${fmt(s(a).p50 - s(b).p50, 1)} ms, p99 ${fmt(s(a).p99 - s(b).p99, 1)} ms`;

  const lines: string[] = [];
  lines.push('# Authorization overhead');
  lines.push('');
  lines.push(
    `Generated by \`bench:authz\` (bench/authz/run.ts) on ${new Date().toISOString().slice(0, 10)}: Node ${process.version}, ${cpus().length} CPUs, PostgreSQL ${postgresVersion}, load average ${fmt(loadBefore, 1)} → ${fmt(loadAfter, 1)} during the run. autocannon ${connections} connections × ${duration} s per scenario (after ${warmup} s warm-up), ${rounds} rounds alternating the order; the server (one Node process, database pool ${process.env.BENCH_POOL_SIZE ?? 10}) and autocannon share the machine.`,
  );
  lines.push('');
  lines.push(
    `Data: the demo seed (${ready.totalCases} cases). District supervisor: \`${ready.district.username}\` (${ready.district.regionName}, ${ready.district.cases} cases in the subtree). The nested query is \`cases(first: 50)\` with grid/region, region, lead mediator/organization, parties and \`events(last: 5)\`; every response was checked to carry 50 cases.`,
  );
  lines.push('');
  lines.push(
    '| Scenario | req/s (median) | p50 latency (ms) | p99 latency (ms) | SQL statements / request | failed requests |',
  );
  lines.push('|---|---:|---:|---:|---:|---:|');
  for (const scenario of scenarios) {
    const row = s(scenario.key);
    lines.push(
      `| ${scenario.what} | ${fmt(row.rps)} | ${fmt(row.p50, 1)} | ${fmt(row.p99, 1)} | ${row.sql} (${fmt(row.sqlUnderLoad, 2)}) | ${row.failures} |`,
    );
  }
  lines.push('');
  lines.push(
    'req/s is the median of the per-second samples, p50/p99 are autocannon latencies; each is the median over the rounds. SQL statements: counted exactly for one request, and in parentheses the average under load (the few requests autocannon cuts off at the end of a run add a little).',
  );
  lines.push('');
  lines.push('Comparisons (ratios of req/s; latency differences):');
  lines.push('');
  lines.push(
    `- (b) district supervisor vs (a) admin, both signed in per request: ${ratio('cases-district', 'cases-admin')}`,
  );
  lines.push(
    `- jurisdiction filter alone (fixed principals): district vs admin: ${ratio('cases-fixed-district', 'cases-fixed-admin')}`,
  );
  lines.push(
    `- (c) authentication on the 50-case list: token + user per request vs fixed admin principal: ${ratio('cases-admin', 'cases-fixed-admin')}`,
  );
  lines.push(
    `- authentication on \`{ __typename }\`: admin token vs fixed admin principal: ${ratio('typename-admin', 'typename-fixed-admin')}; vs no credentials: ${ratio('typename-admin', 'typename-anonymous')}`,
  );
  lines.push('');
  lines.push('Each round:');
  lines.push('');
  lines.push('| Scenario | round | req/s (median / mean) | p50 (ms) | p99 (ms) | requests | SQL / request |');
  lines.push('|---|---:|---:|---:|---:|---:|---:|');
  for (const scenario of scenarios) {
    measured.get(scenario.key)!.forEach((run, index) => {
      lines.push(
        `| ${scenario.key} | ${index + 1} | ${fmt(run.rps)} / ${fmt(run.rpsMean)} | ${run.p50} | ${run.p99} | ${run.requests} | ${fmt(run.statementsPerRequest, 2)} |`,
      );
    });
  }
  lines.push('');
  const text = lines.join('\n');
  mkdirSync(dirname(resultsFile), { recursive: true });
  writeFileSync(resultsFile, text);
  console.log(`\n${text}`);
  console.log(`written to ${resultsFile}`);
  const stopped = new Promise((resolve) => server?.once('exit', resolve));
  server.send({ type: 'stop' } satisfies ToServer);
  await stopped;
} finally {
  if (server && server.exitCode === null) server.kill();
  await dropDatabase();
}
