import { z } from 'zod';
import { type Actor, actorUserId } from '../cases/actor.js';
import type { Db } from '../db/client.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors.js';
import type { Prisma, PrismaClient, Screening } from '../generated/prisma/client.js';
import { UserRole } from '../generated/prisma/enums.js';
import { isInArea } from '../policy/jurisdiction.js';
import { fields, plainText } from '../validation/fields.js';
import { parseInput } from '../validation/parse.js';

const DAY = 86_400_000;
/** China Standard Time: UTC+8 all year, no daylight saving. */
const CHINA_OFFSET = 8 * 3_600_000;

/** A calendar date written `YYYY-MM-DD` that exists (no 2026-02-30). */
export const calendarDate = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, {
    message: 'must be a date written YYYY-MM-DD, e.g. "2026-11-16"',
    abort: true,
  })
  .refine((value) => isRealDate(value), {
    message: 'is not a real calendar date',
    abort: true,
  });

function isRealDate(value: string): boolean {
  const date = dateValue(value);
  // Invalid (2026-13-01) or rolled over by the parser (2026-02-30 → 03-02).
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

/** A `YYYY-MM-DD` date as the UTC midnight Date that `@db.Date` columns use. */
export function dateValue(date: string): Date {
  return new Date(`${date}T00:00:00.000Z`);
}

/** `YYYY-MM-DD` of a `@db.Date` value (UTC midnight). */
export function dateString(value: Date): string {
  return value.toISOString().slice(0, 10);
}

/** The China calendar date (`YYYY-MM-DD`) of an instant. */
export function chinaDate(at: Date): string {
  return dateString(new Date(at.getTime() + CHINA_OFFSET));
}

/** The instant a China calendar day (`YYYY-MM-DD`) begins: 00:00 UTC+8. */
export function chinaDayStart(date: string): Date {
  return new Date(dateValue(date).getTime() - CHINA_OFFSET);
}

/** `YYYY-MM-DD` a number of days after another. */
export function addDays(date: string, days: number): string {
  return dateString(new Date(dateValue(date).getTime() + days * DAY));
}

export const fileScreeningInput = z
  .object({
    gridId: fields.id,
    /** The China calendar day the round covers. */
    screenedOn: calendarDate,
    householdsVisited: z.number().int().min(0, 'must not be negative').max(100_000),
    disputesFound: z.number().int().min(0, 'must not be negative').max(10_000),
    /** 零报告: the round found nothing, and says so. */
    zeroReport: z.boolean().default(false),
    campaign: fields.name(100).optional(),
    notes: z
      .string()
      .trim()
      .max(5000, 'must be at most 5000 characters')
      .superRefine(plainText({ multiline: true }))
      .optional(),
  })
  .superRefine((input, ctx) => {
    if (input.zeroReport && input.disputesFound !== 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['disputesFound'],
        message: 'a zero report (零报告) finds no disputes: disputesFound must be 0',
      });
    }
    if (!input.zeroReport && input.disputesFound === 0) {
      // Silence must be declared, so a round that found nothing cannot pass for a missing number.
      ctx.addIssue({
        code: 'custom',
        path: ['zeroReport'],
        message: 'a round that found no disputes is a zero report (零报告): set zeroReport to true',
      });
    }
  });
export type FileScreeningInput = z.input<typeof fileScreeningInput>;

export interface FileScreeningOptions {
  /** The clock that decides which dates are in the future. @default new Date() */
  now?: Date;
}

/**
 * 排查: files a grid's screening round, or its zero report (零报告) when nothing was found.
 * A grid files at most one zero report per day; the grid row is locked while that is checked, so
 * two people filing at once cannot both get through.
 */
export async function fileScreening(
  prisma: PrismaClient,
  actor: Actor,
  input: FileScreeningInput,
  options: FileScreeningOptions = {},
): Promise<Screening> {
  const data = parseInput(fileScreeningInput, input);
  if (data.screenedOn > chinaDate(options.now ?? new Date())) {
    throw new ValidationError([{ path: 'screenedOn', message: 'must not be in the future' }]);
  }
  const screenedOn = dateValue(data.screenedOn);

  return prisma.$transaction(async (tx) => {
    const locked = await tx.$queryRaw<{ path: string }[]>`
      SELECT r.path FROM "Grid" g JOIN "Region" r ON r.id = g."regionId"
      WHERE g.id = ${data.gridId} FOR UPDATE OF g`;
    const grid = locked[0];
    if (!grid) throw new NotFoundError('Grid', String(data.gridId));
    assertMayFile(actor, data.gridId, grid.path);

    if (data.zeroReport) {
      const earlier = await tx.screening.findFirst({
        where: { gridId: data.gridId, screenedOn, zeroReport: true },
        select: { id: true },
      });
      if (earlier) {
        throw new ConflictError(
          `grid ${data.gridId} already filed a zero report (零报告) for ${data.screenedOn}`,
        );
      }
    }

    return tx.screening.create({
      data: {
        gridId: data.gridId,
        reporterId: actorUserId(actor),
        screenedOn,
        householdsVisited: data.householdsVisited,
        disputesFound: data.disputesFound,
        zeroReport: data.zeroReport,
        campaign: data.campaign ?? null,
        notes: data.notes ?? null,
      },
    });
  });
}

/**
 * Grid workers file for their own grids, supervisors for grids in their region, admins anywhere,
 * API keys with cases:write inside their region; mediators do not file.
 */
function assertMayFile(actor: Actor, gridId: number, gridPath: string): void {
  if (actor.kind === 'system') return;
  const allowed =
    (actor.kind === 'user' &&
      (actor.role === UserRole.ADMIN ||
        (actor.role === UserRole.GRID_WORKER && actor.gridIds.includes(gridId)) ||
        (actor.role === UserRole.SUPERVISOR && isInArea(actor, gridPath)))) ||
    (actor.kind === 'integration' && actor.scopes.includes('cases:write') && isInArea(actor, gridPath));
  if (!allowed) throw new ForbiddenError(`you may not file screening rounds (排查) for grid ${gridId}`);
}

export const screeningFilterInput = z
  .object({
    /** Grids in this region and everything under it. */
    regionId: fields.id.optional(),
    gridId: fields.id.optional(),
    /** First day, `YYYY-MM-DD`, inclusive. */
    from: calendarDate.optional(),
    /** Last day, `YYYY-MM-DD`, inclusive. */
    to: calendarDate.optional(),
    zeroReport: z.boolean().optional(),
    campaign: fields.name(100).optional(),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, {
    path: ['to'],
    message: '"from" must not be after "to"',
  });
export type ScreeningFilter = z.input<typeof screeningFilterInput>;

/** Turns a screening filter into a Prisma `where`; a region or grid that does not exist is an error. */
export async function screeningWhere(
  db: Db,
  filter: ScreeningFilter = {},
): Promise<Prisma.ScreeningWhereInput> {
  const f = parseInput(screeningFilterInput, filter);
  const and: Prisma.ScreeningWhereInput[] = [];
  if (f.regionId !== undefined) {
    const region = await db.region.findUnique({ where: { id: f.regionId }, select: { path: true } });
    if (!region) throw new NotFoundError('Region', String(f.regionId));
    and.push({ grid: { region: { path: { startsWith: region.path } } } });
  }
  if (f.gridId !== undefined) {
    if (!(await db.grid.findUnique({ where: { id: f.gridId }, select: { id: true } }))) {
      throw new NotFoundError('Grid', String(f.gridId));
    }
    and.push({ gridId: f.gridId });
  }
  if (f.from) and.push({ screenedOn: { gte: dateValue(f.from) } });
  if (f.to) and.push({ screenedOn: { lte: dateValue(f.to) } });
  if (f.zeroReport !== undefined) and.push({ zeroReport: f.zeroReport });
  if (f.campaign) and.push({ campaign: f.campaign });
  return and.length ? { AND: and } : {};
}
