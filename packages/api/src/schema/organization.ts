import {
  createOrganization,
  likeLiteral,
  type Prisma,
  type PrismaClient,
  regionAreaWhere,
  regionSubtreeOf,
  updateOrganization,
} from '@mediation/core';
import { builder } from './builder.js';
import { OrganizationTypeEnum } from './enums.js';
import { mutationErrors } from './errors.js';
import { byNodeId, checkedPageSize, databaseId, optionalDatabaseId } from './ids.js';
import { withoutNulls } from './input.js';
import { RegionRef } from './region.js';

export const OrganizationRef = builder.prismaNode('Organization', {
  id: { field: 'id' },
  // a missing (or out-of-jurisdiction) id is null, like any unknown node
  nullable: true,
  findUnique: (id, ctx) => ({ ...byNodeId(id), region: regionAreaWhere(ctx.principal) }),
  description: '调解组织',
  fields: (t) => ({
    code: t.exposeString('code'),
    name: t.exposeString('name'),
    type: t.expose('type', { type: OrganizationTypeEnum }),
    region: t.relation('region'),
    address: t.exposeString('address', { nullable: true }),
    phone: t.exposeString('phone', { nullable: true, description: 'Office phone (public).' }),
    mediators: t.relatedConnection('mediators', {
      cursor: 'id',
      maxSize: checkedPageSize,
      totalCount: true,
      query: { orderBy: { id: 'asc' } },
    }),
  }),
});

const OrganizationFilter = builder.inputType('OrganizationFilter', {
  fields: (t) => ({
    regionId: t.globalID({
      for: RegionRef,
      description: 'Organizations in this region and everything under it.',
    }),
    types: t.field({ type: [OrganizationTypeEnum] }),
    search: t.string({ description: 'Matches the name.' }),
  }),
});

async function organizationWhere(
  prisma: PrismaClient,
  filter: typeof OrganizationFilter.$inferInput | null | undefined,
): Promise<Prisma.OrganizationWhereInput> {
  const and: Prisma.OrganizationWhereInput[] = [];
  const regionId = optionalDatabaseId(filter?.regionId);
  if (regionId !== undefined) {
    and.push({ region: await regionSubtreeOf(prisma, regionId) });
  }
  if (filter?.types?.length) and.push({ type: { in: filter.types } });
  const search = filter?.search?.trim().slice(0, 100);
  if (search) and.push({ name: { contains: likeLiteral(search) } });
  return { AND: and };
}

builder.queryFields((t) => ({
  organizations: t.prismaConnection({
    type: 'Organization',
    cursor: 'id',
    maxSize: checkedPageSize,
    description: '调解组织',
    args: { filter: t.arg({ type: OrganizationFilter }) },
    resolve: async (query, _root, { filter }, ctx) =>
      ctx.db.prisma.organization.findMany({
        ...query,
        where: {
          AND: [await organizationWhere(ctx.db.prisma, filter), { region: regionAreaWhere(ctx.principal) }],
        },
        orderBy: { code: 'asc' },
      }),
    totalCount: async (_root, { filter }, ctx) =>
      ctx.db.prisma.organization.count({
        where: {
          AND: [await organizationWhere(ctx.db.prisma, filter), { region: regionAreaWhere(ctx.principal) }],
        },
      }),
  }),
}));

const CreateOrganizationInput = builder.inputType('CreateOrganizationInput', {
  fields: (t) => ({
    code: t.string({ required: true }),
    name: t.string({ required: true }),
    type: t.field({ type: OrganizationTypeEnum, required: true }),
    regionId: t.globalID({ for: RegionRef, required: true }),
    address: t.string(),
    phone: t.string(),
  }),
});

const UpdateOrganizationInput = builder.inputType('UpdateOrganizationInput', {
  fields: (t) => ({
    name: t.string(),
    type: t.field({ type: OrganizationTypeEnum }),
    regionId: t.globalID({ for: RegionRef }),
    address: t.string(),
    phone: t.string(),
  }),
});

builder.mutationFields((t) => ({
  createOrganization: t.field({
    type: OrganizationRef,
    description: '新建调解组织',
    args: { input: t.arg({ type: CreateOrganizationInput, required: true }) },
    errors: { types: mutationErrors, dataField: { name: 'organization' } },
    resolve: async (_root, { input }, ctx) => {
      return createOrganization(ctx.db.prisma, ctx.principal, {
        ...withoutNulls(input),
        regionId: databaseId(input.regionId),
      });
    },
  }),
  updateOrganization: t.field({
    type: OrganizationRef,
    description: '修改调解组织',
    args: {
      id: t.arg.globalID({ for: OrganizationRef, required: true }),
      input: t.arg({ type: UpdateOrganizationInput, required: true }),
    },
    errors: { types: mutationErrors, dataField: { name: 'organization' } },
    resolve: async (_root, { id, input }, ctx) => {
      return updateOrganization(ctx.db.prisma, ctx.principal, databaseId(id), {
        ...withoutNulls(input),
        regionId: optionalDatabaseId(input.regionId),
      });
    },
  }),
}));
