// The token command's database path, imported only when no server runs: it loads Prisma.

import { DataDirLockedError, openDatabase, type Prisma, type UserRole } from '@mediation/core';
import type { PlatformConfig } from '../config.js';

export type UserLookup =
  | { found: string }
  | { missing: 'user' }
  | { missing: 'region' }
  /** A server (or another command) took the data directory meanwhile: ask it instead. */
  | { locked: DataDirLockedError };

/**
 * The first active user with the role, working in the region (by code) when one is given, read
 * from the database directly. Embedded: only while this process holds the data directory's lock.
 */
export async function findUserInDatabase(
  config: Pick<PlatformConfig, 'databaseUrl' | 'dataDir'>,
  role: UserRole,
  regionCode: string | undefined,
): Promise<UserLookup> {
  let db: Awaited<ReturnType<typeof openDatabase>>;
  try {
    db = await openDatabase({
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
      migrate: false,
      poolSize: 1,
      owner: 'token',
    });
  } catch (error) {
    if (error instanceof DataDirLockedError) return { locked: error };
    throw error;
  }
  try {
    const within = regionCode
      ? await db.prisma.region.findUnique({ where: { code: regionCode }, select: { path: true } })
      : undefined;
    if (regionCode && !within) return { missing: 'region' };
    const area = within ? { path: { startsWith: within.path } } : undefined;
    const where: Prisma.UserWhereInput = {
      role,
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
    return user ? { found: user.username } : { missing: 'user' };
  } finally {
    await db.close();
  }
}
