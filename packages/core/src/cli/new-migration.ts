// `tsx src/cli/new-migration.ts <name>`: writes the SQL that brings the committed
// migrations up to prisma/schema.prisma as a new Prisma migration directory,
// the way `prisma migrate dev --create-only` would, without the native engine.

import { access, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  DEFAULT_MIGRATIONS_DIR,
  diffMigration,
  MIGRATION_LOCK_CONTENT,
  MIGRATION_LOCK_FILE,
} from '../db/migration-engine.js';

/** "addCaseTags" / "Add case-tags" → "add_case_tags", as Prisma slugifies migration names. */
function toMigrationSlug(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 200);
}

/** UTC YYYYMMDDHHMMSS, the prefix the Prisma engine gives migration directories. */
function migrationTimestamp(date: Date = new Date()): string {
  return date.toISOString().replace(/\D/g, '').slice(0, 14);
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

async function main(): Promise<void> {
  const rawName = process.argv.slice(2).join(' ');
  const slug = toMigrationSlug(rawName);
  if (!slug) {
    throw new Error(
      'Usage: tsx src/cli/new-migration.ts <name>  (the name needs at least one ASCII letter or digit)',
    );
  }

  const migrationsDir = DEFAULT_MIGRATIONS_DIR;
  const sql = await diffMigration({ migrationsDir });
  if (sql === '') {
    console.log('Schema and migrations are in sync; nothing to write.');
    return;
  }

  const dir = path.join(migrationsDir, `${migrationTimestamp()}_${slug}`);
  if (await exists(dir)) throw new Error(`The migration directory already exists: ${dir}`);
  await mkdir(dir, { recursive: true });
  // Prisma writes the engine's script as is: no header above the "-- CreateTable"-style step comments.
  const file = path.join(dir, 'migration.sql');
  await writeFile(file, sql, 'utf8');

  const lockFile = path.join(migrationsDir, MIGRATION_LOCK_FILE);
  if (!(await exists(lockFile))) await writeFile(lockFile, MIGRATION_LOCK_CONTENT, 'utf8');

  console.log(path.relative(process.cwd(), file));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
