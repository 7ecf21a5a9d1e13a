import {
  createMediator,
  likeLiteral,
  maskPhone,
  NotFoundError,
  openCaseStatuses,
  type Prisma,
  type PrismaClient,
  regionAreaWhere,
  regionSubtreeOf,
  updateMediator,
} from '@mediation/core';
import { builder } from './builder.js';
import { CaseCategoryEnum, MediatorTypeEnum } from './enums.js';
import { mutationErrors } from './errors.js';
import { GridRef } from './grid.js';
import { byNodeId, checkedPageSize, databaseId, optionalDatabaseId } from './ids.js';
import { withoutNulls } from './input.js';
import { OrganizationRef } from './organization.js';
import { RegionRef } from './region.js';

export const MediatorRef = builder.prismaNode('Mediator', {
  id: { field: 'id' },
  // a missing (or out-of-jurisdiction) id is null, like any unknown node
  nullable: true,
  findUnique: (id, ctx) => ({ ...byNodeId(id), organization: { region: regionAreaWhere(ctx.principal) } }),
  description: '人民调解员',
  fields: (t) => ({
    code: t.exposeString('code', { description: '工号' }),
    name: t.exposeString('name'),
    type: t.expose('type', { type: MediatorTypeEnum }),
    organization: t.relation('organization'),
    phone: t.string({
      nullable: true,
      description: 'Masked (138****5678).',
      resolve: (mediator) => (mediator.phone ? maskPhone(mediator.phone) : null),
    }),
    specialties: t.expose('specialties', { type: [CaseCategoryEnum], description: '擅长的纠纷类型' }),
    languages: t.exposeStringList('languages', { description: '语言, e.g. 普通话, 藏语' }),
    capacity: t.exposeInt('capacity', { description: 'Open cases this mediator can carry at once.' }),
    active: t.exposeBoolean('active'),
    openCaseCount: t.relationCount('leadCases', {
      description: 'Open cases led by this mediator.',
      where: { status: { in: [...openCaseStatuses] } },
    }),
    grids: t.prismaField({
      type: ['Grid'],
      description: 'Grids this mediator serves.',
      select: (_args, _ctx, nestedSelection) => ({
        grids: { select: { grid: nestedSelection(true) }, orderBy: { gridId: 'asc' } },
      }),
      resolve: (_query, mediator) => mediator.grids.map((link) => link.grid),
    }),
  }),
});

const MediatorFilter = builder.inputType('MediatorFilter', {
  fields: (t) => ({
    regionId: t.globalID({
      for: RegionRef,
      description: "Mediators whose organization is in this region's subtree.",
    }),
    organizationId: t.globalID({ for: OrganizationRef }),
    gridId: t.globalID({ for: GridRef, description: 'Mediators serving this grid.' }),
    types: t.field({ type: [MediatorTypeEnum] }),
    specialty: t.field({ type: CaseCategoryEnum }),
    language: t.string(),
    active: t.boolean(),
    search: t.string({ description: 'Matches the name or code.' }),
  }),
});

async function mediatorWhere(
  prisma: PrismaClient,
  filter: typeof MediatorFilter.$inferInput | null | undefined,
): Promise<Prisma.MediatorWhereInput> {
  const and: Prisma.MediatorWhereInput[] = [];
  const regionId = optionalDatabaseId(filter?.regionId);
  if (regionId !== undefined) {
    and.push({ organization: { region: await regionSubtreeOf(prisma, regionId) } });
  }
  const organizationId = optionalDatabaseId(filter?.organizationId);
  if (organizationId !== undefined) {
    if (!(await prisma.organization.findUnique({ where: { id: organizationId }, select: { id: true } }))) {
      throw new NotFoundError('Organization', String(organizationId));
    }
    and.push({ organizationId });
  }
  const gridId = optionalDatabaseId(filter?.gridId);
  if (gridId !== undefined) {
    if (!(await prisma.grid.findUnique({ where: { id: gridId }, select: { id: true } }))) {
      throw new NotFoundError('Grid', String(gridId));
    }
    and.push({ grids: { some: { gridId } } });
  }
  if (filter?.types?.length) and.push({ type: { in: filter.types } });
  if (filter?.specialty) and.push({ specialties: { has: filter.specialty } });
  if (filter?.language) and.push({ languages: { has: filter.language.trim().slice(0, 20) } });
  if (filter?.active !== undefined && filter.active !== null) and.push({ active: filter.active });
  const search = filter?.search?.trim().slice(0, 100);
  if (search)
    and.push({
      OR: [{ name: { contains: likeLiteral(search) } }, { code: { contains: likeLiteral(search) } }],
    });
  return { AND: and };
}

builder.queryFields((t) => ({
  mediators: t.prismaConnection({
    type: 'Mediator',
    cursor: 'id',
    maxSize: checkedPageSize,
    description: '调解员',
    args: { filter: t.arg({ type: MediatorFilter }) },
    resolve: async (query, _root, { filter }, ctx) =>
      ctx.db.prisma.mediator.findMany({
        ...query,
        where: {
          AND: [
            await mediatorWhere(ctx.db.prisma, filter),
            { organization: { region: regionAreaWhere(ctx.principal) } },
          ],
        },
        orderBy: { code: 'asc' },
      }),
    totalCount: async (_root, { filter }, ctx) =>
      ctx.db.prisma.mediator.count({
        where: {
          AND: [
            await mediatorWhere(ctx.db.prisma, filter),
            { organization: { region: regionAreaWhere(ctx.principal) } },
          ],
        },
      }),
  }),
}));

const CreateMediatorInput = builder.inputType('CreateMediatorInput', {
  fields: (t) => ({
    code: t.string({ required: true, description: '工号' }),
    name: t.string({ required: true }),
    type: t.field({ type: MediatorTypeEnum, required: true }),
    organizationId: t.globalID({ for: OrganizationRef, required: true }),
    phone: t.string({ description: 'Mainland mobile number.' }),
    specialties: t.field({ type: [CaseCategoryEnum] }),
    languages: t.stringList(),
    capacity: t.int(),
    active: t.boolean(),
    gridIds: t.globalIDList({ for: GridRef, description: 'Grids served.' }),
  }),
});

const UpdateMediatorInput = builder.inputType('UpdateMediatorInput', {
  fields: (t) => ({
    name: t.string(),
    type: t.field({ type: MediatorTypeEnum }),
    organizationId: t.globalID({ for: OrganizationRef }),
    phone: t.string(),
    specialties: t.field({ type: [CaseCategoryEnum] }),
    languages: t.stringList(),
    capacity: t.int(),
    active: t.boolean(),
    gridIds: t.globalIDList({ for: GridRef, description: 'Replaces the grids served when given.' }),
  }),
});

builder.mutationFields((t) => ({
  createMediator: t.field({
    type: MediatorRef,
    description: '登记调解员',
    args: { input: t.arg({ type: CreateMediatorInput, required: true }) },
    errors: { types: mutationErrors, dataField: { name: 'mediator' } },
    resolve: async (_root, { input }, ctx) => {
      return createMediator(ctx.db.prisma, ctx.principal, {
        ...withoutNulls(input),
        organizationId: databaseId(input.organizationId),
        gridIds: input.gridIds?.map(databaseId) ?? [],
      });
    },
  }),
  updateMediator: t.field({
    type: MediatorRef,
    description: '修改调解员信息',
    args: {
      id: t.arg.globalID({ for: MediatorRef, required: true }),
      input: t.arg({ type: UpdateMediatorInput, required: true }),
    },
    errors: { types: mutationErrors, dataField: { name: 'mediator' } },
    resolve: async (_root, { id, input }, ctx) => {
      return updateMediator(ctx.db.prisma, ctx.principal, databaseId(id), {
        ...withoutNulls(input),
        organizationId: optionalDatabaseId(input.organizationId),
        gridIds: input.gridIds?.map(databaseId),
      });
    },
  }),
}));
