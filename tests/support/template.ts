/** Where the migrated and seeded template database of this test run lives. */
export type TemplateDatabase = { kind: 'pglite'; dumpPath: string } | { kind: 'postgres'; url: string };

/** The fixed clock of the seeded demo data and of every test that reads it. */
export const testNow = new Date('2026-11-23T02:00:00.000Z');

declare module 'vitest' {
  export interface ProvidedContext {
    templateDatabase: TemplateDatabase;
  }
}
