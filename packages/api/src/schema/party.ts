import { caseReadScope, maskAddress, maskIdNumber, maskPhone } from '@mediation/core';
import { builder } from './builder.js';
import { PartyKindEnum, PartyRoleEnum } from './enums.js';
import { byNodeId } from './ids.js';

export const PartyRef = builder.prismaNode('Party', {
  id: { field: 'id' },
  // a missing (or out-of-jurisdiction) id is null, like any unknown node
  nullable: true,
  // outside the caller's jurisdiction the record does not exist
  findUnique: (id, ctx) => ({ ...byNodeId(id), case: caseReadScope(ctx.principal) }),
  description: '当事人. ID number, phone and address are personal data and are masked.',
  fields: (t) => ({
    role: t.expose('role', { type: PartyRoleEnum }),
    kind: t.expose('kind', { type: PartyKindEnum }),
    name: t.exposeString('name'),
    idNumber: t.string({
      nullable: true,
      description: '身份证号 or 统一社会信用代码, masked (3301**********1234).',
      resolve: (party) => (party.idNumber ? maskIdNumber(party.idNumber) : null),
    }),
    phone: t.string({
      nullable: true,
      description: 'Masked (138****5678).',
      resolve: (party) => (party.phone ? maskPhone(party.phone) : null),
    }),
    address: t.string({
      nullable: true,
      description: 'Masked after the district/street.',
      resolve: (party) => (party.address ? maskAddress(party.address) : null),
    }),
    case: t.relation('case'),
  }),
});
