import { caseReadScope } from '@mediation/core';
import { builder } from './builder.js';
import { AgreementFormEnum, FulfillmentStatusEnum } from './enums.js';
import { byNodeId } from './ids.js';

builder.prismaNode('Agreement', {
  id: { field: 'id' },
  // a missing (or out-of-jurisdiction) id is null, like any unknown node
  nullable: true,
  // outside the caller's jurisdiction the record does not exist
  findUnique: (id, ctx) => ({ ...byNodeId(id), case: caseReadScope(ctx.principal) }),
  description: '调解协议',
  fields: (t) => ({
    form: t.expose('form', { type: AgreementFormEnum }),
    terms: t.exposeString('terms'),
    signedAt: t.expose('signedAt', { type: 'DateTime' }),
    amount: t.expose('amount', { type: 'Decimal', nullable: true }),
    judicialConfirmationRequested: t.exposeBoolean('judicialConfirmationRequested', {
      description: '是否申请司法确认',
    }),
    fulfillmentStatus: t.expose('fulfillmentStatus', { type: FulfillmentStatusEnum }),
    case: t.relation('case'),
  }),
});
