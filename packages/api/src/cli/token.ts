#!/usr/bin/env -S npx tsx
/**
 * Prints a development staff token for the demo:
 *   pnpm run token --role supervisor --region 330106000000
 * (`pnpm run token`: pnpm reserves the bare `pnpm token` for npm registry tokens)
 *   pnpm run token --role mediator | --role grid-worker | --role admin | --user <username> [--expires 12h]
 * It signs with the platform's shared secret (JWT_SECRET, or the development secret in the data
 * directory). Users are looked up through the running server when there is one (the embedded
 * database belongs to that process), otherwise in the database directly.
 */
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, openDatabase, type Prisma, UserRole } from '@mediation/core';
import { signStaffToken } from '../server/authentication.js';

const roles: Record<string, UserRole> = {
  admin: UserRole.ADMIN,
  supervisor: UserRole.SUPERVISOR,
  mediator: UserRole.MEDIATOR,
  'grid-worker': UserRole.GRID_WORKER,
  grid_worker: UserRole.GRID_WORKER,
};

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

const { values } = parseArgs({
  options: {
    role: { type: 'string' },
    region: { type: 'string' },
    user: { type: 'string' },
    expires: { type: 'string', default: '12h' },
  },
});

let config: ReturnType<typeof loadConfig>;
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
  const viaServer = await findThroughServer(wanted, regionCode).catch(() => undefined);
  if (viaServer !== undefined) return viaServer ?? fail(noUser(wanted, regionCode));
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, migrate: false });
  try {
    const within = regionCode
      ? await db.prisma.region.findUnique({ where: { code: regionCode }, select: { path: true } })
      : undefined;
    if (regionCode && !within) fail(`No region has the code ${regionCode}.`);
    const area = within ? { path: { startsWith: within.path } } : undefined;
    const where: Prisma.UserWhereInput = {
      role: wanted,
      active: true,
      ...(area
        ? {
            OR: [
              { region: area },
              { mediator: { organization: { region: area } } },
              { gridMemberships: { some: { grid: { region: area } } } },
            ],
          }
        : {}),
    };
    const user = await db.prisma.user.findFirst({
      where,
      orderBy: { username: 'asc' },
      select: { username: true },
    });
    return user?.username ?? fail(noUser(wanted, regionCode));
  } finally {
    await db.close();
  }
}

/** Asks the running server (as the demo admin); undefined when no server answers. */
async function findThroughServer(
  wanted: UserRole,
  regionCode: string | undefined,
): Promise<string | null | undefined> {
  const url = `http://127.0.0.1:${config.port}/graphql`;
  const admin = await signStaffToken(config, 'admin', { expiresIn: '1m' });
  const ask = async (query: string, variables: Record<string, unknown>) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(3000),
    });
    // biome-ignore lint/suspicious/noExplicitAny: a small script reading two known answers
    const body = (await response.json()) as { data?: Record<string, any>; errors?: { message: string }[] };
    if (!body.data) throw new Error(body.errors?.[0]?.message ?? `server answered ${response.status}`);
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
