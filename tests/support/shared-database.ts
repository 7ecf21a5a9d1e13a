import { randomBytes } from 'node:crypto';
import { openDatabase } from '@mediation/core';
import { seedDemoData } from '@mediation/core/seed';
import pg from 'pg';
import { inject } from 'vitest';
import { testNow } from './template.js';

/** Where to create the database when the suite runs on PGlite. */
const postgresAdminUrl =
  process.env.MULTI_INSTANCE_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface SharedDatabase {
  /** A PostgreSQL URL several processes can open at once. */
  url: string;
  drop(): Promise<void>;
}

/**
 * A fresh PostgreSQL database with the demo data, for tests that run several instances (or
 * processes) on one database. PGlite is one process's database, so on the embedded suite this still
 * creates a PostgreSQL database (at `MULTI_INSTANCE_POSTGRES_URL`, default the local server).
 */
export async function createSharedDatabase(label: string): Promise<SharedDatabase> {
  const template = inject('templateDatabase');
  const adminUrl = new URL(template.kind === 'postgres' ? template.url : postgresAdminUrl);
  const templateName =
    template.kind === 'postgres' ? decodeURIComponent(adminUrl.pathname.slice(1)) : undefined;
  // Named after the template on PostgreSQL runs, so CI's sweep of `<template>_*` finds it after a crash.
  const name = `${templateName ?? 'mediation'}_${label}_${randomBytes(4).toString('hex')}`;
  adminUrl.pathname = '/postgres';
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: adminUrl.toString() });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(
    templateName ? `CREATE DATABASE "${name}" TEMPLATE "${templateName}"` : `CREATE DATABASE "${name}"`,
  );
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const drop = () => admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  if (!templateName) {
    try {
      const db = await openDatabase({ databaseUrl: url.toString(), poolSize: 2 });
      try {
        await seedDemoData(db.prisma, { now: testNow });
      } finally {
        await db.close();
      }
    } catch (error) {
      await drop();
      throw error;
    }
  }
  return { url: url.toString(), drop };
}
