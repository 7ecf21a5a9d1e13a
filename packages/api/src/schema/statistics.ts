import { assertCanReadReports, type GridFigures, type WeeklyReport, weeklyReport } from '@mediation/core';
import { type GraphQLSchema, isEnumType } from 'graphql';
import { builder } from './builder.js';
import { databaseId } from './ids.js';
import { RegionRef } from './region.js';

/** One group of a breakdown, with the domain enum it comes from so its label can be looked up. */
interface BreakdownItem {
  enumName: 'CaseCategory' | 'CaseSource';
  key: string;
  count: number;
}

/** The Chinese term of an enum value: its description in the schema (see enums.ts), one source of truth. */
function termOf(schema: GraphQLSchema, enumName: string, key: string): string {
  const type = schema.getType(enumName);
  return (isEnumType(type) ? type.getValue(key)?.description : undefined) ?? key;
}

const BreakdownItemRef = builder.objectRef<BreakdownItem>('WeeklyReportCount').implement({
  description: 'One group of a 周报告 breakdown.',
  fields: (t) => ({
    key: t.exposeString('key', { description: 'The enum value, e.g. NEIGHBORHOOD.' }),
    label: t.string({
      description: 'The Chinese term, e.g. 邻里纠纷.',
      resolve: (item, _args, _ctx, info) => termOf(info.schema, item.enumName, item.key),
    }),
    count: t.exposeInt('count'),
  }),
});

const GridFiguresRef = builder.objectRef<GridFigures>('WeeklyReportGridFigures').implement({
  description: "One grid's cases in a 周报告.",
  fields: (t) => ({
    grid: t.prismaField({
      type: 'Grid',
      nullable: true,
      description: 'null: cases registered directly with a town/street (乡镇/街道), in no grid.',
      // One findUnique per row; Prisma batches them into one statement.
      resolve: (query, row, _args, ctx) =>
        row.gridId === null ? null : ctx.db.prisma.grid.findUnique({ ...query, where: { id: row.gridId } }),
    }),
    newCases: t.exposeInt('newCases', { description: '新增矛盾纠纷' }),
    resolved: t.exposeInt('resolved', { description: '调解成功' }),
  }),
});

const ScreeningFiguresRef = builder.objectRef<WeeklyReport['screening']>('WeeklyScreeningFigures').implement({
  description: '排查 in a 周报告.',
  fields: (t) => ({
    rounds: t.exposeInt('rounds', { description: '排查次数 (rounds filed, 零报告 included)' }),
    householdsVisited: t.exposeInt('householdsVisited', { description: '走访户数' }),
    disputesFound: t.exposeInt('disputesFound', { description: '排查发现矛盾纠纷数' }),
    zeroReports: t.exposeInt('zeroReports', { description: '零报告数' }),
    grids: t.exposeInt('grids', { description: '网格总数 in the region' }),
    gridsReporting: t.exposeInt('gridsReporting', { description: 'Grids that filed at least one round.' }),
  }),
});

const EpidemicFiguresRef = builder.objectRef<WeeklyReport['epidemic']>('WeeklyEpidemicFigures').implement({
  description: '涉疫矛盾纠纷: cases tagged 涉疫.',
  fields: (t) => ({
    newCases: t.exposeInt('newCases', { description: '新增' }),
    resolved: t.exposeInt('resolved', { description: '调解成功' }),
    open: t.exposeInt('open', { description: '周末在办' }),
  }),
});

const WeeklyReportRef = builder.objectRef<WeeklyReport>('WeeklyReport').implement({
  description:
    '周报告 of a region and everything under it, for one week: Monday 00:00 to the next Monday 00:00, China time. Case figures count cases.',
  fields: (t) => ({
    region: t.prismaField({
      type: 'Region',
      resolve: (query, report, _args, ctx) =>
        ctx.db.prisma.region.findUniqueOrThrow({ ...query, where: { id: report.regionId } }),
    }),
    weekStart: t.exposeString('weekStart', { description: 'Monday, YYYY-MM-DD.' }),
    weekEnd: t.exposeString('weekEnd', { description: 'Sunday, YYYY-MM-DD (last day of the week).' }),
    asOf: t.expose('asOf', {
      type: 'DateTime',
      description: 'The instant "at the end of the week" means: the week’s end, or now while it is running.',
    }),
    screening: t.field({ type: ScreeningFiguresRef, resolve: (report) => report.screening }),
    newCases: t.exposeInt('newCases', { description: '新增: reported (登记) in the week.' }),
    accepted: t.exposeInt('accepted', { description: '受理' }),
    resolved: t.exposeInt('resolved', { description: '调解成功' }),
    failed: t.exposeInt('failed', { description: '调解不成' }),
    closed: t.exposeInt('closed', { description: '结案' }),
    escalated: t.exposeInt('escalated', { description: '风险上报' }),
    openAtEnd: t.exposeInt('openAtEnd', { description: '周末在办: open (登记/受理/已指派/调解中) at asOf.' }),
    overdueAtEnd: t.exposeInt('overdueAtEnd', {
      description: '周末超期: open and past the acceptance or resolution deadline at asOf.',
    }),
    resolutionRate: t.exposeFloat('resolutionRate', {
      nullable: true,
      description: '调解成功率 = 调解成功 / (调解成功 + 调解不成); null when neither happened.',
    }),
    newByCategory: t.field({
      type: [BreakdownItemRef],
      description: '新增 by 纠纷类型, every type listed.',
      resolve: (report) => report.newByCategory.map((item) => ({ enumName: 'CaseCategory', ...item })),
    }),
    newBySource: t.field({
      type: [BreakdownItemRef],
      description: '新增 by 纠纷来源, every source listed.',
      resolve: (report) => report.newBySource.map((item) => ({ enumName: 'CaseSource', ...item })),
    }),
    byGrid: t.field({
      type: [GridFiguresRef],
      description: '新增 and 调解成功 by 网格: grids with either in the week.',
      resolve: (report) => report.byGrid,
    }),
    epidemic: t.field({ type: EpidemicFiguresRef, resolve: (report) => report.epidemic }),
    zeroReportGrids: t.prismaField({
      type: ['Grid'],
      description: 'Grids that filed a 零报告 in the week.',
      resolve: (query, report, _args, ctx) =>
        ctx.db.prisma.grid.findMany({
          ...query,
          where: { id: { in: report.zeroReportGridIds } },
          orderBy: { code: 'asc' },
        }),
    }),
    silentGrids: t.prismaField({
      type: ['Grid'],
      description: 'Grids that filed nothing at all in the week, not even a 零报告.',
      resolve: (query, report, _args, ctx) =>
        ctx.db.prisma.grid.findMany({
          ...query,
          where: { id: { in: report.silentGridIds } },
          orderBy: { code: 'asc' },
        }),
    }),
  }),
});

builder.queryFields((t) => ({
  weeklyReport: t.field({
    type: WeeklyReportRef,
    description: '周报告: statistics of a region and everything under it for one week.',
    args: {
      regionId: t.arg.globalID({ for: RegionRef, required: true }),
      weekStart: t.arg.string({ required: true, description: 'The Monday the week starts on, YYYY-MM-DD.' }),
    },
    resolve: async (_root, { regionId, weekStart }, ctx) => {
      const id = databaseId(regionId);
      const region = await ctx.db.prisma.region.findUnique({ where: { id }, select: { path: true } });
      // outside the caller's area the region answers like one that does not exist
      if (region) assertCanReadReports(ctx.principal, region.path);
      return weeklyReport(ctx.db.prisma, { regionId: id, weekStart }, { now: ctx.now });
    },
  }),
}));
