import type { Db } from '../db/client.js';
import type { Prisma } from '../generated/prisma/client.js';
import { type CaseEventType, type CaseStatus, RiskLevel } from '../generated/prisma/enums.js';
import type { CaseEventNotice } from './case-events.js';

/*
 * The case-event timeline in commit order: what subscriptions replay from (a client resuming from a
 * cursor, an instance catching up after a Redis outage). `CaseEvent.position` is assigned when the
 * writing transaction commits, under a lock held until the commit is visible (see the migration
 * `case_event_position`), so reading "position > P" after having seen P never misses an event that
 * commits later.
 */

/**
 * Where a case stood when an event was recorded: what subscription filters and jurisdiction look at.
 * Plain JSON, stored on the event row and sent through pub/sub alike.
 */
// A type, not an interface: it is stored as a JSON column and must fit Prisma's JSON input type.
export type CaseEventSnapshot = {
  id: number;
  number: string;
  status: CaseStatus;
  riskLevel: RiskLevel;
  /** The risk before this event: differs from `riskLevel` only on a RISK_CHANGED event. */
  previousRiskLevel: RiskLevel;
  regionId: number;
  /** Materialized region path, e.g. "/1/4/17/": a region subtree is a prefix. */
  regionPath: string;
  gridId: number | null;
  leadMediatorId: number | null;
  coMediatorIds: number[];
  reportedById: number | null;
  version: number;
};

/** Where a case stands as a notice carries it (the referral columns are not needed here). */
type SnapshotCase = Omit<CaseEventNotice['case'], 'externalSystem' | 'externalRef'>;

export function caseEventSnapshot(type: CaseEventType, data: unknown, kase: SnapshotCase): CaseEventSnapshot {
  const from = type === 'RISK_CHANGED' ? (data as { from?: RiskLevel } | null)?.from : undefined;
  return {
    id: kase.id,
    number: kase.number,
    status: kase.status,
    riskLevel: kase.riskLevel,
    previousRiskLevel: from && from in RiskLevel ? from : kase.riskLevel,
    regionId: kase.regionId,
    regionPath: kase.regionPath,
    gridId: kase.gridId,
    leadMediatorId: kase.leadMediatorId,
    coMediatorIds: [...kase.coMediatorIds],
    reportedById: kase.reportedById,
    version: kase.version,
  };
}

/** One committed event as the timeline gives it back. */
export interface TimelineEvent {
  eventId: number;
  position: number;
  type: CaseEventType;
  fromStatus: CaseStatus | null;
  toStatus: CaseStatus | null;
  createdAt: Date;
  case: CaseEventSnapshot;
}

export interface TimelineRead {
  /** Events after this position (exclusive). */
  after: number;
  /** Up to this position (inclusive). @default no bound */
  through?: number;
  limit: number;
  /** Only this case's events (an index-backed narrowing; callers still apply their own filter). */
  caseId?: number;
  /** Only these event types. */
  types?: readonly CaseEventType[];
}

export interface CaseEventTimeline {
  /** Positions of committed events by id (events not committed, or unknown, are absent). */
  positionsOf(eventIds: readonly number[]): Promise<Map<number, number>>;
  /** The greatest committed position; 0 on an empty timeline. */
  latestPosition(): Promise<number>;
  /** Committed events in commit order. */
  read(range: TimelineRead): Promise<TimelineEvent[]>;
  /** The event at a position, if it is the event `eventId` (a resume point names both). */
  at(position: number, eventId: number): Promise<{ createdAt: Date } | null>;
}

const eventColumns = {
  id: true,
  position: true,
  type: true,
  fromStatus: true,
  toStatus: true,
  createdAt: true,
  data: true,
  snapshot: true,
  caseId: true,
} satisfies Prisma.CaseEventSelect;

export function createCaseEventTimeline(db: Db): CaseEventTimeline {
  /** Seeded events carry no snapshot: their case as it stands now is the best there is. */
  async function currentSnapshots(caseIds: number[]): Promise<Map<number, SnapshotCase>> {
    if (!caseIds.length) return new Map();
    const cases = await db.case.findMany({
      where: { id: { in: caseIds } },
      include: { region: { select: { path: true } }, coMediators: { select: { mediatorId: true } } },
    });
    return new Map(
      cases.map((kase) => [
        kase.id,
        { ...kase, regionPath: kase.region.path, coMediatorIds: kase.coMediators.map((m) => m.mediatorId) },
      ]),
    );
  }

  return {
    async positionsOf(eventIds) {
      if (!eventIds.length) return new Map();
      const rows = await db.caseEvent.findMany({
        where: { id: { in: [...eventIds] }, position: { not: null } },
        select: { id: true, position: true },
      });
      return new Map(rows.map((row) => [row.id, Number(row.position)]));
    },

    async latestPosition() {
      const { _max } = await db.caseEvent.aggregate({ _max: { position: true } });
      return Number(_max.position ?? 0);
    },

    async read({ after, through, limit, caseId, types }) {
      const rows = await db.caseEvent.findMany({
        where: {
          position: { gt: BigInt(after), ...(through !== undefined ? { lte: BigInt(through) } : {}) },
          ...(caseId !== undefined ? { caseId } : {}),
          ...(types ? { type: { in: [...types] } } : {}),
        },
        orderBy: { position: 'asc' },
        take: limit,
        select: eventColumns,
      });
      const missing = [...new Set(rows.filter((row) => row.snapshot === null).map((row) => row.caseId))];
      const current = await currentSnapshots(missing);
      const events: TimelineEvent[] = [];
      for (const row of rows) {
        const fallback = current.get(row.caseId);
        const snapshot =
          (row.snapshot as CaseEventSnapshot | null) ??
          (fallback ? caseEventSnapshot(row.type, row.data, fallback) : null);
        // a missing case would have taken its events with it (cascade)
        if (!snapshot) throw new Error(`case event ${row.id} has no case`);
        events.push({
          eventId: row.id,
          position: Number(row.position),
          type: row.type,
          fromStatus: row.fromStatus,
          toStatus: row.toStatus,
          createdAt: row.createdAt,
          case: snapshot,
        });
      }
      return events;
    },

    async at(position, eventId) {
      const row = await db.caseEvent.findUnique({
        where: { position: BigInt(position) },
        select: { id: true, createdAt: true },
      });
      return row && row.id === eventId ? { createdAt: row.createdAt } : null;
    },
  };
}
