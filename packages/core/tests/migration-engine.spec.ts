import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { describe, expect, it } from 'vitest';
import {
  applyMigrations,
  DEFAULT_MIGRATIONS_DIR,
  DEFAULT_SCHEMA_PATH,
  diffMigration,
} from '../src/db/migration-engine.js';

async function withTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(tmpdir(), 'migration-engine-'));
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function withPGlite<T>(fn: (pglite: PGlite) => Promise<T>): Promise<T> {
  const pglite = await PGlite.create();
  try {
    return await fn(pglite);
  } finally {
    await pglite.close();
  }
}

describe('migration engine (Prisma schema engine in WebAssembly)', () => {
  it('applies the committed migrations to a fresh PGlite, and only once', async () => {
    await withPGlite(async (pglite) => {
      const first = await applyMigrations(new PrismaPGlite(pglite));
      expect(first.applied.length).toBeGreaterThan(0);

      const tables = await pglite.query<{ table_name: string }>(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`,
      );
      expect(tables.rows.map((row) => row.table_name)).toEqual(
        expect.arrayContaining(['Case', 'Region', '_prisma_migrations']),
      );

      const recorded = await pglite.query<{ migration_name: string; finished_at: Date | null }>(
        'SELECT migration_name, finished_at FROM _prisma_migrations ORDER BY migration_name',
      );
      expect(recorded.rows.map((row) => row.migration_name)).toEqual(first.applied);
      expect(recorded.rows.every((row) => row.finished_at !== null)).toBe(true);

      expect(await applyMigrations(new PrismaPGlite(pglite))).toEqual({ applied: [] });
      // applyMigrations must leave the caller's PGlite open.
      expect(pglite.closed).toBe(false);
    });
  });

  it('committed migrations match schema.prisma (migrations are not stale)', async () => {
    const sql = await diffMigration();
    expect(sql, 'schema.prisma has changes without a migration: run `pnpm db:migration:new <name>`').toBe('');
  });

  it('diffs a schema change into SQL', async () => {
    await withTempDir(async (dir) => {
      const schema = await readFile(DEFAULT_SCHEMA_PATH, 'utf8');
      const changed = schema.replace(
        /^model Region \{\n/m,
        'model Region {\n  migrationSpecProbe String? @db.VarChar(10)\n',
      );
      expect(changed).not.toBe(schema);
      const schemaPath = path.join(dir, 'schema.prisma');
      await writeFile(schemaPath, changed);

      const sql = await diffMigration({ schemaPath });
      expect(sql).toMatch(/ALTER TABLE "Region" ADD COLUMN\s+"migrationSpecProbe" VARCHAR\(10\)/);
    });
  });

  it('names a failing migration, rolls it back and does not record it as applied', async () => {
    await withTempDir(async (dir) => {
      const migrationsDir = path.join(dir, 'migrations');
      await cp(DEFAULT_MIGRATIONS_DIR, migrationsDir, { recursive: true });
      const broken = '99991231235959_broken';
      await mkdir(path.join(migrationsDir, broken));
      await writeFile(
        path.join(migrationsDir, broken, 'migration.sql'),
        'CREATE TABLE "HalfDone" ("id" INTEGER);\nALTER TABLE "NoSuchTable" ADD COLUMN "x" INTEGER;\n',
      );

      await withPGlite(async (pglite) => {
        await expect(applyMigrations(new PrismaPGlite(pglite), { migrationsDir })).rejects.toThrow(
          new RegExp(`Migration ${broken} .*failed to apply`),
        );

        const failed = await pglite.query<{ finished_at: Date | null }>(
          'SELECT finished_at FROM _prisma_migrations WHERE migration_name = $1',
          [broken],
        );
        expect(failed.rows).toEqual([{ finished_at: null }]);
        const halfDone = await pglite.query(
          `SELECT 1 FROM information_schema.tables WHERE table_name = 'HalfDone'`,
        );
        expect(halfDone.rows).toHaveLength(0);
      });
    });
  });
});
