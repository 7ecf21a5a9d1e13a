import { fileScreening, regionAreaWhere, screeningWhere } from '@mediation/core';
import type { Context } from './builder.js';
import { builder } from './builder.js';
import { mutationErrors } from './errors.js';
import { GridRef } from './grid.js';
import { byNodeId, checkedPageSize, databaseId, optionalDatabaseId } from './ids.js';
import { withoutNulls } from './input.js';
import { RegionRef } from './region.js';

export const ScreeningRef = builder.prismaNode('Screening', {
  id: { field: 'id' },
  // a missing (or out-of-jurisdiction) id is null, like any unknown node
  nullable: true,
  findUnique: (id, ctx) => ({ ...byNodeId(id), grid: { region: regionAreaWhere(ctx.principal) } }),
  description: '排查: one screening round of a grid. A round that found nothing is a 零报告 (zero report).',
  fields: (t) => ({
    grid: t.relation('grid'),
    screenedOn: t.string({
      description: '排查日期: the China calendar day the round covers, YYYY-MM-DD.',
      select: { screenedOn: true },
      resolve: (screening) => screening.screenedOn.toISOString().slice(0, 10),
    }),
    householdsVisited: t.exposeInt('householdsVisited', { description: '走访户数' }),
    disputesFound: t.exposeInt('disputesFound', { description: '排查发现矛盾纠纷数' }),
    zeroReport: t.exposeBoolean('zeroReport', { description: '零报告: nothing found, and said so.' }),
    campaign: t.exposeString('campaign', {
      nullable: true,
      description: '专项排查活动, e.g. 涉疫矛盾纠纷专项排查',
    }),
    notes: t.exposeString('notes', { nullable: true, description: '情况说明' }),
    reporterName: t.string({
      nullable: true,
      description: '填报人 (网格员)',
      select: { reporter: { select: { displayName: true } } },
      resolve: (screening) => screening.reporter?.displayName ?? null,
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: '填报时间' }),
  }),
});

builder.prismaObjectField('Grid', 'screenings', (t) =>
  t.relatedConnection('screenings', {
    cursor: 'id',
    maxSize: checkedPageSize,
    totalCount: true,
    description: '排查 rounds and 零报告 of this grid, newest day first.',
    query: { orderBy: [{ screenedOn: 'desc' }, { id: 'desc' }] },
  }),
);

const ScreeningFilter = builder.inputType('ScreeningFilter', {
  description: 'All given conditions must hold.',
  fields: (t) => ({
    regionId: t.globalID({ for: RegionRef, description: 'Grids in this region and everything under it.' }),
    gridId: t.globalID({ for: GridRef }),
    from: t.string({ description: 'First 排查日期, YYYY-MM-DD, inclusive.' }),
    to: t.string({ description: 'Last 排查日期, YYYY-MM-DD, inclusive.' }),
    zeroReport: t.boolean({ description: 'Only 零报告 (true) or only rounds that found disputes (false).' }),
    campaign: t.string({ description: '专项排查活动, exact name.' }),
  }),
});

/** The page and its `totalCount` receive the same args object: validate the filter once. */
const whereCache = new WeakMap<object, ReturnType<typeof screeningWhere>>();
function cachedScreeningWhere(args: { filter?: typeof ScreeningFilter.$inferInput | null }, ctx: Context) {
  let where = whereCache.get(args);
  if (!where) {
    const filter = args.filter;
    where = screeningWhere(
      ctx.db.prisma,
      filter
        ? {
            ...withoutNulls(filter),
            regionId: optionalDatabaseId(filter.regionId),
            gridId: optionalDatabaseId(filter.gridId),
          }
        : {},
    ).then((filtered) => ({ AND: [filtered, { grid: { region: regionAreaWhere(ctx.principal) } }] }));
    whereCache.set(args, where);
  }
  return where;
}

builder.queryFields((t) => ({
  screenings: t.prismaConnection({
    type: 'Screening',
    cursor: 'id',
    maxSize: checkedPageSize,
    description: '排查 rounds and 零报告, newest day first.',
    args: { filter: t.arg({ type: ScreeningFilter }) },
    resolve: async (query, _root, args, ctx) =>
      ctx.db.prisma.screening.findMany({
        ...query,
        where: await cachedScreeningWhere(args, ctx),
        orderBy: [{ screenedOn: 'desc' }, { id: 'desc' }],
      }),
    totalCount: async (_root, args, ctx) =>
      ctx.db.prisma.screening.count({ where: await cachedScreeningWhere(args, ctx) }),
  }),
}));

const FileScreeningInput = builder.inputType('FileScreeningInput', {
  fields: (t) => ({
    gridId: t.globalID({ for: GridRef, required: true }),
    screenedOn: t.string({
      required: true,
      description: '排查日期, YYYY-MM-DD (China time); not in the future.',
    }),
    householdsVisited: t.int({ required: true, description: '走访户数' }),
    disputesFound: t.int({ required: true, description: '排查发现矛盾纠纷数; 0 only in a 零报告.' }),
    zeroReport: t.boolean({
      defaultValue: false,
      description: '零报告: nothing found (disputesFound = 0). At most one per grid and day.',
    }),
    campaign: t.string({ description: '专项排查活动' }),
    notes: t.string({ description: '情况说明' }),
  }),
});

builder.mutationFields((t) => ({
  fileScreening: t.field({
    type: ScreeningRef,
    description: '填报排查情况 or 零报告',
    args: { input: t.arg({ type: FileScreeningInput, required: true }) },
    errors: { types: mutationErrors, dataField: { name: 'screening' } },
    resolve: (_root, { input }, ctx) =>
      fileScreening(
        ctx.db.prisma,
        ctx.principal,
        { ...withoutNulls(input), gridId: databaseId(input.gridId) },
        { now: ctx.now },
      ),
  }),
}));
