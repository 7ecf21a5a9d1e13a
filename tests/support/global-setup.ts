import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { openDatabase, syncBuiltInCalendar } from '@mediation/core';
import { seedDemoData } from '@mediation/core/seed';
import type { TestProject } from 'vitest/node';
import { testNow } from './template.js';

/**
 * Builds the template database once per run (migrations + demo seed), so each test file starts
 * from a copy in well under a second instead of migrating and seeding again.
 */
export default async function setup(project: TestProject) {
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const db = await openDatabase({ databaseUrl: url, poolSize: 2 });
    try {
      await seedDemoData(db.prisma, { now: testNow });
      await syncBuiltInCalendar(db.prisma);
    } finally {
      await db.close();
    }
    project.provide('templateDatabase', { kind: 'postgres', url });
    return;
  }

  const dir = mkdtempSync(join(tmpdir(), 'mediation-test-'));
  const pglite = await PGlite.create();
  const db = await openDatabase({ pglite });
  try {
    await seedDemoData(db.prisma, { now: testNow });
    await syncBuiltInCalendar(db.prisma);
    const dump = await pglite.dumpDataDir('none');
    const dumpPath = join(dir, 'template.tar');
    writeFileSync(dumpPath, Buffer.from(await dump.arrayBuffer()));
    project.provide('templateDatabase', { kind: 'pglite', dumpPath });
  } finally {
    await db.close();
  }
  return () => rmSync(dir, { recursive: true, force: true });
}
