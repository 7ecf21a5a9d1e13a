import { normalizeMainlandMobile, type PrismaClient } from '@mediation/core';
import type { OutboxPayload } from '../contract.js';
import type { SmsRecipientRole } from './sms-templates.js';

/** One person an SMS goes to. `phone` is personal data: never log it unmasked. */
export interface SmsRecipient {
  /** Stable within a case (`party-12`, `mediator-3`, `supervisor-330106001000`): part of the SMS key. */
  ref: string;
  phone: string;
}

/** Supervisors (司法所, 司法局) to alert, per region: staff accounts carry no phone numbers. */
export interface SupervisorPhone {
  /** 12-digit region code; the supervisor hears of escalations anywhere under it. */
  regionCode: string;
  phone: string;
}

/**
 * Loads who receives a template's message for one event: the applicant(s), all parties with a
 * phone, the case's mediator(s), or the supervisors configured for the case's region or above.
 * Numbers that are not mainland mobiles (landlines) are skipped. Ordered, so retries of one
 * delivery address the same people under the same keys.
 */
export async function loadSmsRecipients(
  prisma: PrismaClient,
  role: SmsRecipientRole,
  payload: OutboxPayload,
  supervisors: readonly SupervisorPhone[],
): Promise<SmsRecipient[]> {
  const caseId = payload.case.id;
  let found: SmsRecipient[] = [];
  if (role === 'applicant' || role === 'parties') {
    const parties = await prisma.party.findMany({
      where: { caseId, ...(role === 'applicant' ? { role: 'APPLICANT' } : {}), phone: { not: null } },
      select: { id: true, phone: true },
      orderBy: { id: 'asc' },
    });
    found = parties.map((p) => ({ ref: `party-${p.id}`, phone: p.phone! }));
  } else if (role === 'mediator') {
    const data = payload.data as { leadMediatorId?: number; coMediatorIds?: number[] };
    // An assignment names its mediators; other events go to the case's lead mediator.
    const ids =
      payload.type === 'ASSIGNED' && data.leadMediatorId
        ? [data.leadMediatorId, ...(data.coMediatorIds ?? [])]
        : await prisma.case
            .findUnique({ where: { id: caseId }, select: { leadMediatorId: true } })
            .then((c) => (c?.leadMediatorId ? [c.leadMediatorId] : []));
    const mediators = await prisma.mediator.findMany({
      where: { id: { in: ids }, phone: { not: null } },
      select: { id: true, phone: true },
      orderBy: { id: 'asc' },
    });
    found = mediators.map((m) => ({ ref: `mediator-${m.id}`, phone: m.phone! }));
  } else {
    const kase = await prisma.case.findUnique({
      where: { id: caseId },
      select: { region: { select: { path: true } } },
    });
    const regions = await prisma.region.findMany({
      where: { code: { in: supervisors.map((s) => s.regionCode) } },
      select: { code: true, path: true },
    });
    const covering = new Set(regions.filter((r) => kase?.region.path.startsWith(r.path)).map((r) => r.code));
    found = supervisors
      .filter((s) => covering.has(s.regionCode))
      .map((s) => ({ ref: `supervisor-${s.regionCode}`, phone: s.phone }));
  }
  const seen = new Set<string>();
  const recipients: SmsRecipient[] = [];
  for (const recipient of found) {
    const phone = normalizeMainlandMobile(recipient.phone);
    if (!phone || seen.has(phone)) continue;
    seen.add(phone);
    recipients.push({ ref: recipient.ref, phone });
  }
  return recipients;
}
