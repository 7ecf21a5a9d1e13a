import type { Actor } from '../cases/actor.js';
import type { Db } from '../db/client.js';
import { NotFoundError } from '../errors.js';
import { assertCanManageRegistry } from '../policy/jurisdiction.js';

/*
 * Where registry records are, for the registry commands' own rights check (the rules are in
 * policy/jurisdiction.ts; these only find the region paths a change touches).
 */

export async function regionPathOf(db: Db, regionId: number): Promise<string> {
  const region = await db.region.findUnique({ where: { id: regionId }, select: { path: true } });
  if (!region) throw new NotFoundError('Region', String(regionId));
  return region.path;
}

export async function gridRegionPath(db: Db, gridId: number): Promise<string> {
  const grid = await db.grid.findUnique({
    where: { id: gridId },
    select: { region: { select: { path: true } } },
  });
  if (!grid) throw new NotFoundError('Grid', String(gridId));
  return grid.region.path;
}

export async function organizationRegionPath(db: Db, organizationId: number): Promise<string> {
  const organization = await db.organization.findUnique({
    where: { id: organizationId },
    select: { region: { select: { path: true } } },
  });
  if (!organization) throw new NotFoundError('Organization', String(organizationId));
  return organization.region.path;
}

export async function mediatorRegionPath(db: Db, mediatorId: number): Promise<string> {
  const mediator = await db.mediator.findUnique({
    where: { id: mediatorId },
    select: { organization: { select: { region: { select: { path: true } } } } },
  });
  if (!mediator) throw new NotFoundError('Mediator', String(mediatorId));
  return mediator.organization.region.path;
}

/** The change must be allowed at each of these places (admin, or supervisor of the subtree). */
export async function assertRegistryAccess(actor: Actor, ...paths: Promise<string>[]): Promise<void> {
  for (const path of await Promise.all(paths)) assertCanManageRegistry(actor, path);
}
