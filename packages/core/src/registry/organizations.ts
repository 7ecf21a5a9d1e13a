import { z } from 'zod';
import type { Actor } from '../cases/actor.js';
import type { Db } from '../db/client.js';
import { isUniqueViolation } from '../db/client.js';
import { ConflictError, NotFoundError } from '../errors.js';
import type { Organization } from '../generated/prisma/client.js';
import { OrganizationType } from '../generated/prisma/enums.js';
import { fields, plainText } from '../validation/fields.js';
import { parseInput } from '../validation/parse.js';
import { assertRegistryAccess, organizationRegionPath, regionPathOf } from './registry-access.js';

export const createOrganizationInput = z.object({
  code: fields.code,
  name: fields.name(100),
  type: z.enum(OrganizationType),
  regionId: fields.id,
  address: z.string().trim().max(200).superRefine(plainText()).optional(),
  phone: z
    .string()
    .trim()
    .regex(
      /^(?:1[3-9]\d{9}|0\d{2,3}-?\d{7,8}|12345|12348)$/,
      'must be a mobile, a landline such as 0571-88889999, or a hotline',
    )
    .optional(),
});
export type CreateOrganizationInput = z.input<typeof createOrganizationInput>;

export const updateOrganizationInput = createOrganizationInput.omit({ code: true }).partial();
export type UpdateOrganizationInput = z.input<typeof updateOrganizationInput>;

async function assertRegion(db: Db, regionId: number): Promise<void> {
  if (!(await db.region.findUnique({ where: { id: regionId }, select: { id: true } }))) {
    throw new NotFoundError('Region', String(regionId));
  }
}

/** Creates a mediation organization (调解组织). */
export async function createOrganization(
  db: Db,
  actor: Actor,
  input: CreateOrganizationInput,
): Promise<Organization> {
  await assertRegistryAccess(actor, regionPathOf(db, input.regionId));
  const data = parseInput(createOrganizationInput, input);
  await assertRegion(db, data.regionId);
  try {
    return await db.organization.create({ data });
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError(`organization code ${data.code} is already in use`);
    throw error;
  }
}

export async function updateOrganization(
  db: Db,
  actor: Actor,
  id: number,
  input: UpdateOrganizationInput,
): Promise<Organization> {
  await assertRegistryAccess(
    actor,
    organizationRegionPath(db, id),
    ...(input.regionId === undefined ? [] : [regionPathOf(db, input.regionId)]),
  );
  const data = parseInput(updateOrganizationInput, input);
  if (data.regionId !== undefined) await assertRegion(db, data.regionId);
  return db.organization.update({ where: { id }, data });
}
