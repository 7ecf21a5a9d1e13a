import { assertSignedIn, type Principal } from '@mediation/core';
import { builder } from './builder.js';
import { ApiScopeEnum, UserRoleEnum } from './user.js';

type SignedIn = Exclude<Principal, { kind: 'anonymous' }>;

const ViewerKindEnum = builder.enumType('ViewerKind', {
  description: 'Who signed in: a staff member with a token, or an integration with an API key.',
  values: {
    STAFF: { value: 'user', description: '工作人员 (JWT)' },
    INTEGRATION: { value: 'integration', description: '对接系统 (API key)' },
  } as const,
});

const ViewerRef = builder.objectRef<SignedIn>('Viewer').implement({
  description: '当前登录者: the signed-in staff member or API key, with what decides what it may see and do.',
  fields: (t) => ({
    kind: t.field({ type: ViewerKindEnum, resolve: (viewer) => viewer.kind }),
    username: t.string({
      nullable: true,
      description: 'Staff: the username tokens name (`sub`); null for an API key.',
      resolve: (viewer) => (viewer.kind === 'user' ? viewer.username : null),
    }),
    name: t.string({
      description: 'Staff: the display name; an API key: its name.',
      resolve: async (viewer, _args, ctx) => {
        if (viewer.kind === 'integration') return viewer.name;
        const user = await ctx.db.prisma.user.findUnique({
          where: { id: viewer.userId },
          select: { displayName: true },
        });
        return user?.displayName ?? viewer.username;
      },
    }),
    role: t.field({
      type: UserRoleEnum,
      nullable: true,
      description: 'Staff: the role; null for an API key.',
      resolve: (viewer) => (viewer.kind === 'user' ? viewer.role : null),
    }),
    scopes: t.field({
      type: [ApiScopeEnum],
      description: 'An API key: what it may do; empty for staff (their role decides).',
      resolve: (viewer) => (viewer.kind === 'integration' ? viewer.scopes : []),
    }),
    region: t.prismaField({
      type: 'Region',
      nullable: true,
      description:
        'The region subtree the viewer works in: a supervisor’s or a key’s region, a mediator’s organization region; null for the whole deployment.',
      resolve: (query, viewer, _args, ctx) => {
        const path = viewer.regionPath ?? (viewer.kind === 'user' ? viewer.organizationRegionPath : null);
        return path ? ctx.db.prisma.region.findUnique({ ...query, where: { path } }) : null;
      },
    }),
    grids: t.prismaField({
      type: ['Grid'],
      description: 'Grid workers: the grids they belong to.',
      resolve: (query, viewer, _args, ctx) =>
        viewer.kind === 'user' && viewer.gridIds.length
          ? ctx.db.prisma.grid.findMany({
              ...query,
              where: { id: { in: viewer.gridIds } },
              orderBy: { id: 'asc' },
            })
          : [],
    }),
    mediator: t.prismaField({
      type: 'Mediator',
      nullable: true,
      description: 'Mediators: their own mediator record (their cases are `mediator.cases`).',
      resolve: (query, viewer, _args, ctx) =>
        viewer.kind === 'user' && viewer.mediatorId !== null
          ? ctx.db.prisma.mediator.findUnique({ ...query, where: { id: viewer.mediatorId } })
          : null,
    }),
    expiresAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'An API key: when it expires.',
      resolve: (viewer) => (viewer.kind === 'integration' ? viewer.expiresAt : null),
    }),
  }),
});

builder.queryField('viewer', (t) =>
  t.field({
    type: ViewerRef,
    description: '当前登录者 (who the credentials of this request name).',
    resolve: (_root, _args, ctx) => {
      assertSignedIn(ctx.principal);
      return ctx.principal as SignedIn;
    },
  }),
);
