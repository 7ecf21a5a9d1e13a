import {
  createGrid,
  likeLiteral,
  maskPhone,
  type Prisma,
  type PrismaClient,
  regionAreaWhere,
  regionSubtreeOf,
  updateGrid,
} from '@mediation/core';
import { builder } from './builder.js';
import { GridMemberRoleEnum } from './enums.js';
import { mutationErrors } from './errors.js';
import { byNodeId, checkedPageSize, databaseId, optionalDatabaseId } from './ids.js';
import { withoutNulls } from './input.js';
import { RegionRef } from './region.js';

const GridMemberRef = builder.prismaObject('GridMember', {
  description: '网格长 / 网格员',
  fields: (t) => ({
    role: t.expose('role', { type: GridMemberRoleEnum }),
    name: t.exposeString('name'),
    phone: t.string({
      nullable: true,
      description: 'Masked (138****5678).',
      resolve: (member) => (member.phone ? maskPhone(member.phone) : null),
    }),
  }),
});

export const GridRef = builder.prismaNode('Grid', {
  id: { field: 'id' },
  // a missing (or out-of-jurisdiction) id is null, like any unknown node
  nullable: true,
  findUnique: (id, ctx) => ({ ...byNodeId(id), region: regionAreaWhere(ctx.principal) }),
  description: '网格: the smallest unit of grid management, inside a village/community.',
  fields: (t) => ({
    code: t.exposeString('code'),
    name: t.exposeString('name'),
    region: t.relation('region'),
    households: t.exposeInt('households', { description: '户数' }),
    population: t.exposeInt('population', { description: '人口' }),
    description: t.exposeString('description', { nullable: true }),
    leader: t.field({
      type: GridMemberRef,
      nullable: true,
      description: '网格长',
      select: { members: { orderBy: { id: 'asc' } } },
      resolve: (grid) => grid.members.find((member) => member.role === 'LEADER') ?? null,
    }),
    members: t.relation('members', { query: { orderBy: [{ role: 'asc' }, { id: 'asc' }] } }),
    mediators: t.prismaField({
      type: ['Mediator'],
      description: 'Mediators who serve this grid.',
      select: (_args, _ctx, nestedSelection) => ({
        mediators: { select: { mediator: nestedSelection(true) }, orderBy: { mediatorId: 'asc' } },
      }),
      resolve: (_query, grid) => grid.mediators.map((link) => link.mediator),
    }),
  }),
});

const GridFilter = builder.inputType('GridFilter', {
  fields: (t) => ({
    regionId: t.globalID({ for: RegionRef, description: 'Grids in this region and everything under it.' }),
    search: t.string({ description: 'Matches the name or the code.' }),
  }),
});

async function gridWhere(
  prisma: PrismaClient,
  filter: typeof GridFilter.$inferInput | null | undefined,
): Promise<Prisma.GridWhereInput> {
  const and: Prisma.GridWhereInput[] = [];
  const regionId = optionalDatabaseId(filter?.regionId);
  if (regionId !== undefined) {
    and.push({ region: await regionSubtreeOf(prisma, regionId) });
  }
  const search = filter?.search?.trim().slice(0, 100);
  if (search)
    and.push({
      OR: [{ name: { contains: likeLiteral(search) } }, { code: { contains: likeLiteral(search) } }],
    });
  return { AND: and };
}

builder.queryFields((t) => ({
  grids: t.prismaConnection({
    type: 'Grid',
    cursor: 'id',
    maxSize: checkedPageSize,
    description: '网格',
    args: { filter: t.arg({ type: GridFilter }) },
    resolve: async (query, _root, { filter }, ctx) =>
      ctx.db.prisma.grid.findMany({
        ...query,
        where: { AND: [await gridWhere(ctx.db.prisma, filter), { region: regionAreaWhere(ctx.principal) }] },
        orderBy: { code: 'asc' },
      }),
    totalCount: async (_root, { filter }, ctx) =>
      ctx.db.prisma.grid.count({
        where: { AND: [await gridWhere(ctx.db.prisma, filter), { region: regionAreaWhere(ctx.principal) }] },
      }),
  }),
}));

const GridMemberInput = builder.inputType('GridMemberInput', {
  fields: (t) => ({
    role: t.field({ type: GridMemberRoleEnum, required: true }),
    name: t.string({ required: true }),
    phone: t.string({ description: 'Mainland mobile number.' }),
  }),
});

const CreateGridInput = builder.inputType('CreateGridInput', {
  fields: (t) => ({
    code: t.string({ required: true, description: 'Unique grid code, e.g. 330106001001-01.' }),
    name: t.string({ required: true }),
    regionId: t.globalID({ for: RegionRef, required: true, description: 'The village/community (村/社区).' }),
    households: t.int(),
    population: t.int(),
    description: t.string(),
    members: t.field({ type: [GridMemberInput], description: 'The leader (at most one) and members.' }),
  }),
});

const UpdateGridInput = builder.inputType('UpdateGridInput', {
  fields: (t) => ({
    name: t.string(),
    regionId: t.globalID({ for: RegionRef }),
    households: t.int(),
    population: t.int(),
    description: t.string(),
    members: t.field({ type: [GridMemberInput], description: 'Replaces the member list when given.' }),
  }),
});

builder.mutationFields((t) => ({
  createGrid: t.field({
    type: GridRef,
    description: '新建网格',
    args: { input: t.arg({ type: CreateGridInput, required: true }) },
    errors: { types: mutationErrors, dataField: { name: 'grid' } },
    resolve: async (_root, { input }, ctx) => {
      return createGrid(ctx.db.prisma, ctx.principal, {
        ...withoutNulls(input),
        regionId: databaseId(input.regionId),
        members: input.members?.map((member) => withoutNulls(member)),
      });
    },
  }),
  updateGrid: t.field({
    type: GridRef,
    description: '修改网格',
    args: {
      id: t.arg.globalID({ for: GridRef, required: true }),
      input: t.arg({ type: UpdateGridInput, required: true }),
    },
    errors: { types: mutationErrors, dataField: { name: 'grid' } },
    resolve: async (_root, { id, input }, ctx) => {
      return updateGrid(ctx.db.prisma, ctx.principal, databaseId(id), {
        ...withoutNulls(input),
        regionId: optionalDatabaseId(input.regionId),
        members: input.members?.map((member) => withoutNulls(member)) ?? undefined,
      });
    },
  }),
}));
