import { mkdirSync, readdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaClient } from '../generated/prisma/client.js';
import type { Logger } from '../logger.js';
import { applyMigrations, DEFAULT_MIGRATIONS_DIR } from './migration-engine.js';
import { observeStatements, type StatementListener } from './statement-observer.js';

export type DatabaseKind = 'pglite' | 'postgres';

export interface Database {
  prisma: PrismaClient;
  kind: DatabaseKind;
  /** Migrations applied while opening (empty when the database was up to date or `migrate` was off). */
  appliedMigrations: string[];
  /** Disconnects Prisma and, in embedded mode, closes PGlite so its data directory is left clean. */
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** PostgreSQL server; when absent the embedded PGlite database is used. */
  databaseUrl?: string;
  /** PGlite data directory (embedded mode). */
  dataDir?: string;
  /** An already open PGlite instance (tests clone one per file); it is closed with the database. */
  pglite?: PGlite;
  /** Pool size for PostgreSQL. */
  poolSize?: number;
  /** Apply pending migrations before returning. Default true. */
  migrate?: boolean;
  /** Called with every SQL statement Prisma sends. */
  onStatement?: StatementListener;
  logger?: Logger;
}

/** Opens the platform's database: one code path for embedded PGlite and PostgreSQL. */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  let adapter: SqlMigrationAwareDriverAdapterFactory;
  let pglite: PGlite | undefined;
  let kind: DatabaseKind;

  if (options.databaseUrl) {
    kind = 'postgres';
    adapter = new PrismaPg({ connectionString: options.databaseUrl, max: options.poolSize ?? 10 });
  } else {
    kind = 'pglite';
    if (options.pglite) {
      pglite = options.pglite;
    } else {
      if (!options.dataDir) throw new Error('openDatabase: give either databaseUrl, dataDir or pglite');
      mkdirSync(options.dataDir, { recursive: true });
      pglite = await PGlite.create(options.dataDir);
    }
    adapter = new PrismaPGlite(pglite);
  }

  const prisma = new PrismaClient({
    adapter: options.onStatement ? observeStatements(adapter, options.onStatement) : adapter,
  });

  let appliedMigrations: string[] = [];
  try {
    // Loading the migration engine (WebAssembly) costs about half a second: skip it when every
    // migration directory is already recorded as finished.
    if ((options.migrate ?? true) && (await hasPendingMigrations(prisma))) {
      ({ applied: appliedMigrations } = await applyMigrations(adapter));
      if (appliedMigrations.length > 0) options.logger?.info({ appliedMigrations }, 'migrations applied');
    }
  } catch (error) {
    await prisma.$disconnect().catch(() => {});
    await pglite?.close();
    throw error;
  }

  let closed: Promise<void> | undefined;
  return {
    prisma,
    kind,
    appliedMigrations,
    close() {
      closed ??= (async () => {
        await prisma.$disconnect();
        if (pglite && !pglite.closed) await pglite.close();
      })();
      return closed;
    },
  };
}

/** Whether a migration directory is not yet recorded as finished in `_prisma_migrations`. */
async function hasPendingMigrations(prisma: PrismaClient): Promise<boolean> {
  const directories = readdirSync(DEFAULT_MIGRATIONS_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name);
  try {
    const rows = await prisma.$queryRawUnsafe<{ migration_name: string }[]>(
      'SELECT "migration_name" FROM "_prisma_migrations" WHERE "finished_at" IS NOT NULL AND "rolled_back_at" IS NULL',
    );
    const applied = new Set(rows.map((row) => row.migration_name));
    return directories.some((name) => !applied.has(name));
  } catch {
    return true; // no _prisma_migrations table yet: a new database
  }
}
