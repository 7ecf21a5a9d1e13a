#!/usr/bin/env -S npx tsx
import type { AddressInfo } from 'node:net';
import { AdapterError } from '@mediation/adapters';
import { startSimulators } from '@mediation/adapters/simulators';
import { createLogger, DataDirLockedError } from '@mediation/core';
import { ConfigError, loadConfig } from '../config.js';
import { startPlatform } from '../platform.js';

const startedAt = performance.now();

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(78); // EX_CONFIG
  }
  throw error;
}

const logger = createLogger({ level: config.logLevel });
// Demo: simulated petition (信访), police (110), court and SMS systems, with the adapters pointed at them.
const simulators = config.simulators
  ? await startSimulators({ referralIntervalMs: 30_000, logger: logger.child({ component: 'simulators' }) })
  : undefined;
if (simulators) config = { ...config, adapters: { ...simulators.adapterSettings(), ...config.adapters } };
const platform = await startPlatform(config, logger).catch(async (error: unknown) => {
  await simulators?.stop();
  if (error instanceof DataDirLockedError) {
    // Another server (or db:seed, …) holds the embedded database: refused before opening it.
    console.error(error.message);
    process.exit(75); // EX_TEMPFAIL
  }
  // A bad adapter setting or package is the operator's to fix: say what, plainly, like a bad config.
  if (error instanceof AdapterError) {
    console.error(error.message);
    process.exit(78); // EX_CONFIG
  }
  logger.fatal({ err: error }, 'start failed');
  process.exit(1);
});
// The token command and other CLIs find this server through the data directory's lock.
platform.db.dataDirLock?.update({ url: reachableUrl(platform.app.server.address() as AddressInfo) });
simulators?.connect(platform.url.replace(/\/graphql$/, ''));

const database =
  platform.db.kind === 'pglite' ? `embedded PGlite in ${config.dataDir}` : 'PostgreSQL (DATABASE_URL)';
logger.info(
  { url: platform.url, database: platform.db.kind, readyMs: Math.round(performance.now() - startedAt) },
  'platform ready',
);
console.log(`
  人民调解 GraphQL platform is running
  GraphQL   ${platform.url}${config.graphiql ? '   (open it in a browser for GraphiQL)' : ''}
  Health    ${platform.url.replace('/graphql', '/healthz')}   Ready ${platform.url.replace('/graphql', '/readyz')}
  Database  ${database}
  Sign in   staff send  Authorization: Bearer <token>  (integrations: X-API-Key). A development token:
              npx -y pnpm@12.4.2 run token --role supervisor --region 330106000000
              (roles: admin, supervisor, mediator, grid-worker; --user <username> for anyone)${
                config.graphiql && config.nodeEnv !== 'production'
                  ? '\n            GraphiQL opens signed in as the demo admin.'
                  : ''
              }
${
  simulators
    ? '  Demo      simulated 信访, 110, court and SMS systems are running; a referral arrives every 30 s\n'
    : ''
}  Stop with Ctrl+C
`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    Promise.all([platform.stop(), simulators?.stop()]).then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  });
}

/** The endpoint as a client on this machine reaches it (a wildcard address means loopback). */
function reachableUrl({ address, port }: AddressInfo): string {
  const host = address === '0.0.0.0' || address === '::' ? '127.0.0.1' : address;
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}/graphql`;
}
