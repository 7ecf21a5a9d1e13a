import {
  ancestorIds,
  assertSignedIn,
  likeLiteral,
  type Prisma,
  type PrismaClient,
  regionAreaWhere,
  regionSubtreeOf,
  regionSubtreeWhere,
} from '@mediation/core';
import { builder } from './builder.js';
import { RegionLevelEnum } from './enums.js';
import { byNodeId, checkedPageSize, databaseId } from './ids.js';

export const RegionRef = builder.prismaNode('Region', {
  id: { field: 'id' },
  // a missing (or out-of-jurisdiction) id is null, like any unknown node
  nullable: true,
  // regions (统计用区划代码) are public reference data: any signed-in principal may read them
  findUnique: (id, ctx) => {
    assertSignedIn(ctx.principal);
    return byNodeId(id);
  },
  description: '行政区划: province → city → county/district → town/street → village/community.',
  fields: (t) => ({
    code: t.exposeString('code', { description: '统计用区划代码 (12 digits)' }),
    name: t.exposeString('name'),
    level: t.expose('level', { type: RegionLevelEnum }),
    depth: t.exposeInt('depth', { description: 'Number of ancestors (a province is 0).' }),
    parent: t.relation('parent', { nullable: true }),
    children: t.relation('children', { query: { orderBy: { code: 'asc' } } }),
    ancestors: t.prismaField({
      type: ['Region'],
      description: 'From the root down to the parent.',
      select: { path: true },
      resolve: (query, region, _args, ctx) =>
        ctx.db.prisma.region.findMany({
          ...query,
          where: { id: { in: ancestorIds(region) } },
          orderBy: { depth: 'asc' },
        }),
    }),
    grids: t.prismaConnection({
      type: 'Grid',
      cursor: 'id',
      maxSize: checkedPageSize,
      description: 'Grids in this region and everything under it.',
      resolve: (query, region, _args, ctx) =>
        ctx.db.prisma.grid.findMany({
          ...query,
          where: { region: { AND: [regionSubtreeWhere(region), regionAreaWhere(ctx.principal)] } },
          orderBy: { id: 'asc' },
        }),
      totalCount: (region, _args, ctx) =>
        ctx.db.prisma.grid.count({
          where: { region: { AND: [regionSubtreeWhere(region), regionAreaWhere(ctx.principal)] } },
        }),
    }),
    organizations: t.prismaConnection({
      type: 'Organization',
      cursor: 'id',
      maxSize: checkedPageSize,
      description: 'Mediation organizations in this region and everything under it.',
      resolve: (query, region, _args, ctx) =>
        ctx.db.prisma.organization.findMany({
          ...query,
          where: { region: { AND: [regionSubtreeWhere(region), regionAreaWhere(ctx.principal)] } },
          orderBy: { id: 'asc' },
        }),
      totalCount: (region, _args, ctx) =>
        ctx.db.prisma.organization.count({
          where: { region: { AND: [regionSubtreeWhere(region), regionAreaWhere(ctx.principal)] } },
        }),
    }),
  }),
});

const RegionFilter = builder.inputType('RegionFilter', {
  fields: (t) => ({
    level: t.field({ type: RegionLevelEnum }),
    parentId: t.globalID({ for: RegionRef, description: 'Direct children of this region.' }),
    withinId: t.globalID({ for: RegionRef, description: 'This region and everything under it.' }),
    search: t.string({ description: 'Matches the name or the code prefix.' }),
  }),
});

builder.queryFields((t) => ({
  regions: t.prismaConnection({
    type: 'Region',
    cursor: 'id',
    maxSize: checkedPageSize,
    args: { filter: t.arg({ type: RegionFilter }) },
    description: '行政区划, ordered by code.',
    resolve: async (query, _root, { filter }, ctx) =>
      assertSignedIn(ctx.principal) ??
      ctx.db.prisma.region.findMany({
        ...query,
        where: await regionWhere(ctx.db.prisma, filter),
        orderBy: { code: 'asc' },
      }),
    totalCount: async (_root, { filter }, ctx) =>
      ctx.db.prisma.region.count({ where: await regionWhere(ctx.db.prisma, filter) }),
  }),
  region: t.prismaField({
    type: 'Region',
    nullable: true,
    description: 'A region by its 12-digit statistical code.',
    args: { code: t.arg.string({ required: true }) },
    resolve: (query, _root, { code }, ctx) =>
      assertSignedIn(ctx.principal) ?? ctx.db.prisma.region.findUnique({ ...query, where: { code } }),
  }),
}));

type RegionFilterValue = typeof RegionFilter.$inferInput;

async function regionWhere(
  prisma: PrismaClient,
  filter: RegionFilterValue | null | undefined,
): Promise<Prisma.RegionWhereInput> {
  if (!filter) return {};
  const and: Prisma.RegionWhereInput[] = [];
  if (filter.level) and.push({ level: filter.level });
  if (filter.parentId) and.push({ parentId: databaseId(filter.parentId) });
  if (filter.withinId) {
    and.push(await regionSubtreeOf(prisma, databaseId(filter.withinId)));
  }
  if (filter.search) {
    const search = filter.search.trim().slice(0, 100);
    and.push({
      OR: [{ name: { contains: likeLiteral(search) } }, { code: { startsWith: likeLiteral(search) } }],
    });
  }
  return { AND: and };
}
