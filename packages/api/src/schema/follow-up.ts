import { caseReadScope } from '@mediation/core';
import { builder } from './builder.js';
import { FollowUpMethodEnum, FollowUpStatusEnum } from './enums.js';
import { byNodeId } from './ids.js';

export const FollowUpRef = builder.prismaNode('FollowUp', {
  id: { field: 'id' },
  // a missing (or out-of-jurisdiction) id is null, like any unknown node
  nullable: true,
  // outside the caller's jurisdiction the record does not exist
  findUnique: (id, ctx) => ({ ...byNodeId(id), case: caseReadScope(ctx.principal) }),
  description: '回访',
  fields: (t) => ({
    method: t.expose('method', { type: FollowUpMethodEnum }),
    status: t.expose('status', { type: FollowUpStatusEnum }),
    dueAt: t.expose('dueAt', { type: 'DateTime' }),
    completedAt: t.expose('completedAt', { type: 'DateTime', nullable: true }),
    agreementKept: t.exposeBoolean('agreementKept', { nullable: true }),
    notes: t.exposeString('notes', { nullable: true }),
    case: t.relation('case'),
  }),
});
