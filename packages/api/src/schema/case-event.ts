import { caseReadScope } from '@mediation/core';
import { builder } from './builder.js';
import { encodeEventCursor } from './case-event-cursor.js';
import { CaseEventTypeEnum, CaseStatusEnum } from './enums.js';
import { byNodeId } from './ids.js';

builder.prismaNode('CaseEvent', {
  id: { field: 'id' },
  // a missing (or out-of-jurisdiction) id is null, like any unknown node
  nullable: true,
  // outside the caller's jurisdiction the record does not exist
  findUnique: (id, ctx) => ({ ...byNodeId(id), case: caseReadScope(ctx.principal) }),
  description: "办理记录: one entry of a case's append-only timeline.",
  fields: (t) => ({
    type: t.expose('type', { type: CaseEventTypeEnum }),
    fromStatus: t.expose('fromStatus', { type: CaseStatusEnum, nullable: true }),
    toStatus: t.expose('toStatus', { type: CaseStatusEnum, nullable: true }),
    reason: t.exposeString('reason', { nullable: true }),
    actorName: t.string({
      nullable: true,
      description: 'Who acted: a staff member, or the system part (adapter, scheduler).',
      select: { actorLabel: true, actor: { select: { displayName: true } } },
      resolve: (event) => event.actor?.displayName ?? event.actorLabel,
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    cursor: t.string({
      description:
        'Where this event stands in the commit-ordered timeline (opaque): pass it as `after` to a subscription to resume after this event.',
      select: { id: true, position: true },
      resolve: (event) => {
        // set when the recording transaction commits; nothing outside it sees the row before
        if (event.position === null) throw new Error(`case event ${event.id} is not committed`);
        return encodeEventCursor({ position: Number(event.position), eventId: event.id });
      },
    }),
    case: t.relation('case'),
  }),
});
