/**
 * The authorization benchmark's server process: the real platform (`createPlatform` + `start`) on a
 * migrated and seeded PostgreSQL database, three times over the same database:
 *
 * - `normal`: as deployed; every request verifies its JWT and loads its user (`authenticate`);
 * - `fixed-admin` / `fixed-district`: the same build, whose authenticator answers a principal loaded
 *   once at start, so neither the token nor the user is looked at per request. This swaps the
 *   `authenticate` method of the app's own authenticator object (the one its context calls), which
 *   needs no change to production code.
 *
 * Every SQL statement Prisma sends is counted; the driver asks for the count over IPC.
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { createPlatform, type PlatformInstance, signStaffToken } from '@mediation/api';
import { createLogger, loadUserPrincipal, openDatabase, type Principal } from '@mediation/core';
import { seedDemoData } from '@mediation/core/seed';
import type { FromServer, Target, ToServer } from './protocol.js';

const send = (message: FromServer) => process.send?.(message);
const databaseUrl = process.env.BENCH_DATABASE_URL;
if (!databaseUrl) throw new Error('BENCH_DATABASE_URL is required');

// Warnings and errors only: request logging would measure the log sink.
const logger = createLogger({ level: 'warn' });
let statements = 0;
const db = await openDatabase({
  databaseUrl,
  poolSize: Number(process.env.BENCH_POOL_SIZE ?? 10),
  logger,
  onStatement: () => {
    statements++;
  },
});
const seedStarted = performance.now();
await seedDemoData(db.prisma, {});
const seedMs = performance.now() - seedStarted;

// The district (county-level) supervisor with the most cases under their region.
const supervisors = await db.prisma.user.findMany({
  where: { role: 'SUPERVISOR', active: true, region: { level: 'COUNTY' } },
  select: { username: true, region: { select: { name: true, code: true, path: true } } },
});
const withCounts = await Promise.all(
  supervisors.map(async (supervisor) => ({
    ...supervisor,
    cases: await db.prisma.case.count({
      where: { region: { path: { startsWith: supervisor.region!.path } } },
    }),
  })),
);
const district = withCounts.sort((a, b) => b.cases - a.cases)[0];
if (!district?.region || district.cases < 50)
  throw new Error('no district supervisor with 50 cases in the seed');

const config = {
  graphiql: false,
  introspection: false,
  nodeEnv: 'production' as const,
  jwtSecret: randomBytes(48).toString('base64url'),
  // One caller sends everything: the per-caller rate limit would measure 429s.
  rateLimitPoints: 0,
};
const platforms: PlatformInstance[] = [];
async function start(name: Target['name'], principal?: Principal): Promise<Target> {
  const platform = createPlatform({ config, db, logger });
  if (principal) platform.app.authenticator.authenticate = async () => principal;
  platforms.push(platform);
  return { name, url: await platform.start(0, '127.0.0.1') };
}
const principalOf = async (username: string) => {
  const principal = await loadUserPrincipal(db.prisma, { username });
  if (!principal) throw new Error(`no active user ${username}`);
  return principal;
};
const targets = [
  await start('normal'),
  await start('fixed-admin', await principalOf('admin')),
  await start('fixed-district', await principalOf(district.username)),
];

process.on('disconnect', () => process.exit(0));
process.on('message', async (message: ToServer) => {
  if (message.type === 'statements') send({ type: 'statements', count: statements });
  if (message.type === 'stop') {
    for (const platform of platforms) await platform.stop();
    // Requests autocannon left in flight finish before the pool closes under them.
    let last = -1;
    while (last !== statements) {
      last = statements;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    await db.close();
    process.exit(0);
  }
});

send({
  type: 'ready',
  targets,
  tokens: {
    admin: await signStaffToken(config, 'admin', { expiresIn: '4h' }),
    district: await signStaffToken(config, district.username, { expiresIn: '4h' }),
  },
  district: {
    username: district.username,
    regionName: district.region.name,
    regionCode: district.region.code,
    cases: district.cases,
  },
  totalCases: await db.prisma.case.count(),
  seedMs,
});
