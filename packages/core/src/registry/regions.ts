import type { Db } from '../db/client.js';
import { NotFoundError } from '../errors.js';
import type { Prisma, Region } from '../generated/prisma/client.js';

/** `where` for a region and everything under it: one indexed prefix match on the materialized path. */
export function regionSubtreeWhere(region: Pick<Region, 'path'>): Prisma.RegionWhereInput {
  return { path: { startsWith: region.path } };
}

/** `where` for a region (by id) and everything under it; an unknown id is NotFound, not an empty list. */
export async function regionSubtreeOf(db: Db, regionId: number): Promise<Prisma.RegionWhereInput> {
  const region = await db.region.findUnique({ where: { id: regionId }, select: { path: true } });
  if (!region) throw new NotFoundError('Region', String(regionId));
  return regionSubtreeWhere(region);
}

export async function getRegion(db: Db, id: number): Promise<Region> {
  const region = await db.region.findUnique({ where: { id } });
  if (!region) throw new NotFoundError('Region', String(id));
  return region;
}

/** Ids of a region's ancestors, root first, read from its path (no query needed). */
export function ancestorIds(region: Pick<Region, 'path' | 'id'>): number[] {
  return region.path
    .split('/')
    .filter(Boolean)
    .map(Number)
    .filter((id) => id !== region.id);
}

/** The 6-digit county code (县级区划代码) every case number starts with. */
export function countyCodeOf(region: Pick<Region, 'code'>): string {
  return region.code.slice(0, 6);
}
