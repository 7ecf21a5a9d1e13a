// `tsx src/cli/migrate.ts`: applies pending migrations to DATABASE_URL when set,
// otherwise to the embedded PGlite data directory (DATA_DIR, default ./.data).

import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { applyMigrations } from '../db/migration-engine.js';

async function migrate(): Promise<{ target: string; applied: string[] }> {
  const databaseUrl = process.env.DATABASE_URL;
  if (databaseUrl) {
    const { applied } = await applyMigrations(new PrismaPg({ connectionString: databaseUrl }));
    return { target: 'DATABASE_URL', applied };
  }

  const dataDir = path.resolve(process.env.DATA_DIR ?? './.data');
  await mkdir(dataDir, { recursive: true });
  const pglite = await PGlite.create(dataDir);
  try {
    const { applied } = await applyMigrations(new PrismaPGlite(pglite));
    return { target: `PGlite at ${dataDir}`, applied };
  } finally {
    // An open PGlite keeps the process alive and leaves the data directory unclean.
    await pglite.close();
  }
}

migrate().then(
  ({ target, applied }) => {
    if (applied.length === 0) {
      console.log(`No pending migrations to apply (${target}).`);
    } else {
      console.log(`Applied ${applied.length} migration(s) to ${target}:`);
      for (const name of applied) console.log(`  ${name}`);
    }
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
