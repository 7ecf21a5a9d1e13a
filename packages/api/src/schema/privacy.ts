import { caseReadScope, type Prisma, revealPartyContact, UserRole } from '@mediation/core';
import { builder } from './builder.js';
import { CaseRef } from './case.js';
import { mutationErrors } from './errors.js';
import { checkedPageSize, databaseId, optionalDatabaseId } from './ids.js';
import { PartyRef } from './party.js';

const RevealedContact = builder.simpleObject('RevealedContact', {
  description: "A party's contact data in clear. Every reveal is recorded (个人信息查阅记录).",
  fields: (t) => ({
    name: t.string(),
    idNumber: t.string({ nullable: true }),
    phone: t.string({ nullable: true }),
    address: t.string({ nullable: true }),
  }),
});

builder.mutationField('revealPartyContact', (t) =>
  t.field({
    type: RevealedContact,
    description:
      "查阅当事人个人信息: a party's ID number, phone and address in clear, with a reason; recorded in the audit log.",
    args: {
      partyId: t.arg.globalID({ for: PartyRef, required: true }),
      reason: t.arg.string({ required: true, description: '查阅事由' }),
    },
    errors: { types: mutationErrors, dataField: { name: 'contact' } },
    resolve: async (_root, { partyId, reason }, ctx) =>
      revealPartyContact(ctx.db.prisma, ctx.principal, databaseId(partyId), { reason }, ctx.now),
  }),
);

builder.prismaObject('PersonalDataAccess', {
  description: '个人信息查阅记录: who saw whose data, when, and why.',
  fields: (t) => ({
    fields: t.exposeStringList('fields'),
    reason: t.exposeString('reason'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    party: t.relation('party'),
    case: t.field({
      type: CaseRef,
      nullable: true,
      select: { caseId: true },
      resolve: (access, _args, ctx) =>
        ctx.db.prisma.case.findFirst({ where: { id: access.caseId, AND: [caseReadScope(ctx.principal)] } }),
    }),
    viewer: t.string({
      description: 'The staff member (username) or integration key (prefix) that saw the data.',
      select: { user: { select: { username: true } }, apiKey: { select: { prefix: true } } },
      resolve: (access) =>
        access.user?.username ?? (access.apiKey ? `api-key:${access.apiKey.prefix}` : 'unknown'),
    }),
  }),
});

const AccessFilter = builder.inputType('PersonalDataAccessFilter', {
  fields: (t) => ({
    caseId: t.globalID({ for: CaseRef }),
    from: t.field({ type: 'DateTime' }),
    to: t.field({ type: 'DateTime' }),
  }),
});

builder.queryField('personalDataAccesses', (t) =>
  t.prismaConnection({
    type: 'PersonalDataAccess',
    cursor: 'id',
    maxSize: checkedPageSize,
    description: '个人信息查阅记录 (admins: all; supervisors: cases of their region), newest first.',
    args: { filter: t.arg({ type: AccessFilter }) },
    resolve: (query, _root, { filter }, ctx) =>
      ctx.db.prisma.personalDataAccess.findMany({
        ...query,
        where: accessWhere(ctx, filter),
        orderBy: { id: 'desc' },
      }),
    totalCount: (_root, { filter }, ctx) =>
      ctx.db.prisma.personalDataAccess.count({ where: accessWhere(ctx, filter) }),
  }),
);

function accessWhere(
  ctx: import('./builder.js').Context,
  filter: typeof AccessFilter.$inferInput | null | undefined,
): Prisma.PersonalDataAccessWhereInput {
  const principal = ctx.principal;
  const and: Prisma.PersonalDataAccessWhereInput[] = [];
  if (principal.kind === 'user' && principal.role === UserRole.ADMIN) {
    // everything
  } else if (principal.kind === 'user' && principal.role === UserRole.SUPERVISOR && principal.regionPath) {
    and.push({ party: { case: caseReadScope(principal) } });
  } else {
    and.push({ id: { in: [] } });
  }
  const caseId = optionalDatabaseId(filter?.caseId);
  if (caseId !== undefined) and.push({ caseId });
  if (filter?.from) and.push({ createdAt: { gte: filter.from } });
  if (filter?.to) and.push({ createdAt: { lte: filter.to } });
  return { AND: and };
}
