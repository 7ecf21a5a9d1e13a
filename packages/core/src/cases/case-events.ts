import type { Db } from '../db/client.js';
import type { Case, CaseEvent, Prisma } from '../generated/prisma/client.js';
import type { CaseEventType, CaseStatus, RiskLevel } from '../generated/prisma/enums.js';
import { type Actor, actorColumns } from './actor.js';
import { caseEventSnapshot } from './case-event-timeline.js';

/** An event a command is about to record. */
export interface CaseEventDraft {
  type: CaseEventType;
  fromStatus?: CaseStatus | null;
  toStatus?: CaseStatus | null;
  reason?: string | null;
  data?: Prisma.InputJsonObject;
}

/** What subscribers and adapters learn about a committed event: the event and where its case stands. */
export interface CaseEventNotice {
  event: CaseEvent;
  case: Pick<
    Case,
    | 'id'
    | 'number'
    | 'status'
    | 'riskLevel'
    | 'regionId'
    | 'gridId'
    | 'leadMediatorId'
    | 'reportedById'
    | 'version'
    | 'externalSystem'
    | 'externalRef'
  > & {
    regionPath: string;
    /** For jurisdiction checks on subscriptions (a co-mediator sees the case's events). */
    coMediatorIds: number[];
  };
}

/**
 * What an outbox row carries to an adapter (written in the same transaction as the change). Core
 * owns the shape; the adapters and their contract use this type, so a renamed field breaks their
 * compile instead of sending `undefined`.
 */
export type OutboxPayload = {
  eventId: number;
  type: CaseEventType;
  fromStatus: CaseStatus | null;
  toStatus: CaseStatus | null;
  reason: string | null;
  data: Record<string, unknown>;
  /** ISO 8601. */
  occurredAt: string;
  case: {
    id: number;
    number: string;
    status: CaseStatus;
    riskLevel: RiskLevel;
    version: number;
    /** The system that referred the case (an adapter id) and its id there, when it was referred. */
    externalSystem?: string | null;
    externalRef?: string | null;
  };
};

/** What an adapter's `accepts` filter sees of an event while the command's transaction runs. */
export interface RoutingNotice {
  type: CaseEventType;
  data: unknown;
  case: Pick<OutboxPayload['case'], 'id' | 'status' | 'riskLevel' | 'externalSystem' | 'externalRef'>;
}

/** The routing notice of a committed-to-be event. */
export function routingNotice(notice: CaseEventNotice): RoutingNotice {
  return {
    type: notice.event.type,
    data: notice.event.data,
    case: {
      id: notice.case.id,
      status: notice.case.status,
      riskLevel: notice.case.riskLevel,
      externalSystem: notice.case.externalSystem,
      externalRef: notice.case.externalRef,
    },
  };
}

/**
 * Decides which adapters must hear of an event; the core writes one outbox row per adapter in the
 * same transaction as the change. The adapters package supplies the real router.
 */
export type OutboxRouter = (notice: CaseEventNotice) => readonly string[];

export const noOutbox: OutboxRouter = () => [];

/** Appends events to a case's timeline and the outbox rows they need; returns the notices to publish. */
export async function appendCaseEvents(
  tx: Db,
  actor: Actor,
  kase: Case,
  drafts: CaseEventDraft[],
  now: Date,
  routeOutbox: OutboxRouter,
): Promise<CaseEventNotice[]> {
  const region = await tx.region.findUniqueOrThrow({ where: { id: kase.regionId }, select: { path: true } });
  const coMediators = await tx.caseCoMediator.findMany({
    where: { caseId: kase.id },
    select: { mediatorId: true },
  });
  // Where the case stands, once for all the drafts: their notices and snapshots share it.
  const standing: CaseEventNotice['case'] = {
    id: kase.id,
    number: kase.number,
    status: kase.status,
    riskLevel: kase.riskLevel,
    regionId: kase.regionId,
    gridId: kase.gridId,
    leadMediatorId: kase.leadMediatorId,
    reportedById: kase.reportedById,
    version: kase.version,
    externalSystem: kase.externalSystem,
    externalRef: kase.externalRef,
    regionPath: region.path,
    coMediatorIds: coMediators.map((m) => m.mediatorId),
  };
  const notices: CaseEventNotice[] = [];
  for (const draft of drafts) {
    const snapshot = caseEventSnapshot(draft.type, draft.data ?? null, standing);
    const event = await tx.caseEvent.create({
      data: {
        caseId: kase.id,
        type: draft.type,
        fromStatus: draft.fromStatus ?? null,
        toStatus: draft.toStatus ?? null,
        reason: draft.reason ?? null,
        data: draft.data ?? {},
        createdAt: now,
        snapshot,
        ...actorColumns(actor),
      },
    });
    const notice: CaseEventNotice = { event, case: standing };
    const adapters = routeOutbox(notice);
    if (adapters.length) {
      await tx.outboxMessage.createMany({
        data: adapters.map((adapterId) => ({
          eventId: event.id,
          adapterId,
          deliveryKey: `case-event-${event.id}-${adapterId}`,
          payload: outboxPayload(notice) as Prisma.InputJsonObject,
          nextAttemptAt: now,
        })),
      });
    }
    notices.push(notice);
  }
  return notices;
}

export function outboxPayload(notice: CaseEventNotice): OutboxPayload {
  const { event } = notice;
  return {
    eventId: event.id,
    type: event.type,
    fromStatus: event.fromStatus,
    toStatus: event.toStatus,
    reason: event.reason,
    data: (event.data ?? {}) as Record<string, unknown>,
    occurredAt: event.createdAt.toISOString(),
    case: {
      id: notice.case.id,
      number: notice.case.number,
      status: notice.case.status,
      riskLevel: notice.case.riskLevel,
      version: notice.case.version,
      externalSystem: notice.case.externalSystem,
      externalRef: notice.case.externalRef,
    },
  };
}
