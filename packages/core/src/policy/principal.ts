import type { Db } from '../db/client.js';
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

/**
 * Loads a signed-in staff member's principal (tokens name the user by username, the `sub` claim);
 * null when the user does not exist or is inactive.
 */
export async function loadUserPrincipal(
  db: Db,
  user: { username: string } | { id: number },
): Promise<Principal | null> {
  const found = await db.user.findUnique({
    where: 'id' in user ? { id: user.id } : { username: user.username },
    select: {
      id: true,
      username: true,
      role: true,
      active: true,
      region: { select: { path: true } },
      mediator: {
        select: { id: true, active: true, organization: { select: { region: { select: { path: true } } } } },
      },
      gridMemberships: { select: { gridId: true, grid: { select: { region: { select: { path: true } } } } } },
    },
  });
  if (!found?.active) return null;
  const u = found;
  return {
    kind: 'user',
    userId: u.id,
    username: u.username,
    role: u.role,
    regionPath: u.region?.path ?? null,
    mediatorId: u.mediator?.active ? u.mediator.id : null,
    organizationRegionPath: u.mediator?.organization.region.path ?? null,
    gridIds: u.gridMemberships.map((m) => m.gridId),
    gridRegionPaths: [...new Set(u.gridMemberships.map((m) => m.grid.region.path))],
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
