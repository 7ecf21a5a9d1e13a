#!/usr/bin/env -S npx tsx
/**
 * Prints a development staff token for the demo:
 *   pnpm run token --role supervisor --region 330106000000
 * (`pnpm run token`: pnpm reserves the bare `pnpm token` for npm registry tokens)
 *   pnpm run token --role mediator | --role grid-worker | --role admin | --user <username> [--expires 12h]
 * It signs with the platform's shared secret (JWT_SECRET, or the development secret in the data
 * directory), configured like the server (environment variables, CONFIG_FILE).
 *
 * It never opens an embedded database another process holds: the running server (its URL is in the
 * data directory's lock) checks the user; with no server, the command takes the lock and reads the
 * database itself. On PostgreSQL it asks the server at HOST:PORT, else reads the database.
 * Only the database path loads Prisma, so asking a running server answers in well under a second.
 */
import { parseArgs } from 'node:util';
import type { UserRole } from '@mediation/core';
import { readDataDirOwner } from '@mediation/core/data-dir-lock';
import { ConfigError, loadConfig, type PlatformConfig } from '../config.js';
import { signStaffToken } from '../server/staff-tokens.js';

const roles: Record<string, UserRole> = {
  admin: 'ADMIN',
  supervisor: 'SUPERVISOR',
  mediator: 'MEDIATOR',
  'grid-worker': 'GRID_WORKER',
  grid_worker: 'GRID_WORKER',
};

/** How long to wait for a process holding the data directory to serve it (or let go of it). */
const ownerWaitMs = 60_000;

function fail(message: string, code = 2): never {
  console.error(message);
  process.exit(code);
}

const { values } = parseArgs({
  options: {
    role: { type: 'string' },
    region: { type: 'string' },
    user: { type: 'string' },
    expires: { type: 'string', default: '12h' },
  },
});

let config: PlatformConfig;
try {
  config = loadConfig();
} catch (error) {
  fail(error instanceof ConfigError ? error.message : String(error));
}
if (config.jwtPublicKey || config.jwtJwksUrl) {
  fail(
    'This deployment verifies tokens from an identity provider (JWT_PUBLIC_KEY/JWT_JWKS_URL): get tokens there.',
  );
}
if (!/^\d+[smhd]$/.test(values.expires ?? '')) fail('--expires takes a duration such as 30m, 12h or 7d');
const role = values.role ? roles[values.role.toLowerCase()] : undefined;
if (values.role && !role) fail(`--role is one of: ${Object.keys(roles).join(', ')}`);
if (!values.user && !role)
  fail('Give --role admin|supervisor|mediator|grid-worker (with --region <code>) or --user <username>.');
if (values.region && !/^\d{12}$/.test(values.region))
  fail('--region takes a 12-digit region code, e.g. 330106000000');

const username = values.user ?? (await findUser(role!, values.region));
const token = await signStaffToken(config, username, { expiresIn: values.expires });
console.error(`# token for ${username}, valid ${values.expires}; send it as  Authorization: Bearer <token>`);
console.log(token);

/** The first active user with the role, working in the region (by code) when one is given. */
async function findUser(wanted: UserRole, regionCode: string | undefined): Promise<string> {
  if (config.databaseUrl) {
    // Several processes may open PostgreSQL: ask a server when one answers, else read it directly.
    const viaServer = await findThroughServer(serverUrlFromConfig(), wanted, regionCode).catch(
      (error: unknown) => {
        if (isNoServer(error)) return undefined;
        throw error;
      },
    );
    if (viaServer !== undefined) return viaServer ?? fail(noUser(wanted, regionCode));
    return (await fromDatabase(wanted, regionCode)) ?? fail(noUser(wanted, regionCode));
  }
  const deadline = Date.now() + ownerWaitMs;
  let told = false;
  for (;;) {
    const owner = readDataDirOwner(config.dataDir);
    if (!owner) {
      const result = await fromDatabase(wanted, regionCode);
      if (result !== undefined) return result;
      continue; // someone took the directory meanwhile: look again
    }
    if (owner.url) {
      const viaServer = await findThroughServer(owner.url, wanted, regionCode).catch((error: unknown) => {
        if (isNoServer(error)) return undefined; // stopping, or not listening yet
        throw error;
      });
      if (viaServer !== undefined) return viaServer ?? fail(noUser(wanted, regionCode));
    }
    if (Date.now() > deadline) {
      fail(
        `The data directory ${config.dataDir} is held by ${owner.command} (pid ${owner.pid}), which does not answer: try again when it is up or has finished.`,
        75,
      );
    }
    if (!told) {
      console.error(`# waiting for ${owner.command} (pid ${owner.pid}), which holds ${config.dataDir}…`);
      told = true;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Reads the database itself; undefined when a server took the embedded directory meanwhile. */
async function fromDatabase(wanted: UserRole, regionCode: string | undefined): Promise<string | undefined> {
  const { findUserInDatabase } = await import('./token-database.js');
  const result = await findUserInDatabase(config, wanted, regionCode);
  if ('locked' in result) return undefined;
  if ('found' in result) return result.found;
  if (result.missing === 'region') fail(`No region has the code ${regionCode}.`);
  fail(noUser(wanted, regionCode));
}

/** Where a server with this configuration listens (PostgreSQL deployments). */
function serverUrlFromConfig(): string {
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  return `http://${host.includes(':') ? `[${host}]` : host}:${config.port}/graphql`;
}

class NoServerError extends Error {}
function isNoServer(error: unknown): boolean {
  return error instanceof NoServerError;
}

/** Asks the server at `url` (as the demo admin); null when it knows no such user. */
async function findThroughServer(
  url: string,
  wanted: UserRole,
  regionCode: string | undefined,
): Promise<string | null> {
  const admin = await signStaffToken(config, 'admin', { expiresIn: '1m' });
  const ask = async (query: string, variables: Record<string, unknown>) => {
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
        body: JSON.stringify({ query, variables }),
        signal: AbortSignal.timeout(10_000),
      });
    } catch (error) {
      throw new NoServerError(`no server answers at ${url}`, { cause: error });
    }
    const body = (await response.json().catch(() => ({}))) as {
      // biome-ignore lint/suspicious/noExplicitAny: a small script reading two known answers
      data?: Record<string, any>;
      errors?: { message: string }[];
    };
    if (response.status === 503) throw new NoServerError(`the server at ${url} is not ready`);
    if (!body.data) fail(`The server at ${url} answered: ${body.errors?.[0]?.message ?? response.status}`, 1);
    return body.data;
  };
  let regionId: string | undefined;
  if (regionCode) {
    const { region } = await ask('query($code: String!) { region(code: $code) { id } }', {
      code: regionCode,
    });
    if (!region) fail(`No region has the code ${regionCode}.`);
    regionId = region.id;
  }
  const { users } = await ask(
    'query($filter: UserFilter) { users(first: 50, filter: $filter) { nodes { username active } } }',
    { filter: { role: wanted, ...(regionId ? { regionId } : {}) } },
  );
  return (users.nodes as { username: string; active: boolean }[]).find((u) => u.active)?.username ?? null;
}

function noUser(wanted: UserRole, regionCode: string | undefined): string {
  return `No active ${wanted.toLowerCase()} user${regionCode ? ` in region ${regionCode}` : ''}. Is the demo data seeded?`;
}
