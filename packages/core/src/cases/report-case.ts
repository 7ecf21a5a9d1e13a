import { z } from 'zod';
import type { Db } from '../db/client.js';
import { NotFoundError, ValidationError } from '../errors.js';
import type { Case } from '../generated/prisma/client.js';
import {
  CaseCategory,
  CaseSource,
  CaseStatus,
  PartyKind,
  PartyRole,
  RegionLevel,
  RiskLevel,
} from '../generated/prisma/enums.js';
import { assertCanReport } from '../policy/jurisdiction.js';
import { countyCodeOf } from '../registry/regions.js';
import { fields, plainText } from '../validation/fields.js';
import { type Actor, actorUserId } from './actor.js';
import { type DeadlinePolicy, shanghaiYear } from './deadlines.js';

const partyInput = z
  .object({
    role: z.enum(PartyRole),
    kind: z.enum(PartyKind).default(PartyKind.PERSON),
    name: fields.name(100),
    // "" (what many forms send for "none") means absent, for each of the three.
    idNumber: z
      .string()
      .trim()
      .toUpperCase()
      .transform((value) => value || undefined)
      .optional(),
    phone: fields.optionalMobile,
    address: z
      .string()
      .trim()
      .max(200, 'must be at most 200 characters')
      .superRefine(plainText())
      .transform((value) => value || undefined)
      .optional(),
  })
  .superRefine((party, ctx) => {
    if (!party.idNumber) return;
    const check = party.kind === PartyKind.PERSON ? fields.residentId : fields.creditCode;
    const result = check.safeParse(party.idNumber);
    if (!result.success)
      ctx.addIssue({ code: 'custom', path: ['idNumber'], message: result.error.issues[0]!.message });
  });

export const reportCaseInput = z
  .object({
    title: fields.text(2, 200),
    facts: fields.text(5, 10000),
    category: z.enum(CaseCategory),
    tags: z.array(fields.name(30)).max(20).default([]),
    source: z.enum(CaseSource),
    /** The village/community or town where the dispute arose; optional when a grid is given. */
    regionId: fields.id.optional(),
    gridId: fields.id.optional(),
    amount: fields.amount.optional(),
    riskLevel: z.enum(RiskLevel).default(RiskLevel.LOW),
    greenChannel: z.boolean().default(false),
    /** Language the parties need, e.g. 藏语 (matched against mediators' languages). */
    language: fields.name(20).optional(),
    externalSystem: fields.code.optional(),
    externalRef: fields.externalRef.optional(),
    /**
     * When the referring system received the matter (信访登记, 接警, 委派时间); kept on the REPORTED
     * event, as the platform's own `reportedAt` is when the referral reached it.
     */
    externalReceivedAt: z.date().optional(),
    parties: z.array(partyInput).min(1).max(50),
  })
  .superRefine((input, ctx) => {
    if (input.regionId === undefined && input.gridId === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['regionId'],
        message: 'give the region or the grid where the dispute arose',
      });
    }
    if (input.externalReceivedAt !== undefined) {
      if (input.externalSystem === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['externalReceivedAt'],
          message: 'only a referral (with externalSystem) has a time the referring system received it',
        });
      } else if (input.externalReceivedAt.getTime() > Date.now() + 5 * 60_000) {
        ctx.addIssue({ code: 'custom', path: ['externalReceivedAt'], message: 'must not be in the future' });
      } else if (input.externalReceivedAt.getUTCFullYear() < 2000) {
        ctx.addIssue({ code: 'custom', path: ['externalReceivedAt'], message: 'must be in 2000 or later' });
      }
    }
    if ((input.externalSystem === undefined) !== (input.externalRef === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: ['externalRef'],
        message: 'externalSystem and externalRef go together',
      });
    }
    if (!input.parties.some((party) => party.role === PartyRole.APPLICANT)) {
      ctx.addIssue({
        code: 'custom',
        path: ['parties'],
        message: 'at least one applicant (申请人) is required',
      });
    }
  });
export type ReportCaseInput = z.input<typeof reportCaseInput>;

/**
 * Places a new case (登记) inside a transaction: finds its region and grid, numbers it, sets its
 * deadlines and stores it with its parties. The workflow records its events.
 */
export async function placeNewCase(
  tx: Db,
  actor: Actor,
  data: z.output<typeof reportCaseInput>,
  now: Date,
  deadlines: DeadlinePolicy,
): Promise<Case> {
  const { regionId, gridId } = await locate(tx, data.regionId, data.gridId);
  const region = await tx.region.findUniqueOrThrow({ where: { id: regionId } });
  // Who may register here: grid workers in their grids, supervisors in their region, keys in theirs.
  assertCanReport(actor, { regionPath: region.path, gridId });
  const number = await nextCaseNumber(tx, countyCodeOf(region), now);
  const initial = await deadlines.initial(tx, { ...data, reportedAt: now });
  return tx.case.create({
    data: {
      number,
      title: data.title,
      facts: data.facts,
      category: data.category,
      tags: [...new Set(data.tags)],
      source: data.source,
      externalSystem: data.externalSystem ?? null,
      externalRef: data.externalRef ?? null,
      regionId,
      gridId,
      amount: data.amount ?? null,
      riskLevel: data.riskLevel,
      greenChannel: data.greenChannel,
      language: data.language ?? null,
      status: CaseStatus.REPORTED,
      reportedAt: now,
      ...initial,
      escalatedAt: data.riskLevel === RiskLevel.HIGH || data.riskLevel === RiskLevel.CRITICAL ? now : null,
      reportedById: actorUserId(actor),
      parties: { create: data.parties },
    },
  });
}

async function locate(
  db: Db,
  regionId: number | undefined,
  gridId: number | undefined,
): Promise<{ regionId: number; gridId: number | null }> {
  const grid =
    gridId === undefined
      ? null
      : await db.grid.findUnique({
          where: { id: gridId },
          select: { id: true, regionId: true, region: true },
        });
  if (gridId !== undefined && !grid) throw new NotFoundError('Grid', String(gridId));
  if (regionId === undefined) return { regionId: grid!.regionId, gridId: grid!.id };

  const region = await db.region.findUnique({ where: { id: regionId } });
  if (!region) throw new NotFoundError('Region', String(regionId));
  if (region.level !== RegionLevel.VILLAGE && region.level !== RegionLevel.TOWN) {
    throw new ValidationError([
      { path: 'regionId', message: 'a case is registered in a town/street or a village/community' },
    ]);
  }
  if (grid && !grid.region.path.startsWith(region.path)) {
    throw new ValidationError([{ path: 'gridId', message: 'the grid is not inside the given region' }]);
  }
  return { regionId: grid ? grid.regionId : region.id, gridId: grid?.id ?? null };
}

/** `330106-2026-000123`: county code, year (China time), a per-county-per-year sequence. */
async function nextCaseNumber(db: Db, countyCode: string, now: Date): Promise<string> {
  const prefix = `${countyCode}-${shanghaiYear(now)}`;
  // One atomic upsert: concurrent reports in one county never get the same number.
  const rows = await db.$queryRaw<{ lastValue: number }[]>`
    INSERT INTO "CaseNumberSequence" ("prefix", "lastValue") VALUES (${prefix}, 1)
    ON CONFLICT ("prefix") DO UPDATE SET "lastValue" = "CaseNumberSequence"."lastValue" + 1
    RETURNING "lastValue"`;
  return `${prefix}-${String(rows[0]!.lastValue).padStart(6, '0')}`;
}
