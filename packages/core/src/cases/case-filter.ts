import { z } from 'zod';
import { type Db, likeLiteral } from '../db/client.js';
import { NotFoundError } from '../errors.js';
import type { Prisma } from '../generated/prisma/client.js';
import { CaseCategory, CaseSource, CaseStatus, RiskLevel } from '../generated/prisma/enums.js';
import { regionSubtreeOf } from '../registry/regions.js';
import { fields } from '../validation/fields.js';
import { parseInput } from '../validation/parse.js';
import { openCaseStatuses, riskLevelsAtLeast } from './case-status.js';

const dateRange = z
  .object({ from: z.date().optional(), to: z.date().optional() })
  .refine((range) => !range.from || !range.to || range.from <= range.to, '"from" must not be after "to"');

export const caseFilterInput = z.object({
  statuses: z.array(z.enum(CaseStatus)).max(20).optional(),
  categories: z.array(z.enum(CaseCategory)).max(20).optional(),
  sources: z.array(z.enum(CaseSource)).max(20).optional(),
  riskLevels: z.array(z.enum(RiskLevel)).max(10).optional(),
  minRisk: z.enum(RiskLevel).optional(),
  /** A region and everything under it. */
  regionId: fields.id.optional(),
  gridId: fields.id.optional(),
  /** Lead or co-mediator. */
  mediatorId: fields.id.optional(),
  tags: z.array(fields.name(30)).max(20).optional(),
  greenChannel: z.boolean().optional(),
  reportedAt: dateRange.optional(),
  resolveDeadline: dateRange.optional(),
  /** Open cases past their acceptance or resolution deadline (true), or not overdue (false). */
  overdue: z.boolean().optional(),
  /** Matches the case number or title. */
  search: z.string().trim().min(1).max(100).optional(),
});
export type CaseFilter = z.input<typeof caseFilterInput>;

function range(value: { from?: Date; to?: Date } | undefined): Prisma.DateTimeFilter | undefined {
  if (!value) return undefined;
  return { ...(value.from ? { gte: value.from } : {}), ...(value.to ? { lte: value.to } : {}) };
}

export function overdueWhere(now: Date): Prisma.CaseWhereInput {
  return {
    OR: [
      { status: CaseStatus.REPORTED, acceptDeadline: { lt: now } },
      { status: { in: [...openCaseStatuses] }, resolveDeadline: { lt: now } },
    ],
  };
}

/**
 * Turns a case filter into a Prisma `where`. References (region, grid, mediator) must exist: a filter
 * on something that does not exist is an error, not an empty list.
 */
export async function caseWhere(
  db: Db,
  filter: CaseFilter = {},
  now = new Date(),
): Promise<Prisma.CaseWhereInput> {
  const f = parseInput(caseFilterInput, filter);
  const and: Prisma.CaseWhereInput[] = [];

  if (f.regionId !== undefined) {
    and.push({ region: await regionSubtreeOf(db, f.regionId) });
  }
  if (f.gridId !== undefined) {
    if (!(await db.grid.findUnique({ where: { id: f.gridId }, select: { id: true } }))) {
      throw new NotFoundError('Grid', String(f.gridId));
    }
    and.push({ gridId: f.gridId });
  }
  if (f.mediatorId !== undefined) {
    if (!(await db.mediator.findUnique({ where: { id: f.mediatorId }, select: { id: true } }))) {
      throw new NotFoundError('Mediator', String(f.mediatorId));
    }
    and.push({
      OR: [{ leadMediatorId: f.mediatorId }, { coMediators: { some: { mediatorId: f.mediatorId } } }],
    });
  }
  if (f.statuses) and.push({ status: { in: f.statuses } });
  if (f.categories) and.push({ category: { in: f.categories } });
  if (f.sources) and.push({ source: { in: f.sources } });
  if (f.riskLevels) and.push({ riskLevel: { in: f.riskLevels } });
  if (f.minRisk) and.push({ riskLevel: { in: riskLevelsAtLeast(f.minRisk) } });
  if (f.tags?.length) and.push({ tags: { hasSome: f.tags } });
  if (f.greenChannel !== undefined) and.push({ greenChannel: f.greenChannel });
  if (f.reportedAt) and.push({ reportedAt: range(f.reportedAt) });
  if (f.resolveDeadline) and.push({ resolveDeadline: range(f.resolveDeadline) });
  if (f.overdue !== undefined) and.push(f.overdue ? overdueWhere(now) : { NOT: overdueWhere(now) });
  if (f.search) {
    and.push({
      OR: [
        { number: { contains: likeLiteral(f.search), mode: 'insensitive' } },
        { title: { contains: likeLiteral(f.search), mode: 'insensitive' } },
      ],
    });
  }
  return and.length ? { AND: and } : {};
}
