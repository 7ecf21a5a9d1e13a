import { readFileSync, readdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaClient } from '../generated/prisma/client.js';
import { seedDemoData } from './demo-seed.js';

const dir = new URL('../../prisma/migrations/', import.meta.url);
const mig = readdirSync(dir).filter((d) => /^\d/.test(d)).sort();
const pglite = new PGlite();
for (const m of mig) await pglite.exec(readFileSync(new URL(`${m}/migration.sql`, dir), 'utf8'));
const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
await seedDemoData(prisma, { now: new Date('2026-03-10T00:00:00Z') });
const q = async (sql: string) => console.table((await pglite.query(sql)).rows);
for (const sql of process.argv.slice(2)) await q(sql);
await prisma.$disconnect();
await pglite.close();
