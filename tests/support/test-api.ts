import { buildApp } from '@mediation/api';
import { createLogger, type Database, type StatementListener } from '@mediation/core';
import { testNow } from './template.js';
import { openTestDatabase } from './test-database.js';

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  body: {
    data?: T | null;
    errors?: {
      message: string;
      path?: (string | number)[];
      extensions?: { code?: string; [key: string]: unknown };
    }[];
  };
}

export interface TestApi {
  db: Database;
  app: ReturnType<typeof buildApp>;
  graphql<T = Record<string, any>>(
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<GraphQLResponse<T>>;
  close(): Promise<void>;
}

/** The real Yoga app on a private copy of the seeded database, called in-process (no port). */
export async function createTestApi(options: { onStatement?: StatementListener } = {}): Promise<TestApi> {
  const db = await openTestDatabase(options);
  const logger = createLogger({ level: 'silent' });
  const app = buildApp({
    config: { graphiql: false, introspection: true, nodeEnv: 'test' },
    db,
    logger,
    now: () => testNow,
  });
  return {
    db,
    app,
    async graphql(query, variables) {
      const response = await app.yoga.fetch('http://localhost/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, body: await response.json() };
    },
    close: () => db.close(),
  };
}
