import { z } from 'zod';
import type { Actor } from '../cases/actor.js';
import type { Db } from '../db/client.js';
import { isUniqueViolation } from '../db/client.js';
import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import type { Grid } from '../generated/prisma/client.js';
import { GridMemberRole, RegionLevel } from '../generated/prisma/enums.js';
import { fields, plainText } from '../validation/fields.js';
import { parseInput } from '../validation/parse.js';
import { assertRegistryAccess, gridRegionPath, regionPathOf } from './registry-access.js';

const gridMemberInput = z.object({
  role: z.enum(GridMemberRole),
  name: fields.name(50),
  phone: fields.mobile.optional(),
});

export const createGridInput = z.object({
  code: fields.code,
  name: fields.name(100),
  regionId: fields.id,
  households: z.number().int().min(0).max(1_000_000).default(0),
  population: z.number().int().min(0).max(10_000_000).default(0),
  description: z
    .string()
    .trim()
    .max(2000)
    .superRefine(plainText({ multiline: true }))
    .optional(),
  members: z
    .array(gridMemberInput)
    .max(50)
    .default([])
    .refine(
      (members) => members.filter((m) => m.role === 'LEADER').length <= 1,
      'a grid has at most one leader (网格长)',
    ),
});
export type CreateGridInput = z.input<typeof createGridInput>;

export const updateGridInput = createGridInput
  .omit({ code: true, members: true })
  .partial()
  .extend({ members: createGridInput.shape.members.optional() });
export type UpdateGridInput = z.input<typeof updateGridInput>;

async function assertVillageRegion(db: Db, regionId: number): Promise<void> {
  const region = await db.region.findUnique({ where: { id: regionId }, select: { level: true } });
  if (!region) throw new NotFoundError('Region', String(regionId));
  if (region.level !== RegionLevel.VILLAGE) {
    throw new ValidationError([
      { path: 'regionId', message: 'a grid belongs to a village or community (村/社区)' },
    ]);
  }
}

/** Creates a grid (网格) with its leader and members: admins anywhere, supervisors in their region. */
export async function createGrid(db: Db, actor: Actor, input: CreateGridInput): Promise<Grid> {
  await assertRegistryAccess(actor, regionPathOf(db, input.regionId));
  const data = parseInput(createGridInput, input);
  await assertVillageRegion(db, data.regionId);
  const { members, ...grid } = data;
  try {
    return await db.grid.create({ data: { ...grid, members: { create: members } } });
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError(`grid code ${data.code} is already in use`);
    throw error;
  }
}

/** Updates a grid; `members`, when given, replaces the member list. */
export async function updateGrid(db: Db, actor: Actor, id: number, input: UpdateGridInput): Promise<Grid> {
  // Allowed where the grid is, and where it moves to.
  await assertRegistryAccess(
    actor,
    gridRegionPath(db, id),
    ...(input.regionId === undefined ? [] : [regionPathOf(db, input.regionId)]),
  );
  const data = parseInput(updateGridInput, input);
  if (data.regionId !== undefined) await assertVillageRegion(db, data.regionId);
  const { members, ...grid } = data;
  return db.grid.update({
    where: { id },
    data: { ...grid, ...(members ? { members: { deleteMany: {}, create: members } } : {}) },
  });
}
