import { mkdirSync, readdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaClient } from '../generated/prisma/client.js';
import type { Logger } from '../logger.js';
import { acquireDataDirLock, type DataDirLock } from './data-dir-lock.js';
import { applyMigrations, DEFAULT_MIGRATIONS_DIR } from './migration-engine.js';
import { createResilientPool, retryOnLostConnection } from './resilient-pool.js';
import { observeStatements, type StatementListener } from './statement-observer.js';

export type DatabaseKind = 'pglite' | 'postgres';

export interface Database {
  prisma: PrismaClient;
  kind: DatabaseKind;
  /** Migrations applied while opening (empty when the database was up to date or `migrate` was off). */
  appliedMigrations: string[];
  /** The data directory's lock held by this process (embedded mode with `dataDir`). */
  dataDirLock?: DataDirLock;
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
  /**
   * How long a query waits for a free PostgreSQL connection before failing (retryable), ms.
   * @default 5_000
   */
  poolWaitMs?: number;
  /**
   * Interactive transactions: how long one waits to start, and how long it may run, ms.
   * @default { maxWait: 2_000, timeout: 5_000 } (Prisma's)
   */
  transactions?: { maxWait?: number; timeout?: number };
  /**
   * Who opens the embedded data directory (`server`, `db:seed`, …): named in the lock, and in the
   * refusal another process gets while this one holds it.
   * @default 'platform'
   */
  owner?: string;
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
  let pool: ReturnType<typeof createResilientPool> | undefined;
  let dataDirLock: DataDirLock | undefined;

  if (options.databaseUrl) {
    kind = 'postgres';
    pool = createResilientPool({
      connectionString: options.databaseUrl,
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: options.poolWaitMs ?? 5_000,
      logger: options.logger,
    });
    adapter = new PrismaPg(pool);
  } else {
    kind = 'pglite';
    if (options.pglite) {
      pglite = options.pglite;
    } else {
      if (!options.dataDir) throw new Error('openDatabase: give either databaseUrl, dataDir or pglite');
      mkdirSync(options.dataDir, { recursive: true });
      // Refused at once while another live process holds the directory (DataDirLockedError).
      dataDirLock = acquireDataDirLock(options.dataDir, options.owner ?? 'platform');
      try {
        pglite = await PGlite.create(options.dataDir);
      } catch (error) {
        dataDirLock.release();
        throw error;
      }
    }
    adapter = new PrismaPGlite(pglite);
  }

  const resilient = pool ? retryOnLostConnection(adapter) : adapter;
  const prisma = new PrismaClient({
    adapter: options.onStatement ? observeStatements(resilient, options.onStatement) : resilient,
    ...(options.transactions ? { transactionOptions: options.transactions } : {}),
  });
  const release = async () => {
    await prisma.$disconnect().catch(() => {});
    if (pglite && !pglite.closed) await pglite.close();
    await pool?.end().catch(() => {});
    dataDirLock?.release();
  };

  let appliedMigrations: string[] = [];
  try {
    // Loading the migration engine (WebAssembly) costs about half a second: skip it when every
    // migration directory is already recorded as finished.
    if ((options.migrate ?? true) && (await hasPendingMigrations(prisma))) {
      ({ applied: appliedMigrations } = await applyMigrations(adapter));
      if (appliedMigrations.length > 0) options.logger?.info({ appliedMigrations }, 'migrations applied');
    }
  } catch (error) {
    await release();
    throw error;
  }

  let closed: Promise<void> | undefined;
  return {
    prisma,
    kind,
    appliedMigrations,
    ...(dataDirLock ? { dataDirLock } : {}),
    close() {
      closed ??= release();
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
