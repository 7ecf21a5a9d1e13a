import { assertCanManageRegistry, NotFoundError } from '@mediation/core';
import type { Context } from './builder.js';

/*
 * Lookups the registry mutations need before @mediation/core's policy decides (policy/jurisdiction.ts
 * holds the rules; these only find where a thing is).
 */

export async function regionPathOf(ctx: Context, regionId: number): Promise<string> {
  const region = await ctx.db.prisma.region.findUnique({ where: { id: regionId }, select: { path: true } });
  if (!region) throw new NotFoundError('Region', String(regionId));
  return region.path;
}

export async function gridRegionPath(ctx: Context, gridId: number): Promise<string> {
  const grid = await ctx.db.prisma.grid.findUnique({
    where: { id: gridId },
    select: { region: { select: { path: true } } },
  });
  if (!grid) throw new NotFoundError('Grid', String(gridId));
  return grid.region.path;
}

export async function organizationRegionPath(ctx: Context, organizationId: number): Promise<string> {
  const organization = await ctx.db.prisma.organization.findUnique({
    where: { id: organizationId },
    select: { region: { select: { path: true } } },
  });
  if (!organization) throw new NotFoundError('Organization', String(organizationId));
  return organization.region.path;
}

export async function mediatorRegionPath(ctx: Context, mediatorId: number): Promise<string> {
  const mediator = await ctx.db.prisma.mediator.findUnique({
    where: { id: mediatorId },
    select: { organization: { select: { region: { select: { path: true } } } } },
  });
  if (!mediator) throw new NotFoundError('Mediator', String(mediatorId));
  return mediator.organization.region.path;
}

/** Registry changes at each of these places must be allowed (admin, or supervisor of the subtree). */
export async function assertRegistryAccess(ctx: Context, ...paths: Promise<string>[]): Promise<void> {
  for (const path of await Promise.all(paths)) assertCanManageRegistry(ctx.principal, path);
}
