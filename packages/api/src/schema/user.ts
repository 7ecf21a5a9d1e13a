import {
  apiScopes,
  assertAdmin,
  createApiKey,
  likeLiteral,
  type Principal,
  type Prisma,
  regionAreaWhere,
  regionSubtreeOf,
  revokeApiKey,
  setUserActive,
  UserRole,
} from '@mediation/core';
import { builder } from './builder.js';
import { mutationErrors } from './errors.js';
import { byNodeId, checkedPageSize, databaseId, optionalDatabaseId } from './ids.js';
import { RegionRef } from './region.js';

export const UserRoleEnum = builder.enumType(UserRole, {
  name: 'UserRole',
  description: '工作人员角色',
});

const UserRef = builder.prismaNode('User', {
  id: { field: 'id' },
  // a missing (or out-of-jurisdiction) id is null, like any unknown node
  nullable: true,
  description: 'A staff member who signs in (tokens name them by `username`).',
  // staff records are visible to admins, and to supervisors within their region
  findUnique: (id, ctx) => ({ ...byNodeId(id), AND: [userScope(ctx.principal)] }),
  fields: (t) => ({
    username: t.exposeString('username'),
    displayName: t.exposeString('displayName'),
    role: t.expose('role', { type: UserRoleEnum }),
    active: t.exposeBoolean('active'),
    region: t.relation('region', { nullable: true }),
    mediator: t.relation('mediator', { nullable: true }),
  }),
});

function userScope(principal: Principal): Prisma.UserWhereInput {
  if (principal.kind === 'user' && principal.role === 'ADMIN') return {};
  if (principal.kind === 'user' && principal.role === 'SUPERVISOR') {
    const area = regionAreaWhere(principal);
    return {
      OR: [
        { region: area },
        { mediator: { organization: { region: area } } },
        { gridMemberships: { some: { grid: { region: area } } } },
      ],
    };
  }
  return { id: { in: [] } };
}

const UserFilter = builder.inputType('UserFilter', {
  fields: (t) => ({
    role: t.field({ type: UserRoleEnum }),
    regionId: t.globalID({ for: RegionRef, description: 'Staff working in this region or under it.' }),
    search: t.string({ description: 'Matches the username or display name.' }),
  }),
});

builder.queryField('users', (t) =>
  t.prismaConnection({
    type: 'User',
    cursor: 'id',
    maxSize: checkedPageSize,
    description: '工作人员 (admins; supervisors see their region).',
    args: { filter: t.arg({ type: UserFilter }) },
    resolve: async (query, _root, { filter }, ctx) =>
      ctx.db.prisma.user.findMany({
        ...query,
        where: await userWhere(ctx, filter),
        orderBy: { username: 'asc' },
      }),
    totalCount: async (_root, { filter }, ctx) =>
      ctx.db.prisma.user.count({ where: await userWhere(ctx, filter) }),
  }),
);

async function userWhere(
  ctx: import('./builder.js').Context,
  filter: typeof UserFilter.$inferInput | null | undefined,
): Promise<Prisma.UserWhereInput> {
  const and: Prisma.UserWhereInput[] = [userScope(ctx.principal)];
  if (filter?.role) and.push({ role: filter.role });
  const regionId = optionalDatabaseId(filter?.regionId);
  if (regionId !== undefined) {
    const within = await regionSubtreeOf(ctx.db.prisma, regionId);
    and.push({
      OR: [
        { region: within },
        { mediator: { organization: { region: within } } },
        { gridMemberships: { some: { grid: { region: within } } } },
      ],
    });
  }
  const search = filter?.search?.trim().slice(0, 50);
  if (search)
    and.push({
      OR: [
        { username: { contains: likeLiteral(search) } },
        { displayName: { contains: likeLiteral(search) } },
      ],
    });
  return { AND: and };
}

export const ApiScopeEnum = builder.enumType('ApiScope', {
  description: 'What an integration key may do.',
  values: Object.fromEntries(
    apiScopes.map((scope) => [scope.replace(':', '_').toUpperCase(), { value: scope, description: scope }]),
  ) as Record<string, { value: (typeof apiScopes)[number]; description: string }>,
});

const ApiKeyRef = builder.prismaNode('ApiKey', {
  id: { field: 'id' },
  // a missing (or out-of-jurisdiction) id is null, like any unknown node
  nullable: true,
  description: 'An integration API key. The secret is shown once, at creation; only its hash is kept.',
  findUnique: (id, ctx) => {
    assertAdmin(ctx.principal);
    return byNodeId(id);
  },
  fields: (t) => ({
    name: t.exposeString('name'),
    prefix: t.exposeString('prefix', { description: 'Public part of the key, for recognising it in lists.' }),
    scopes: t.field({
      type: [ApiScopeEnum],
      resolve: (key) =>
        key.scopes.filter((s): s is (typeof apiScopes)[number] =>
          (apiScopes as readonly string[]).includes(s),
        ),
    }),
    region: t.relation('region', { nullable: true }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime', nullable: true }),
    revokedAt: t.expose('revokedAt', { type: 'DateTime', nullable: true }),
    lastUsedAt: t.expose('lastUsedAt', { type: 'DateTime', nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

builder.queryField('apiKeys', (t) =>
  t.prismaConnection({
    type: 'ApiKey',
    cursor: 'id',
    maxSize: checkedPageSize,
    description: 'Integration API keys (admins).',
    resolve: (query, _root, _args, ctx) => {
      assertAdmin(ctx.principal);
      return ctx.db.prisma.apiKey.findMany({ ...query, orderBy: { id: 'asc' } });
    },
  }),
);

const CreateApiKeyInput = builder.inputType('CreateApiKeyInput', {
  fields: (t) => ({
    name: t.string({ required: true }),
    scopes: t.field({ type: [ApiScopeEnum], required: true }),
    regionId: t.globalID({ for: RegionRef, description: 'Limit the key to this region subtree.' }),
    expiresAt: t.field({ type: 'DateTime' }),
  }),
});

const CreatedApiKey = builder.simpleObject('CreatedApiKey', {
  description: 'The new key. `key` is shown only now: store it safely.',
  fields: (t) => ({
    key: t.string(),
    apiKey: t.field({ type: ApiKeyRef }),
  }),
});

builder.mutationFields((t) => ({
  createApiKey: t.field({
    type: CreatedApiKey,
    description: '新建接口密钥 (admins). The secret is returned once.',
    args: { input: t.arg({ type: CreateApiKeyInput, required: true }) },
    errors: { types: mutationErrors, dataField: { name: 'created' } },
    resolve: async (_root, { input }, ctx) => {
      const { apiKey, key } = await createApiKey(
        ctx.db.prisma,
        ctx.principal,
        {
          name: input.name,
          scopes: input.scopes,
          regionId: optionalDatabaseId(input.regionId),
          expiresAt: input.expiresAt ?? undefined,
        },
        ctx.now,
      );
      return { key, apiKey };
    },
  }),
  revokeApiKey: t.field({
    type: ApiKeyRef,
    description: '吊销接口密钥 (admins). Its open subscriptions end.',
    args: { id: t.arg.globalID({ for: ApiKeyRef, required: true }) },
    errors: { types: mutationErrors, dataField: { name: 'apiKey' } },
    resolve: async (_root, { id }, ctx) => {
      const revoked = await revokeApiKey(ctx.db.prisma, ctx.principal, databaseId(id), ctx.now);
      // every instance forgets the key and ends its subscriptions
      ctx.revocations.publish({ apiKeyId: revoked.id });
      return revoked;
    },
  }),
  setUserActive: t.field({
    type: UserRef,
    description:
      "启用/停用工作人员账号 (admins). A deactivated user's tokens are refused at once and their open subscriptions end.",
    args: {
      id: t.arg.globalID({ for: UserRef, required: true }),
      active: t.arg.boolean({ required: true }),
    },
    errors: { types: mutationErrors, dataField: { name: 'user' } },
    resolve: async (_root, { id, active }, ctx) => {
      assertAdmin(ctx.principal);
      const user = await setUserActive(ctx.db.prisma, databaseId(id), active);
      if (!active) ctx.revocations.publish({ userId: user.id });
      return user;
    },
  }),
}));
