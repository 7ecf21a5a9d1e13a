import { z } from 'zod';
import type { Actor } from '../cases/actor.js';
import type { Db } from '../db/client.js';
import { isUniqueViolation } from '../db/client.js';
import { ConflictError, NotFoundError } from '../errors.js';
import type { Mediator } from '../generated/prisma/client.js';
import { CaseCategory, MediatorType } from '../generated/prisma/enums.js';
import { fields } from '../validation/fields.js';
import { parseInput } from '../validation/parse.js';
import {
  assertRegistryAccess,
  gridRegionPath,
  mediatorRegionPath,
  organizationRegionPath,
} from './registry-access.js';

export const createMediatorInput = z.object({
  code: fields.code,
  name: fields.name(50),
  type: z.enum(MediatorType),
  organizationId: fields.id,
  phone: fields.mobile.optional(),
  specialties: z.array(z.enum(CaseCategory)).max(13).default([]),
  languages: z.array(fields.name(20)).max(10).default(['普通话']),
  capacity: z.number().int().min(0).max(200).default(10),
  active: z.boolean().default(true),
  gridIds: z.array(fields.id).max(100).default([]),
});
export type CreateMediatorInput = z.input<typeof createMediatorInput>;

export const updateMediatorInput = createMediatorInput
  .omit({ code: true, specialties: true, languages: true, capacity: true, active: true, gridIds: true })
  .partial()
  .extend({
    specialties: createMediatorInput.shape.specialties.unwrap().optional(),
    languages: createMediatorInput.shape.languages.unwrap().optional(),
    capacity: createMediatorInput.shape.capacity.unwrap().optional(),
    active: z.boolean().optional(),
    gridIds: createMediatorInput.shape.gridIds.unwrap().optional(),
  });
export type UpdateMediatorInput = z.input<typeof updateMediatorInput>;

async function assertReferences(db: Db, organizationId: number | undefined, gridIds: number[] | undefined) {
  if (organizationId !== undefined) {
    const found = await db.organization.findUnique({ where: { id: organizationId }, select: { id: true } });
    if (!found) throw new NotFoundError('Organization', String(organizationId));
  }
  if (gridIds?.length) {
    const unique = [...new Set(gridIds)];
    const found = await db.grid.findMany({ where: { id: { in: unique } }, select: { id: true } });
    const missing = unique.filter((id) => !found.some((grid) => grid.id === id));
    if (missing.length) throw new NotFoundError('Grid', missing.join(', '));
  }
}

/** Registers a people's mediator (调解员) and the grids they serve. */
export async function createMediator(db: Db, actor: Actor, input: CreateMediatorInput): Promise<Mediator> {
  // Allowed where the organization is, and where each grid served is.
  await assertRegistryAccess(
    actor,
    organizationRegionPath(db, input.organizationId),
    ...(input.gridIds ?? []).map((gridId) => gridRegionPath(db, gridId)),
  );
  const data = parseInput(createMediatorInput, input);
  await assertReferences(db, data.organizationId, data.gridIds);
  const { gridIds, ...mediator } = data;
  try {
    return await db.mediator.create({
      data: {
        ...mediator,
        specialties: [...new Set(mediator.specialties)],
        grids: { create: [...new Set(gridIds)].map((gridId) => ({ gridId })) },
      },
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError(`mediator code ${data.code} is already in use`);
    throw error;
  }
}

/** Updates a mediator; `gridIds`, when given, replaces the grids served. */
export async function updateMediator(
  db: Db,
  actor: Actor,
  id: number,
  input: UpdateMediatorInput,
): Promise<Mediator> {
  await assertRegistryAccess(
    actor,
    mediatorRegionPath(db, id),
    ...(input.organizationId === undefined ? [] : [organizationRegionPath(db, input.organizationId)]),
    ...(input.gridIds ?? []).map((gridId) => gridRegionPath(db, gridId)),
  );
  const data = parseInput(updateMediatorInput, input);
  await assertReferences(db, data.organizationId, data.gridIds);
  const { gridIds, specialties, ...mediator } = data;
  return db.mediator.update({
    where: { id },
    data: {
      ...mediator,
      ...(specialties ? { specialties: [...new Set(specialties)] } : {}),
      ...(gridIds
        ? { grids: { deleteMany: {}, create: [...new Set(gridIds)].map((gridId) => ({ gridId })) } }
        : {}),
    },
  });
}
