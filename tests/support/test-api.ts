import type { PlatformRuntime } from '@mediation/adapters';
import { type App, createPlatform, type PlatformInstance } from '@mediation/api';
import { createLogger, type Database, type StatementListener } from '@mediation/core';
import { testNow } from './template.js';
import { openTestDatabase } from './test-database.js';

/** The token secret of the test suite's apps. */
export const testJwtSecret = 'test-secret-of-the-people-mediation-suite-0123456789';

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

export interface RequestOptions {
  /**
   * Who asks: a seeded username (signed in with a staff token), `{ apiKey }`, `{ token }` or null
   * for no credentials at all.
   * @default 'admin'
   */
  as?: string | { apiKey: string } | { token: string } | null;
}

export interface TestApi {
  db: Database;
  app: App;
  /** The platform runtime behind `app` (workflow, after-commit path, dispatcher). */
  runtime: PlatformRuntime;
  platform: PlatformInstance;
  graphql<T = Record<string, any>>(
    query: string,
    variables?: Record<string, unknown>,
    options?: RequestOptions & { headers?: Record<string, string> },
  ): Promise<GraphQLResponse<T> & { headers: Headers }>;
  /** A staff token for a seeded username. */
  tokenFor(username: string): Promise<string>;
  headersFor(as: RequestOptions['as']): Promise<Record<string, string>>;
  close(): Promise<void>;
}

/** The real Yoga app on a private copy of the seeded database, called in-process (no port). */
export async function createTestApi(
  options: {
    onStatement?: StatementListener;
    authRecheckMs?: number;
    /** Database waits and pool (contention tests make them short). */
    database?: Omit<Parameters<typeof openTestDatabase>[0], 'onStatement'>;
  } = {},
): Promise<TestApi> {
  const db = await openTestDatabase({ onStatement: options.onStatement, ...options.database });
  const logger = createLogger({ level: 'silent' });
  const platform = createPlatform({
    // One caller runs a whole spec file: a rate limit far above it (abuse-limits.spec.ts tests the real one).
    config: {
      graphiql: false,
      introspection: true,
      nodeEnv: 'test',
      jwtSecret: testJwtSecret,
      rateLimitPoints: 100_000,
    },
    db,
    logger,
    now: () => testNow,
    authRecheckMs: options.authRecheckMs,
    // tests change users and keys in the database directly and expect the next request to see it
    principalCacheMs: 0,
  });
  const { app } = platform;
  const tokens = new Map<string, string>();
  const tokenFor = async (username: string) => {
    let token = tokens.get(username);
    if (!token) {
      token = await app.authenticator.issueToken(username, { expiresIn: '10y' });
      tokens.set(username, token);
    }
    return token;
  };
  const headersFor = async (as: RequestOptions['as'] = 'admin'): Promise<Record<string, string>> => {
    if (as === null) return {};
    if (typeof as === 'string') return { authorization: `Bearer ${await tokenFor(as)}` };
    if ('apiKey' in as) return { 'x-api-key': as.apiKey };
    return { authorization: `Bearer ${as.token}` };
  };
  return {
    db,
    app,
    runtime: platform.runtime,
    platform,
    tokenFor,
    headersFor,
    async graphql(query, variables, requestOptions = {}) {
      const response = await app.yoga.fetch('http://localhost/graphql', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/graphql-response+json',
          ...(await headersFor(requestOptions.as === undefined ? 'admin' : requestOptions.as)),
          ...requestOptions.headers,
        },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, headers: response.headers, body: await response.json() };
    },
    async close() {
      await platform.stop();
      await db.close();
    },
  };
}
