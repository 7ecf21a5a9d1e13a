import {
  assertSignedIn,
  CaseEventType,
  type CaseStatus,
  canReadNotice,
  caseReadScope,
  ForbiddenError,
  isInArea,
  NotFoundError,
  type RiskLevel,
  riskLevelOrder,
  ValidationError,
} from '@mediation/core';
import type { CaseEventMessage } from '../server/pubsub.js';
import { builder, type Context } from './builder.js';
import { CaseRef } from './case.js';
import { resumePosition } from './case-event-cursor.js';
import { CaseStatusEnum, RiskLevelEnum } from './enums.js';
import { GridRef } from './grid.js';
import { databaseId, optionalDatabaseId } from './ids.js';
import { MediatorRef } from './mediator.js';
import { RegionRef } from './region.js';
import { guarded } from './subscription-guard.js';

const CaseFeedFilter = builder.inputType('CaseFeedFilter', {
  description: 'All given conditions must hold.',
  fields: (t) => ({
    regionId: t.globalID({ for: RegionRef, description: 'Cases in this region and everything under it.' }),
    gridId: t.globalID({ for: GridRef }),
    statuses: t.field({
      type: [CaseStatusEnum],
      description:
        'Cases now in one of these statuses; also the event that moves a case out of one, so a board can drop it.',
    }),
    minRisk: t.field({
      type: RiskLevelEnum,
      description:
        'Cases at this risk level or higher (escalations included); also the event that lowers a case below it.',
    }),
  }),
});

const afterDescription =
  'Resume point: the `cursor` of the last event received. Events committed since then that match are replayed first, in commit order, then live ones follow with none missed or repeated. Older than the resume window (SUBSCRIPTION_RESUME_WINDOW_HOURS): error RESUME_POINT_EXPIRED, refetch and subscribe without it.';

builder.subscriptionType({
  description:
    'Live case events, over graphql-ws (`graphql-transport-ws`) or SSE (`Accept: text/event-stream`) at /graphql.',
});

builder.subscriptionFields((t) => ({
  caseEvents: t.prismaField({
    type: 'CaseEvent',
    description: '办理记录 of one case, as they are recorded.',
    args: {
      caseId: t.arg.globalID({ for: CaseRef, required: true }),
      after: t.arg.string({ description: afterDescription }),
    },
    subscribe: async (_root, args, ctx) => {
      const caseId = databaseId(args.caseId);
      const found = await ctx.db.prisma.case.findFirst({
        where: { id: caseId, AND: [caseReadScope(ctx.principal)] },
        select: { id: true },
      });
      if (!found) throw new NotFoundError('Case', String(caseId));
      const after = await resumePosition(ctx, args.after);
      return guarded(
        ctx,
        ctx.caseEvents.subscribe(
          (message) => message.case.id === caseId && canReadNotice(ctx.principal, message),
          { after, narrow: { caseId } },
        ),
      );
    },
    resolve: (query, message, _args, ctx) => loadCaseEvent(ctx, query, message),
  }),

  caseFeed: t.prismaField({
    type: 'CaseEvent',
    description:
      'Events of every case matching the filter, e.g. a town board (regionId) or an early-warning screen (minRisk: HIGH).',
    args: { filter: t.arg({ type: CaseFeedFilter }), after: t.arg.string({ description: afterDescription }) },
    subscribe: async (_root, { filter, after: cursor }, ctx) => {
      assertSignedIn(ctx.principal);
      const regionId = optionalDatabaseId(filter?.regionId);
      const gridId = optionalDatabaseId(filter?.gridId);
      const statuses = filter?.statuses ?? undefined;
      if (statuses?.length === 0) {
        throw new ValidationError([
          { path: 'filter.statuses', message: 'give at least one status, or leave the field out' },
        ]);
      }
      let regionPath: string | undefined;
      if (regionId !== undefined) {
        const region = await ctx.db.prisma.region.findUnique({
          where: { id: regionId },
          select: { path: true },
        });
        if (!region) throw new NotFoundError('Region', String(regionId));
        regionPath = region.path;
      }
      if (gridId !== undefined) {
        const grid = await ctx.db.prisma.grid.findUnique({ where: { id: gridId }, select: { id: true } });
        if (!grid) throw new NotFoundError('Grid', String(gridId));
      }
      const matches = feedMatcher({ regionPath, gridId, statuses, minRisk: filter?.minRisk ?? undefined });
      const after = await resumePosition(ctx, cursor);
      // jurisdiction first: another town's events never reach this subscriber
      return guarded(
        ctx,
        ctx.caseEvents.subscribe((message) => canReadNotice(ctx.principal, message) && matches(message), {
          after,
        }),
      );
    },
    resolve: (query, message, _args, ctx) => loadCaseEvent(ctx, query, message),
  }),

  deadlineAlerts: t.prismaField({
    type: 'CaseEvent',
    description:
      '到期提醒: due-soon and overdue events of the cases the signed-in mediator leads (admins and supervisors may name a mediator of their region).',
    args: {
      mediatorId: t.arg.globalID({ for: MediatorRef }),
      after: t.arg.string({ description: afterDescription }),
    },
    subscribe: async (_root, args, ctx) => {
      const principal = ctx.principal;
      assertSignedIn(principal);
      const own = principal.kind === 'user' ? principal.mediatorId : null;
      const mediatorId = optionalDatabaseId(args.mediatorId) ?? own;
      if (mediatorId === null) {
        throw new ForbiddenError('deadline alerts are for mediators: sign in as one, or name a mediator');
      }
      const found = await ctx.db.prisma.mediator.findUnique({
        where: { id: mediatorId },
        select: { id: true, organization: { select: { region: { select: { path: true } } } } },
      });
      if (!found) throw new NotFoundError('Mediator', String(mediatorId));
      const mayWatch =
        mediatorId === own ||
        (principal.kind === 'user' &&
          (principal.role === 'ADMIN' || principal.role === 'SUPERVISOR') &&
          isInArea(principal, found.organization.region.path));
      if (!mayWatch) throw new NotFoundError('Mediator', String(mediatorId));
      const after = await resumePosition(ctx, args.after);
      return guarded(
        ctx,
        ctx.caseEvents.subscribe(
          (message) =>
            deadlineEventTypes.has(message.type) &&
            message.case.leadMediatorId === mediatorId &&
            canReadNotice(principal, message),
          { after, narrow: { types: [...deadlineEventTypes] } },
        ),
      );
    },
    resolve: (query, message, _args, ctx) => loadCaseEvent(ctx, query, message),
  }),
}));

const deadlineEventTypes = new Set<CaseEventType>([
  CaseEventType.DEADLINE_DUE_SOON,
  CaseEventType.DEADLINE_OVERDUE,
]);

export interface CaseFeedCondition {
  /** Region subtree: the region's materialized path. */
  regionPath?: string;
  gridId?: number;
  statuses?: readonly CaseStatus[];
  minRisk?: RiskLevel;
}

/** The feed filter as a predicate on published messages (it runs for every event and subscriber). */
export function feedMatcher(condition: CaseFeedCondition): (message: CaseEventMessage) => boolean {
  const { regionPath, gridId, statuses } = condition;
  const minRisk = condition.minRisk ? riskLevelOrder.indexOf(condition.minRisk) : 0;
  const risky = (level: RiskLevel) => riskLevelOrder.indexOf(level) >= minRisk;
  return ({ case: kase, fromStatus }) =>
    (regionPath === undefined || kase.regionPath.startsWith(regionPath)) &&
    (gridId === undefined || kase.gridId === gridId) &&
    (statuses === undefined ||
      statuses.includes(kase.status) ||
      (fromStatus !== null && statuses.includes(fromStatus))) &&
    (minRisk === 0 || risky(kase.riskLevel) || risky(kase.previousRiskLevel));
}

/**
 * Loads the event node for one subscriber. Every subscriber of an instance receives an event in the
 * same tick, so loads with the same selection share one query while it is in flight: a thousand
 * town boards cost one `SELECT`, not a thousand. The key is the whole Prisma query, so subscribers
 * asking for different fields (or, later, with different jurisdiction filters) never share rows.
 */
const inFlightLoads = new WeakMap<object, Map<string, Promise<unknown>>>();

function loadCaseEvent<Query extends object>(ctx: Context, query: Query, message: CaseEventMessage) {
  const prisma = ctx.db.prisma;
  let loads = inFlightLoads.get(prisma);
  if (!loads) {
    loads = new Map();
    inFlightLoads.set(prisma, loads);
  }
  const args = { ...query, where: { id: message.eventId } };
  const key = JSON.stringify(args);
  let load = loads.get(key);
  if (!load) {
    const started = Promise.resolve(prisma.caseEvent.findUniqueOrThrow(args as { where: { id: number } }));
    const forget = () => loads.delete(key);
    started.then(forget, forget);
    load = started;
    loads.set(key, load);
  }
  return load as ReturnType<typeof prisma.caseEvent.findUniqueOrThrow>;
}
