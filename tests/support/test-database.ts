import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { type Database, type OpenDatabaseOptions, openDatabase } from '@mediation/core';
import pg from 'pg';
import { inject } from 'vitest';

/**
 * A private copy of the seeded template database for one test file: a PGlite clone, or a fresh
 * PostgreSQL database created from the template (and dropped on close).
 */
export async function openTestDatabase(
  options: Pick<OpenDatabaseOptions, 'onStatement' | 'transactions' | 'poolWaitMs' | 'poolSize'> = {},
): Promise<Database> {
  const template = inject('templateDatabase');
  if (template.kind === 'pglite') {
    const pglite = await PGlite.create({ loadDataDir: new Blob([readFileSync(template.dumpPath)]) });
    return openDatabase({
      pglite,
      migrate: false,
      onStatement: options.onStatement,
      transactions: options.transactions,
    });
  }

  const templateUrl = new URL(template.url);
  const templateName = decodeURIComponent(templateUrl.pathname.slice(1));
  const copyName = `${templateName}_${randomBytes(4).toString('hex')}`;
  await withAdminClient(templateUrl, (client) =>
    client.query(`CREATE DATABASE "${copyName}" TEMPLATE "${templateName}"`),
  );
  const copyUrl = new URL(templateUrl);
  copyUrl.pathname = `/${copyName}`;
  const db = await openDatabase({
    databaseUrl: copyUrl.toString(),
    migrate: false,
    poolSize: options.poolSize ?? 4,
    poolWaitMs: options.poolWaitMs,
    transactions: options.transactions,
    onStatement: options.onStatement,
  });
  return {
    ...db,
    async close() {
      await db.close();
      await withAdminClient(templateUrl, (client) =>
        client.query(`DROP DATABASE IF EXISTS "${copyName}" WITH (FORCE)`),
      );
    },
  };
}

async function withAdminClient<T>(url: URL, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const adminUrl = new URL(url);
  adminUrl.pathname = '/postgres';
  const client = new pg.Client({ connectionString: adminUrl.toString() });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}
