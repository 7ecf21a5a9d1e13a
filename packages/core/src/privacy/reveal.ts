import { z } from 'zod';
import type { Db } from '../db/client.js';
import { ForbiddenError, NotFoundError } from '../errors.js';
import { canRevealPersonalData, caseReadScope, caseWriteScope } from '../policy/jurisdiction.js';
import type { Principal } from '../policy/principal.js';
import { parseInput } from '../validation/parse.js';

export const revealPartyContactInput = z.object({
  reason: z
    .string()
    .trim()
    .min(4, 'say why you need the clear data (查阅事由), at least 4 characters')
    .max(500, 'must be at most 500 characters'),
});

export interface RevealedContact {
  partyId: number;
  caseId: number;
  name: string;
  idNumber: string | null;
  phone: string | null;
  address: string | null;
  auditId: number;
}

/**
 * Returns a party's ID number, phone and address in clear, for a principal allowed to change the
 * party's case (its mediators, the supervisors of its region, admins, or a key with parties:reveal),
 * and writes the audit record (who, whose data, when, why) in the same transaction.
 */
export async function revealPartyContact(
  db: Db & { $transaction: unknown },
  principal: Principal,
  partyId: number,
  input: z.input<typeof revealPartyContactInput>,
  now = new Date(),
): Promise<RevealedContact> {
  const { reason } = parseInput(revealPartyContactInput, input);
  // The check and its audit record in one transaction: nothing is revealed unrecorded.
  return db.$transaction((tx) => reveal(tx, principal, partyId, reason, now));
}

async function reveal(
  db: Db,
  principal: Principal,
  partyId: number,
  reason: string,
  now: Date,
): Promise<RevealedContact> {
  const party = await db.party.findFirst({ where: { id: partyId, case: caseReadScope(principal) } });
  if (!party) throw new NotFoundError('Party', String(partyId));
  const mayChange = await db.case.findFirst({
    where: { AND: [{ id: party.caseId }, caseWriteScope(principal)] },
    select: { id: true },
  });
  const integrationMayReveal = principal.kind === 'integration' && canRevealPersonalData(principal);
  if (!canRevealPersonalData(principal) || (!mayChange && !integrationMayReveal)) {
    throw new ForbiddenError(
      'revealing personal data needs the case in your hands and the permission to reveal',
    );
  }
  const fields = (['idNumber', 'phone', 'address'] as const).filter((field) => party[field] !== null);
  const audit = await db.personalDataAccess.create({
    data: {
      partyId: party.id,
      caseId: party.caseId,
      fields: [...fields],
      reason,
      userId: principal.kind === 'user' ? principal.userId : null,
      apiKeyId: principal.kind === 'integration' ? principal.apiKeyId : null,
      createdAt: now,
    },
  });
  return {
    partyId: party.id,
    caseId: party.caseId,
    name: party.name,
    idNumber: party.idNumber,
    phone: party.phone,
    address: party.address,
    auditId: audit.id,
  };
}
