import { caseReadScope } from '@mediation/core';
import { builder } from './builder.js';
import { SessionModeEnum, SessionOutcomeEnum, SessionStatusEnum } from './enums.js';
import { byNodeId } from './ids.js';

export const MediationSessionRef = builder.prismaNode('MediationSession', {
  id: { field: 'id' },
  // a missing (or out-of-jurisdiction) id is null, like any unknown node
  nullable: true,
  // outside the caller's jurisdiction the record does not exist
  findUnique: (id, ctx) => ({ ...byNodeId(id), case: caseReadScope(ctx.principal) }),
  name: 'MediationSession',
  description: '调解: one mediation meeting.',
  fields: (t) => ({
    mode: t.expose('mode', { type: SessionModeEnum }),
    status: t.expose('status', { type: SessionStatusEnum }),
    scheduledAt: t.expose('scheduledAt', { type: 'DateTime' }),
    location: t.exposeString('location', { nullable: true }),
    link: t.exposeString('link', { nullable: true, description: 'Video link (键对键).' }),
    heldAt: t.expose('heldAt', { type: 'DateTime', nullable: true }),
    outcome: t.expose('outcome', { type: SessionOutcomeEnum, nullable: true }),
    minutes: t.exposeString('minutes', { nullable: true, description: '调解笔录' }),
    mediator: t.relation('mediator', { nullable: true }),
    case: t.relation('case'),
  }),
});
