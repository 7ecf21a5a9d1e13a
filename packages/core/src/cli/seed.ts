// `tsx src/cli/seed.ts [--now <date>]`: seeds the demo city into DATABASE_URL when set, otherwise into
// the embedded PGlite data directory (DATA_DIR, default ./.data), applying pending migrations first.
// Seeding is idempotent: when the demo city exists nothing is written.

import { parseArgs } from 'node:util';
import { loadPlatformSettings as loadConfig } from '../config.js';
import { DataDirLockedError } from '../db/data-dir-lock.js';
import { openDatabase } from '../db/database.js';
import { seedDemoData } from '../seed/demo-seed.js';

const usage = `Usage: pnpm db:seed [--now <date>]

Seeds the demo data (杭州市: districts, towns, communities, grids, mediators, users, ~600 cases).
  --now <date>   the demo's "now", e.g. 2026-03-10 or 2026-03-10T00:00:00Z
                 (default: today 00:00 UTC); the same date always gives the same data
Database: DATABASE_URL when set, otherwise the PGlite data directory DATA_DIR (default ./.data).`;

function parseNow(value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const now = new Date(value);
  if (Number.isNaN(now.getTime())) {
    throw new Error(
      `--now: "${value}" is not a date; give an ISO date such as 2026-03-10 or 2026-03-10T00:00:00Z`,
    );
  }
  return now;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { now: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    console.log(usage);
    return;
  }
  const now = parseNow(values.now);
  const config = loadConfig();
  const db = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: 2,
    migrate: true,
    // refused at once while a server (or another command) holds the embedded data directory
    owner: 'db:seed',
  });
  // An open PGlite keeps the process alive and leaves its data directory unclean: close it on Ctrl-C too.
  const interrupt = () => {
    void db.close().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  try {
    const target = db.kind === 'postgres' ? 'DATABASE_URL' : `PGlite at ${config.dataDir}`;
    for (const name of db.appliedMigrations) console.log(`Applied migration ${name}`);
    const result = await seedDemoData(db.prisma, { now, log: (message) => console.log(message) });
    if (result.seeded) {
      console.log(`Seeded ${target}:`);
      for (const [table, count] of Object.entries(result.counts))
        console.log(`  ${table.padEnd(20)}${count}`);
    } else {
      console.log(`Nothing to do: ${target} already holds the demo data.`);
    }
  } finally {
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
    await db.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = error instanceof DataDirLockedError ? 75 : 1;
});
