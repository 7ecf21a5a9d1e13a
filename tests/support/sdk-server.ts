import type { PlatformRuntime } from '@mediation/adapters';
import { type App, createPlatform, loadConfig, type PlatformConfigInput } from '@mediation/api';
import { createLogger, type Database } from '@mediation/core';
import { testNow } from './template.js';
import { testJwtSecret } from './test-api.js';

export interface RunningServer {
  app: App;
  /** The runtime behind `app`: its after-commit path publishes what tests commit directly. */
  runtime: PlatformRuntime;
  /** http://localhost:<port>/graphql */
  url: string;
  tokenFor(username: string): Promise<string>;
  stop(): Promise<void>;
}

/**
 * The real app with `settings` (persisted operations, rate limits …) on a test database, listening on
 * a free port, so clients reach it over HTTP, graphql-ws and SSE like any app would.
 */
export async function startServer(
  db: Database,
  settings: PlatformConfigInput = {},
  port = 0,
  options: { channelPrefix?: string } = {},
): Promise<RunningServer> {
  const platform = createPlatform({
    config: loadConfig(
      {},
      {
        nodeEnv: 'test',
        graphiql: false,
        introspection: true,
        jwtSecret: testJwtSecret,
        rateLimitPoints: 100_000,
        // The deadline scan records events of its own; tests that want it run it themselves.
        deadlineScanSeconds: 0,
        ...settings,
      },
    ),
    db,
    logger: createLogger({ level: (process.env.TEST_LOG_LEVEL as 'silent' | undefined) ?? 'silent' }),
    now: () => testNow,
    principalCacheMs: 0,
    channelPrefix: options.channelPrefix,
  });
  const { app } = platform;
  const url = await platform.start(port, '127.0.0.1');
  return {
    app,
    runtime: platform.runtime,
    url,
    tokenFor: (username) => app.authenticator.issueToken(username, { expiresIn: '1h' }),
    stop: () => platform.stop(),
  };
}
