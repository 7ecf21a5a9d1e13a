import { z } from 'zod';
import { openCaseStatuses } from '../cases/case-status.js';
import type { Db } from '../db/client.js';
import { NotFoundError, ValidationError } from '../errors.js';
import { Prisma } from '../generated/prisma/client.js';
import { CaseCategory, CaseEventType, CaseSource } from '../generated/prisma/enums.js';
import { addDays, calendarDate, chinaDayStart, dateValue } from '../grid-work/screenings.js';
import { fields } from '../validation/fields.js';
import { parseInput } from '../validation/parse.js';

/** The tag that marks an epidemic-related dispute (涉疫). */
export const epidemicTag = '涉疫';

export const weeklyReportInput = z.object({
  /** The region whose subtree the report covers. */
  regionId: fields.id,
  /** The Monday the week starts on (China time), `YYYY-MM-DD`. */
  weekStart: calendarDate.refine(
    (date) => dateValue(date).getUTCDay() === 1,
    'must be a Monday: a week (周) runs Monday 00:00 to the next Monday 00:00, China time',
  ),
});
export type WeeklyReportInput = z.input<typeof weeklyReportInput>;

export interface WeeklyReportOptions {
  /** The clock: the current week is reported as of now, a future week is rejected. @default new Date() */
  now?: Date;
}

export interface CountByKey<K extends string> {
  key: K;
  count: number;
}

export interface GridFigures {
  /** null: cases registered directly with a town/street, in no grid. */
  gridId: number | null;
  newCases: number;
  resolved: number;
}

/** 周报告 of a region subtree. Event figures count cases (a case escalated twice counts once). */
export interface WeeklyReport {
  regionId: number;
  /** Monday, `YYYY-MM-DD`. */
  weekStart: string;
  /** Sunday, `YYYY-MM-DD` (the last day of the week). */
  weekEnd: string;
  /** Monday 00:00 China time. */
  from: Date;
  /** The next Monday 00:00 China time (exclusive). */
  to: Date;
  /** `to`, or now while the week is still running: the instant "at the end of the week" means. */
  asOf: Date;
  /** 排查 */
  screening: {
    rounds: number;
    householdsVisited: number;
    disputesFound: number;
    zeroReports: number;
    /** Grids in the subtree. */
    grids: number;
    /** Grids that filed at least one round (zero reports included). */
    gridsReporting: number;
  };
  /** 新增: reported in the week. */
  newCases: number;
  /** 受理 */
  accepted: number;
  /** 调解成功 */
  resolved: number;
  /** 调解不成 */
  failed: number;
  /** 结案 */
  closed: number;
  /** 风险上报 */
  escalated: number;
  /** Still open (登记, 受理, 已指派, 调解中) at `asOf`. */
  openAtEnd: number;
  /** Open and past the acceptance or resolution deadline at `asOf`. */
  overdueAtEnd: number;
  /** resolved / (resolved + failed); null when neither happened. */
  resolutionRate: number | null;
  /** Every category, zeros included, in the enum's order. */
  newByCategory: CountByKey<CaseCategory>[];
  /** Every source, zeros included, in the enum's order. */
  newBySource: CountByKey<CaseSource>[];
  /** Grids with a new or resolved case in the week, by grid id (no grid last). */
  byGrid: GridFigures[];
  /** 涉疫 */
  epidemic: { newCases: number; resolved: number; open: number };
  /** Grids that filed a zero report (零报告) in the week. */
  zeroReportGridIds: number[];
  /** Grids that filed nothing at all in the week: silence, not a zero report. */
  silentGridIds: number[];
}

/** One figure of the report: a total (key null) or one group of a breakdown. */
interface FigureRow {
  figure: string;
  key: string | null;
  value: number;
}

const countedEvents = [
  CaseEventType.ACCEPTED,
  CaseEventType.AGREEMENT_RECORDED,
  CaseEventType.FAILED,
  CaseEventType.CLOSED,
  CaseEventType.ESCALATED,
];

/**
 * 周报告 for a region and everything under it, computed in the database: one region lookup and
 * one statement of grouped CTEs, whatever the amount of data.
 *
 * "Open" and "overdue" at the end of the week replay the case events: a case's status at an
 * instant is the `toStatus` of its last status-carrying event before it.
 */
export async function weeklyReport(
  db: Db,
  input: WeeklyReportInput,
  options: WeeklyReportOptions = {},
): Promise<WeeklyReport> {
  const { regionId, weekStart } = parseInput(weeklyReportInput, input);
  const now = options.now ?? new Date();
  const from = chinaDayStart(weekStart);
  if (from > now) {
    throw new ValidationError([{ path: 'weekStart', message: 'the week has not begun yet' }]);
  }
  const nextMonday = addDays(weekStart, 7);
  const to = chinaDayStart(nextMonday);
  const asOf = new Date(Math.min(to.getTime(), now.getTime()));

  const region = await db.region.findUnique({ where: { id: regionId }, select: { path: true } });
  if (!region) throw new NotFoundError('Region', String(regionId));

  const open = Prisma.join([...openCaseStatuses]);
  const rows = await db.$queryRaw<FigureRow[]>`
    WITH
    scope_regions AS (
      SELECT id FROM "Region" WHERE path LIKE ${`${region.path}%`}
    ),
    scope_grids AS (
      SELECT id FROM "Grid" WHERE "regionId" IN (SELECT id FROM scope_regions)
    ),
    scope_cases AS (
      SELECT c.id, c."gridId", c.category::text AS category, c.source::text AS source, c."reportedAt",
             c."acceptDeadline", c."resolveDeadline", ${epidemicTag} = ANY (c.tags) AS epidemic
      FROM "Case" c
      WHERE c."regionId" IN (SELECT id FROM scope_regions) AND c."reportedAt" < ${asOf}
    ),
    new_cases AS (
      SELECT * FROM scope_cases WHERE "reportedAt" >= ${from}
    ),
    week_events AS (
      SELECT e."caseId", e.type::text AS type, c."gridId", c.epidemic
      FROM "CaseEvent" e JOIN scope_cases c ON c.id = e."caseId"
      WHERE e."createdAt" >= ${from} AND e."createdAt" < ${asOf}
        AND e.type::text IN (${Prisma.join(countedEvents)})
    ),
    status_at_end AS (
      SELECT c.*, COALESCE((
        SELECT e."toStatus"::text FROM "CaseEvent" e
        WHERE e."caseId" = c.id AND e."toStatus" IS NOT NULL AND e."createdAt" < ${asOf}
        ORDER BY e."createdAt" DESC, e.id DESC LIMIT 1
      ), 'REPORTED') AS status
      FROM scope_cases c
    ),
    open_at_end AS (
      SELECT *, (status = 'REPORTED' AND "acceptDeadline" < ${asOf}) OR "resolveDeadline" < ${asOf} AS overdue
      FROM status_at_end WHERE status IN (${open})
    ),
    week_screenings AS (
      SELECT s."gridId", s."householdsVisited", s."disputesFound", s."zeroReport"
      FROM "Screening" s
      WHERE s."gridId" IN (SELECT id FROM scope_grids)
        AND s."screenedOn" >= ${weekStart}::date AND s."screenedOn" < ${nextMonday}::date
    )
    SELECT 'new' AS figure, NULL::text AS key, count(*)::int AS value FROM new_cases
    UNION ALL SELECT 'newEpidemic', NULL, count(*) FILTER (WHERE epidemic)::int FROM new_cases
    UNION ALL SELECT 'newByCategory', category, count(*)::int FROM new_cases GROUP BY category
    UNION ALL SELECT 'newBySource', source, count(*)::int FROM new_cases GROUP BY source
    UNION ALL SELECT 'newByGrid', "gridId"::text, count(*)::int FROM new_cases GROUP BY "gridId"
    UNION ALL SELECT 'event', type, count(DISTINCT "caseId")::int FROM week_events GROUP BY type
    UNION ALL SELECT 'resolvedEpidemic', NULL, count(DISTINCT "caseId")::int FROM week_events
      WHERE type = 'AGREEMENT_RECORDED' AND epidemic
    UNION ALL SELECT 'resolvedByGrid', "gridId"::text, count(DISTINCT "caseId")::int FROM week_events
      WHERE type = 'AGREEMENT_RECORDED' GROUP BY "gridId"
    UNION ALL SELECT 'open', NULL, count(*)::int FROM open_at_end
    UNION ALL SELECT 'openEpidemic', NULL, count(*) FILTER (WHERE epidemic)::int FROM open_at_end
    UNION ALL SELECT 'overdue', NULL, count(*) FILTER (WHERE overdue)::int FROM open_at_end
    UNION ALL SELECT 'rounds', NULL, count(*)::int FROM week_screenings
    UNION ALL SELECT 'householdsVisited', NULL, COALESCE(sum("householdsVisited"), 0)::int FROM week_screenings
    UNION ALL SELECT 'disputesFound', NULL, COALESCE(sum("disputesFound"), 0)::int FROM week_screenings
    UNION ALL SELECT 'zeroReports', NULL, count(*) FILTER (WHERE "zeroReport")::int FROM week_screenings
    UNION ALL SELECT 'grids', NULL, count(*)::int FROM scope_grids
    UNION ALL SELECT 'gridsReporting', NULL, count(DISTINCT "gridId")::int FROM week_screenings
    UNION ALL SELECT 'zeroReportGrid', "gridId"::text, count(*)::int FROM week_screenings
      WHERE "zeroReport" GROUP BY "gridId"
    UNION ALL SELECT 'silentGrid', g.id::text, 0 FROM scope_grids g
      WHERE NOT EXISTS (SELECT 1 FROM week_screenings s WHERE s."gridId" = g.id)`;

  return assemble(rows, { regionId, weekStart, weekEnd: addDays(weekStart, 6), from, to, asOf });
}

function assemble(
  rows: FigureRow[],
  week: Pick<WeeklyReport, 'regionId' | 'weekStart' | 'weekEnd' | 'from' | 'to' | 'asOf'>,
): WeeklyReport {
  const total = (figure: string, key: string | null = null) =>
    rows.find((row) => row.figure === figure && row.key === key)?.value ?? 0;
  const keyed = (figure: string) => rows.filter((row) => row.figure === figure);
  const gridIds = (figure: string) =>
    keyed(figure)
      .map((row) => Number(row.key))
      .sort((a, b) => a - b);

  const resolved = total('event', CaseEventType.AGREEMENT_RECORDED);
  const failed = total('event', CaseEventType.FAILED);

  const byGrid = new Map<number | null, GridFigures>();
  const gridRow = (key: string | null) => {
    const gridId = key === null ? null : Number(key);
    let figures = byGrid.get(gridId);
    if (!figures) {
      figures = { gridId, newCases: 0, resolved: 0 };
      byGrid.set(gridId, figures);
    }
    return figures;
  };
  for (const row of keyed('newByGrid')) gridRow(row.key).newCases = row.value;
  for (const row of keyed('resolvedByGrid')) gridRow(row.key).resolved = row.value;

  return {
    ...week,
    screening: {
      rounds: total('rounds'),
      householdsVisited: total('householdsVisited'),
      disputesFound: total('disputesFound'),
      zeroReports: total('zeroReports'),
      grids: total('grids'),
      gridsReporting: total('gridsReporting'),
    },
    newCases: total('new'),
    accepted: total('event', CaseEventType.ACCEPTED),
    resolved,
    failed,
    closed: total('event', CaseEventType.CLOSED),
    escalated: total('event', CaseEventType.ESCALATED),
    openAtEnd: total('open'),
    overdueAtEnd: total('overdue'),
    resolutionRate: resolved + failed === 0 ? null : resolved / (resolved + failed),
    newByCategory: Object.values(CaseCategory).map((key) => ({ key, count: total('newByCategory', key) })),
    newBySource: Object.values(CaseSource).map((key) => ({ key, count: total('newBySource', key) })),
    byGrid: [...byGrid.values()].sort(
      (a, b) => (a.gridId ?? Number.MAX_SAFE_INTEGER) - (b.gridId ?? Number.MAX_SAFE_INTEGER),
    ),
    epidemic: {
      newCases: total('newEpidemic'),
      resolved: total('resolvedEpidemic'),
      open: total('openEpidemic'),
    },
    zeroReportGridIds: gridIds('zeroReportGrid'),
    silentGridIds: gridIds('silentGrid'),
  };
}
