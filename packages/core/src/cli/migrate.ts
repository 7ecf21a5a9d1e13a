// `tsx src/cli/migrate.ts`: applies pending migrations to DATABASE_URL when set,
// otherwise to the embedded PGlite data directory (DATA_DIR, default ./.data), configured like the
// server (environment variables, CONFIG_FILE). The embedded directory is refused while another
// process (a running server) holds it.

import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { ConfigError, loadPlatformSettings as loadConfig } from '../config.js';
import { acquireDataDirLock, DataDirLockedError } from '../db/data-dir-lock.js';
import { applyMigrations } from '../db/migration-engine.js';

async function migrate(): Promise<{ target: string; applied: string[] }> {
  const { databaseUrl, dataDir } = loadConfig();
  if (databaseUrl) {
    const { applied } = await applyMigrations(new PrismaPg({ connectionString: databaseUrl }));
    return { target: 'DATABASE_URL', applied };
  }

  await mkdir(dataDir, { recursive: true });
  const lock = acquireDataDirLock(dataDir, 'db:migrate');
  try {
    const pglite = await PGlite.create(dataDir);
    try {
      const { applied } = await applyMigrations(new PrismaPGlite(pglite));
      return { target: `PGlite at ${dataDir}`, applied };
    } finally {
      // An open PGlite keeps the process alive and leaves the data directory unclean.
      await pglite.close();
    }
  } finally {
    lock.release();
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
    process.exitCode = error instanceof DataDirLockedError ? 75 : error instanceof ConfigError ? 78 : 1;
  },
);
