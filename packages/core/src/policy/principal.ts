import type { Db } from '../db/client.js';
import { Prisma } from '../generated/prisma/client.js';
import type { UserRole } from '../generated/prisma/enums.js';

/** What an integration's API key may do. */
export const apiScopes = [
  'cases:read',
  'cases:write',
  'referrals:write',
  'reports:read',
  'registry:read',
  'registry:write',
  'parties:reveal',
] as const;
export type ApiScope = (typeof apiScopes)[number];

/** Who is calling: resolved once per request (or WebSocket connection) from a token or an API key. */
export type Principal =
  | { kind: 'anonymous' }
  | {
      kind: 'user';
      userId: number;
      username: string;
      role: UserRole;
      /** Supervisors: the root of their region subtree. */
      regionPath: string | null;
      mediatorId: number | null;
      /** Mediators: the region of their organization (read-only jurisdiction). */
      organizationRegionPath: string | null;
      /** Grid workers: the grids they belong to. */
      gridIds: number[];
      gridRegionPaths: string[];
    }
  | {
      kind: 'integration';
      apiKeyId: number;
      name: string;
      scopes: ApiScope[];
      /** The region subtree the key is limited to; null for the whole deployment. */
      regionPath: string | null;
      expiresAt: Date | null;
    };

export const anonymous: Principal = { kind: 'anonymous' };

interface PrincipalRow {
  id: number;
  username: string;
  role: UserRole;
  active: boolean;
  regionPath: string | null;
  mediatorId: number | null;
  mediatorActive: boolean | null;
  organizationRegionPath: string | null;
  grids: { gridId: number; path: string }[] | string;
}

/**
 * Loads a signed-in staff member's principal (tokens name the user by username, the `sub` claim);
 * null when the user does not exist or is inactive. One SQL statement: it runs on every request.
 */
export async function loadUserPrincipal(
  db: Db,
  user: { username: string } | { id: number },
): Promise<Principal | null> {
  const match = 'id' in user ? Prisma.sql`u."id" = ${user.id}` : Prisma.sql`u."username" = ${user.username}`;
  const rows = await db.$queryRaw<PrincipalRow[]>`
    SELECT u."id", u."username", u."role"::text AS "role", u."active",
           r."path" AS "regionPath",
           m."id" AS "mediatorId", m."active" AS "mediatorActive", mr."path" AS "organizationRegionPath",
           COALESCE((
             SELECT json_agg(json_build_object('gridId', gm."gridId", 'path', gr."path") ORDER BY gm."gridId")
             FROM "GridMember" gm
             JOIN "Grid" g ON g."id" = gm."gridId"
             JOIN "Region" gr ON gr."id" = g."regionId"
             WHERE gm."userId" = u."id"
           ), '[]'::json) AS "grids"
    FROM "User" u
    LEFT JOIN "Region" r ON r."id" = u."regionId"
    LEFT JOIN "Mediator" m ON m."id" = u."mediatorId"
    LEFT JOIN "Organization" o ON o."id" = m."organizationId"
    LEFT JOIN "Region" mr ON mr."id" = o."regionId"
    WHERE ${match}`;
  const found = rows[0];
  if (!found?.active) return null;
  const grids =
    typeof found.grids === 'string'
      ? (JSON.parse(found.grids) as { gridId: number; path: string }[])
      : found.grids;
  return {
    kind: 'user',
    userId: found.id,
    username: found.username,
    role: found.role,
    regionPath: found.regionPath,
    mediatorId: found.mediatorActive ? found.mediatorId : null,
    organizationRegionPath: found.organizationRegionPath,
    gridIds: grids.map((g) => g.gridId),
    gridRegionPaths: [...new Set(grids.map((g) => g.path))],
  };
}

export function describePrincipal(principal: Principal): string {
  switch (principal.kind) {
    case 'anonymous':
      return 'anonymous';
    case 'user':
      return `user:${principal.userId}`;
    case 'integration':
      return `api-key:${principal.apiKeyId}`;
  }
}
