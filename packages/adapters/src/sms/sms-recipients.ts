import { type AdapterData, normalizeMainlandMobile } from '@mediation/core';
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
  data: AdapterData,
  role: SmsRecipientRole,
  payload: OutboxPayload,
  supervisors: readonly SupervisorPhone[],
): Promise<SmsRecipient[]> {
  const caseId = payload.case.id;
  let found: SmsRecipient[] = [];
  if (role === 'applicant' || role === 'parties') {
    const parties = await data.partyPhones(caseId, role === 'applicant' ? ['APPLICANT'] : undefined);
    found = parties.map((p) => ({ ref: `party-${p.partyId}`, phone: p.phone }));
  } else if (role === 'mediator') {
    const assigned = payload.data as { leadMediatorId?: number; coMediatorIds?: number[] };
    // An assignment names its mediators; other events go to the case's lead mediator.
    const lead = payload.type === 'ASSIGNED' ? assigned.leadMediatorId : await data.leadMediatorId(caseId);
    const ids = lead ? [lead, ...(payload.type === 'ASSIGNED' ? (assigned.coMediatorIds ?? []) : [])] : [];
    const mediators = await data.mediatorPhones(ids);
    found = mediators.map((m) => ({ ref: `mediator-${m.mediatorId}`, phone: m.phone }));
  } else {
    const covering = new Set(
      await data.regionCodesCovering(
        caseId,
        supervisors.map((s) => s.regionCode),
      ),
    );
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
