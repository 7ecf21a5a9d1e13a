import { systemActor } from '../cases/actor.js';
import {
  appendCaseEvents,
  type CaseEventDraft,
  type CaseEventNotice,
  noOutbox,
  type OutboxRouter,
} from '../cases/case-events.js';
import type { Case, PrismaClient } from '../generated/prisma/client.js';
import { CaseEventType, CaseStatus, DeadlineKind, DeadlineStage } from '../generated/prisma/enums.js';

export interface ScanDeadlinesOptions {
  /** The scan's clock: a deadline at or before it is overdue. */
  now: Date;
  /** A deadline within this many hours after `now` is due soon. */
  dueSoonHours: number;
  /** Which adapters hear of the events (outbox rows in the same transaction). */
  routeOutbox?: OutboxRouter;
  /** Crossings handled per query and transaction. @default 100 */
  batchSize?: number;
  /** Batches per scan at most; the rest waits for the next scan. @default 50 */
  maxBatches?: number;
}

/** A deadline of a case that has reached a stage. */
export interface DeadlineCrossing {
  caseId: number;
  kind: DeadlineKind;
  stage: DeadlineStage;
  deadline: Date;
}

/** Which deadline applies in which statuses. */
const deadlineStatuses: Record<DeadlineKind, readonly CaseStatus[]> = {
  [DeadlineKind.ACCEPT]: [CaseStatus.REPORTED],
  [DeadlineKind.RESOLVE]: [
    CaseStatus.REPORTED,
    CaseStatus.ACCEPTED,
    CaseStatus.ASSIGNED,
    CaseStatus.IN_MEDIATION,
  ],
  [DeadlineKind.FOLLOW_UP]: [CaseStatus.RESOLVED],
};

const deadlineOf = (kase: Case, kind: DeadlineKind): Date | null =>
  kind === DeadlineKind.ACCEPT
    ? kase.acceptDeadline
    : kind === DeadlineKind.RESOLVE
      ? kase.resolveDeadline
      : kase.followUpDeadline;

const eventType: Record<DeadlineStage, CaseEventType> = {
  [DeadlineStage.DUE_SOON]: CaseEventType.DEADLINE_DUE_SOON,
  [DeadlineStage.OVERDUE]: CaseEventType.DEADLINE_OVERDUE,
};

const scanActor = systemActor('deadline-scan');

/**
 * Finds the deadlines (受理, 调结, 回访) of open cases that became due soon or overdue and records
 * each crossing once: a `DeadlineAlert` row and, only when that row was new, a DEADLINE_DUE_SOON or
 * DEADLINE_OVERDUE case event (data: kind, deadline), in one transaction per batch. The unique key of
 * `DeadlineAlert` with ON CONFLICT DO NOTHING keeps it exact when several instances scan at once.
 *
 * - A deadline seen for the first time when already past gets only the OVERDUE event: a "due soon"
 *   notice about a deadline that has passed would only mislead (an SMS saying "due tomorrow" a day
 *   late). One seen within the window first gets DUE_SOON, and OVERDUE once it passes.
 * - A changed deadline is a new deadline and gets its own events.
 * - Scanning does not change the case (no version bump), so it never makes a user's edit stale.
 *
 * Returns the committed events, to publish.
 */
export async function scanDeadlines(
  prisma: PrismaClient,
  options: ScanDeadlinesOptions,
): Promise<CaseEventNotice[]> {
  const batchSize = options.batchSize ?? 100;
  const maxBatches = options.maxBatches ?? 50;
  const notices: CaseEventNotice[] = [];
  for (let batch = 0; batch < maxBatches; batch++) {
    const crossings = await findCrossings(prisma, options.now, options.dueSoonHours, batchSize);
    if (!crossings.length) break;
    notices.push(...(await recordCrossings(prisma, crossings, options)));
    if (crossings.length < batchSize) break;
  }
  return notices;
}

/**
 * One query for a batch of crossings without their alert: every open case whose applicable deadline
 * is at or before `now + dueSoonHours`, minus those already alerted for that stage (or, for a
 * deadline still ahead, for any stage).
 */
export async function findCrossings(
  prisma: PrismaClient,
  now: Date,
  dueSoonHours: number,
  limit: number,
): Promise<DeadlineCrossing[]> {
  const horizon = new Date(now.getTime() + dueSoonHours * 3_600_000);
  const rows = await prisma.$queryRaw<{ caseId: number; kind: DeadlineKind; deadline: Date }[]>`
    SELECT d."caseId", d.kind, d.deadline
    FROM (
      SELECT c.id AS "caseId", 'ACCEPT' AS kind, c."acceptDeadline" AS deadline
        FROM "Case" c
        WHERE c.status = 'REPORTED' AND c."acceptDeadline" <= ${horizon}::timestamptz
      UNION ALL
      SELECT c.id, 'RESOLVE', c."resolveDeadline"
        FROM "Case" c
        WHERE c.status IN ('REPORTED', 'ACCEPTED', 'ASSIGNED', 'IN_MEDIATION')
          AND c."resolveDeadline" <= ${horizon}::timestamptz
      UNION ALL
      SELECT c.id, 'FOLLOW_UP', c."followUpDeadline"
        FROM "Case" c
        WHERE c.status = 'RESOLVED' AND c."followUpDeadline" <= ${horizon}::timestamptz
    ) d
    WHERE NOT EXISTS (
      SELECT 1 FROM "DeadlineAlert" a
      WHERE a."caseId" = d."caseId" AND a.kind::text = d.kind AND a.deadline = d.deadline
        AND (a.stage = 'OVERDUE' OR d.deadline > ${now}::timestamptz)
    )
    ORDER BY d.deadline, d."caseId", d.kind
    LIMIT ${limit}`;
  return rows.map((row) => ({
    caseId: row.caseId,
    kind: row.kind,
    deadline: row.deadline,
    stage: row.deadline.getTime() <= now.getTime() ? DeadlineStage.OVERDUE : DeadlineStage.DUE_SOON,
  }));
}

async function recordCrossings(
  prisma: PrismaClient,
  crossings: DeadlineCrossing[],
  options: ScanDeadlinesOptions,
): Promise<CaseEventNotice[]> {
  const { now } = options;
  return prisma.$transaction(
    async (tx) => {
      // Re-read the cases in the transaction: one accepted or resolved since the search is skipped.
      const cases = await tx.case.findMany({
        where: { id: { in: [...new Set(crossings.map((c) => c.caseId))] } },
      });
      const byId = new Map(cases.map((kase) => [kase.id, kase]));
      const current = crossings.filter((crossing) => {
        const kase = byId.get(crossing.caseId);
        return (
          kase !== undefined &&
          deadlineStatuses[crossing.kind].includes(kase.status) &&
          deadlineOf(kase, crossing.kind)?.getTime() === crossing.deadline.getTime()
        );
      });
      if (!current.length) return [];

      // One statement; rows another scanner already inserted (or is inserting) are skipped. The order
      // is fixed so that concurrent scanners take the unique-index locks in the same order.
      const inserted = await tx.deadlineAlert.createManyAndReturn({
        data: current
          .map(({ caseId, kind, stage, deadline }) => ({ caseId, kind, stage, deadline, createdAt: now }))
          .sort(
            (a, b) => a.caseId - b.caseId || a.kind.localeCompare(b.kind) || a.stage.localeCompare(b.stage),
          ),
        skipDuplicates: true,
        select: { caseId: true, kind: true, stage: true, deadline: true },
      });

      const notices: CaseEventNotice[] = [];
      const caseIds = [...new Set(inserted.map((alert) => alert.caseId))].sort((a, b) => a - b);
      for (const caseId of caseIds) {
        const drafts: CaseEventDraft[] = inserted
          .filter((alert) => alert.caseId === caseId)
          .map((alert) => ({
            type: eventType[alert.stage],
            data: { kind: alert.kind, deadline: alert.deadline.toISOString() },
          }));
        notices.push(
          ...(await appendCaseEvents(
            tx,
            scanActor,
            byId.get(caseId)!,
            drafts,
            now,
            options.routeOutbox ?? noOutbox,
          )),
        );
      }
      return notices;
    },
    { maxWait: 30_000, timeout: 60_000 },
  );
}
