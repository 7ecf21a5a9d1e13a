import { type CaseFilter, caseReadScope, caseWhere, openCaseStatuses, type Prisma } from '@mediation/core';
import type { Context } from './builder.js';
import { builder } from './builder.js';
import { CaseCategoryEnum, CaseSourceEnum, CaseStatusEnum, RiskLevelEnum } from './enums.js';
import { GridRef } from './grid.js';
import { byNodeId, checkedPageSize, optionalDatabaseId } from './ids.js';
import { withoutNulls } from './input.js';
import { MediatorRef } from './mediator.js';
import { RegionRef } from './region.js';

export const CaseRef = builder.prismaNode('Case', {
  id: { field: 'id' },
  // a missing (or out-of-jurisdiction) id is null, like any unknown node
  nullable: true,
  // outside the caller's jurisdiction a case looks exactly like one that does not exist
  findUnique: (id, ctx) => ({ ...byNodeId(id), AND: [caseReadScope(ctx.principal)] }),
  description: '矛盾纠纷: one dispute.',
  fields: (t) => ({
    number: t.exposeString('number', { description: '案件编号, e.g. 330106-2026-000123' }),
    title: t.exposeString('title'),
    facts: t.exposeString('facts', { description: '纠纷事实' }),
    category: t.expose('category', { type: CaseCategoryEnum }),
    tags: t.exposeStringList('tags', { description: 'e.g. 涉疫, 哄抬物价' }),
    source: t.expose('source', { type: CaseSourceEnum }),
    externalSystem: t.exposeString('externalSystem', { nullable: true }),
    externalRef: t.exposeString('externalRef', { nullable: true }),
    region: t.relation('region'),
    grid: t.relation('grid', { nullable: true }),
    organization: t.relation('organization', { nullable: true, description: 'Handling organization.' }),
    leadMediator: t.relation('leadMediator', { nullable: true }),
    coMediators: t.prismaField({
      type: ['Mediator'],
      select: (_args, _ctx, nestedSelection) => ({
        coMediators: { select: { mediator: nestedSelection(true) }, orderBy: { assignedAt: 'asc' } },
      }),
      resolve: (_query, kase) => kase.coMediators.map((link) => link.mediator),
    }),
    amount: t.expose('amount', { type: 'Decimal', nullable: true, description: '争议金额 (元)' }),
    riskLevel: t.expose('riskLevel', { type: RiskLevelEnum }),
    greenChannel: t.exposeBoolean('greenChannel', { description: '绿色通道' }),
    language: t.exposeString('language', { nullable: true, description: '调解语言, e.g. 藏语' }),
    status: t.expose('status', { type: CaseStatusEnum }),
    statusReason: t.exposeString('statusReason', { nullable: true }),
    reportedAt: t.expose('reportedAt', { type: 'DateTime' }),
    acceptDeadline: t.expose('acceptDeadline', { type: 'DateTime', nullable: true }),
    resolveDeadline: t.expose('resolveDeadline', { type: 'DateTime', nullable: true }),
    followUpDeadline: t.expose('followUpDeadline', { type: 'DateTime', nullable: true }),
    acceptedAt: t.expose('acceptedAt', { type: 'DateTime', nullable: true }),
    resolvedAt: t.expose('resolvedAt', { type: 'DateTime', nullable: true }),
    closedAt: t.expose('closedAt', { type: 'DateTime', nullable: true }),
    escalatedAt: t.expose('escalatedAt', { type: 'DateTime', nullable: true }),
    overdue: t.boolean({
      description: 'Open and past its acceptance or resolution deadline.',
      select: { status: true, acceptDeadline: true, resolveDeadline: true },
      resolve: (kase, _args, ctx) => {
        if (!openCaseStatuses.includes(kase.status)) return false;
        if (kase.status === 'REPORTED' && kase.acceptDeadline && kase.acceptDeadline < ctx.now) return true;
        return !!kase.resolveDeadline && kase.resolveDeadline < ctx.now;
      },
    }),
    version: t.exposeInt('version', {
      description: 'Send it back with workflow commands (optimistic concurrency).',
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
    parties: t.relation('parties', { query: { orderBy: [{ role: 'asc' }, { id: 'asc' }] } }),
    sessions: t.relation('sessions', { query: { orderBy: [{ scheduledAt: 'asc' }, { id: 'asc' }] } }),
    agreement: t.relation('agreement', { nullable: true }),
    followUps: t.relation('followUps', { query: { orderBy: [{ dueAt: 'asc' }, { id: 'asc' }] } }),
    events: t.relatedConnection('events', {
      cursor: 'id',
      maxSize: checkedPageSize,
      totalCount: true,
      description: '办理记录, oldest first; `last: 5` gives the five most recent.',
      query: { orderBy: { id: 'asc' } },
    }),
  }),
});

const DateRange = builder.inputType('DateRange', {
  fields: (t) => ({
    from: t.field({ type: 'DateTime' }),
    to: t.field({ type: 'DateTime' }),
  }),
});

export const CaseFilterInput = builder.inputType('CaseFilter', {
  description: 'All given conditions must hold.',
  fields: (t) => ({
    statuses: t.field({ type: [CaseStatusEnum] }),
    categories: t.field({ type: [CaseCategoryEnum] }),
    sources: t.field({ type: [CaseSourceEnum] }),
    riskLevels: t.field({ type: [RiskLevelEnum] }),
    minRisk: t.field({ type: RiskLevelEnum, description: 'This risk level or higher.' }),
    regionId: t.globalID({ for: RegionRef, description: 'Cases in this region and everything under it.' }),
    gridId: t.globalID({ for: GridRef }),
    mediatorId: t.globalID({ for: MediatorRef, description: 'Cases this mediator leads or co-mediates.' }),
    tags: t.stringList({ description: 'Cases carrying any of these tags.' }),
    greenChannel: t.boolean(),
    reportedAt: t.field({ type: DateRange }),
    resolveDeadline: t.field({ type: DateRange }),
    overdue: t.boolean(),
    search: t.string({ description: 'Matches the case number or title.' }),
  }),
});

const CaseOrderField = builder.enumType('CaseOrderField', {
  values: ['REPORTED_AT', 'UPDATED_AT', 'RESOLVE_DEADLINE', 'NUMBER', 'RISK_LEVEL', 'AMOUNT'] as const,
});

const OrderDirection = builder.enumType('OrderDirection', { values: ['ASC', 'DESC'] as const });

const CaseOrder = builder.inputType('CaseOrder', {
  fields: (t) => ({
    field: t.field({ type: CaseOrderField, required: true }),
    direction: t.field({ type: OrderDirection, defaultValue: 'DESC' }),
  }),
});

type CaseFilterValue = typeof CaseFilterInput.$inferInput;
type CaseOrderValue = typeof CaseOrder.$inferInput;

function toCoreFilter(filter: CaseFilterValue | null | undefined): CaseFilter {
  if (!filter) return {};
  const range = (value: { from?: Date | null; to?: Date | null } | null | undefined) =>
    value ? withoutNulls(value) : undefined;
  return {
    ...withoutNulls(filter),
    regionId: optionalDatabaseId(filter.regionId),
    gridId: optionalDatabaseId(filter.gridId),
    mediatorId: optionalDatabaseId(filter.mediatorId),
    reportedAt: range(filter.reportedAt),
    resolveDeadline: range(filter.resolveDeadline),
  };
}

function caseOrderBy(order: CaseOrderValue | null | undefined): Prisma.CaseOrderByWithRelationInput[] {
  const direction = order?.direction === 'ASC' ? 'asc' : 'desc';
  const field = order?.field ?? 'REPORTED_AT';
  const first: Prisma.CaseOrderByWithRelationInput = {
    REPORTED_AT: { reportedAt: direction },
    UPDATED_AT: { updatedAt: direction },
    RESOLVE_DEADLINE: { resolveDeadline: { sort: direction, nulls: 'last' } },
    NUMBER: { number: direction },
    RISK_LEVEL: { riskLevel: direction },
    AMOUNT: { amount: { sort: direction, nulls: 'last' } },
  }[field] as Prisma.CaseOrderByWithRelationInput;
  return [first, { id: direction }];
}

/**
 * The filtered `where` is computed once per field and shared by the page and its `totalCount`
 * (both receive the same args object).
 */
const whereCache = new WeakMap<object, Promise<Prisma.CaseWhereInput>>();
function cachedCaseWhere(
  args: { filter?: CaseFilterValue | null },
  ctx: Context,
  scope: Prisma.CaseWhereInput,
): Promise<Prisma.CaseWhereInput> {
  let where = whereCache.get(args);
  if (!where) {
    where = caseWhere(ctx.db.prisma, toCoreFilter(args.filter), ctx.now).then((filtered) => ({
      AND: [scope, caseReadScope(ctx.principal), filtered],
    }));
    whereCache.set(args, where);
  }
  return where;
}

builder.queryFields((t) => ({
  cases: t.prismaConnection({
    type: 'Case',
    cursor: 'id',
    maxSize: checkedPageSize,
    description: '矛盾纠纷, newest first unless ordered otherwise.',
    args: { filter: t.arg({ type: CaseFilterInput }), orderBy: t.arg({ type: CaseOrder }) },
    resolve: async (query, _root, args, ctx) =>
      ctx.db.prisma.case.findMany({
        ...query,
        where: await cachedCaseWhere(args, ctx, {}),
        orderBy: caseOrderBy(args.orderBy),
      }),
    totalCount: async (_root, args, ctx) =>
      ctx.db.prisma.case.count({ where: await cachedCaseWhere(args, ctx, {}) }),
  }),
  caseByNumber: t.prismaField({
    type: 'Case',
    nullable: true,
    description: 'A case by its number, e.g. 330106-2026-000123.',
    args: { number: t.arg.string({ required: true }) },
    resolve: (query, _root, { number }, ctx) =>
      ctx.db.prisma.case.findFirst({ ...query, where: { number, AND: [caseReadScope(ctx.principal)] } }),
  }),
}));

/** `cases` on a parent type: the same filters and order, scoped to the parent. */
function scopedCases<Parent>(
  typeName: 'Region' | 'Grid' | 'Organization' | 'Mediator',
  select: Record<string, boolean>,
  scope: (parent: Parent) => Prisma.CaseWhereInput,
  description: string,
) {
  builder.prismaObjectField(typeName, 'cases', (t) =>
    t.prismaConnection({
      type: 'Case',
      cursor: 'id',
      maxSize: checkedPageSize,
      description,
      select: select as never,
      args: { filter: t.arg({ type: CaseFilterInput }), orderBy: t.arg({ type: CaseOrder }) },
      resolve: async (query, parent, args, ctx) =>
        ctx.db.prisma.case.findMany({
          ...query,
          where: await cachedCaseWhere(args, ctx, scope(parent as Parent)),
          orderBy: caseOrderBy(args.orderBy),
        }),
      totalCount: async (parent, args, ctx) =>
        ctx.db.prisma.case.count({ where: await cachedCaseWhere(args, ctx, scope(parent as Parent)) }),
    }),
  );
}

scopedCases<{ path: string }>(
  'Region',
  { path: true },
  (region) => ({ region: { path: { startsWith: region.path } } }),
  'Cases in this region and everything under it.',
);
scopedCases<{ id: number }>('Grid', { id: true }, (grid) => ({ gridId: grid.id }), 'Cases in this grid.');
scopedCases<{ id: number }>(
  'Organization',
  { id: true },
  (organization) => ({ organizationId: organization.id }),
  'Cases this organization handles.',
);
scopedCases<{ id: number }>(
  'Mediator',
  { id: true },
  (mediator) => ({
    OR: [{ leadMediatorId: mediator.id }, { coMediators: { some: { mediatorId: mediator.id } } }],
  }),
  'Cases this mediator leads or co-mediates.',
);
