// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${name}` is the registered templates' placeholder syntax, filled by renderSmsBody.
/**
 * Registered SMS templates (短信模板). Gateways in China only send pre-approved templates with
 * variables, never free text, so every message the platform sends is one of these. The signature
 * (签名, e.g. 【人民调解】) is added by the gateway and kept apart from the body, as vendors require.
 */

export type SmsRecipientRole = 'applicant' | 'parties' | 'mediator' | 'supervisors';

export interface SmsTemplate {
  /** Stable id; providers map it to their own template code (e.g. Alibaba's `SMS_123456789`). */
  id: SmsTemplateId;
  /** Who receives it. */
  recipients: SmsRecipientRole;
  /** Body with `${name}` placeholders, without the signature. */
  body: string;
  /** The variables the body needs, in the order they appear. */
  variables: readonly string[];
}

export const smsTemplateIds = [
  'case-accepted',
  'session-scheduled',
  'mediator-assigned',
  'agreement-recorded',
  'case-escalated',
  'deadline-due',
] as const;
export type SmsTemplateId = (typeof smsTemplateIds)[number];

const template = (id: SmsTemplateId, recipients: SmsRecipientRole, body: string): SmsTemplate => ({
  id,
  recipients,
  body,
  variables: [...body.matchAll(/\$\{(\w+)\}/g)].map((match) => match[1]!),
});

export const smsTemplates: Readonly<Record<SmsTemplateId, SmsTemplate>> = {
  'case-accepted': template(
    'case-accepted',
    'applicant',
    '您申请调解的纠纷（编号${number}）已受理，我们将尽快安排调解员与您联系。',
  ),
  'session-scheduled': template(
    'session-scheduled',
    'parties',
    '您的纠纷（编号${number}）定于${time}以${mode}方式进行调解，${place}，请准时参加。',
  ),
  'mediator-assigned': template(
    'mediator-assigned',
    'mediator',
    '您已被指派承办纠纷（编号${number}），请及时登录系统查看案情并联系当事人。',
  ),
  'agreement-recorded': template(
    'agreement-recorded',
    'parties',
    '您的纠纷（编号${number}）已达成调解协议，请按协议约定履行；如有疑问请联系调解员。',
  ),
  'case-escalated': template(
    'case-escalated',
    'supervisors',
    '纠纷（编号${number}）风险等级升为${risk}，请及时报告、及时处置、及时稳控。',
  ),
  'deadline-due': template(
    'deadline-due',
    'mediator',
    '您承办的纠纷（编号${number}）${deadline}期限为${due}，${stage}，请及时办理。',
  ),
};

/** Thrown when a message lacks a variable its template needs: a programming error, never retried. */
export class SmsTemplateError extends Error {
  override name = 'SmsTemplateError';
}

/** The body with its variables filled in (what the phone shows after the signature). */
export function renderSmsBody(id: SmsTemplateId, variables: Readonly<Record<string, string>>): string {
  const found = smsTemplates[id];
  const missing = found.variables.filter((name) => variables[name] === undefined);
  if (missing.length) throw new SmsTemplateError(`template ${id} needs ${missing.join(', ')}`);
  return found.body.replace(/\$\{(\w+)\}/g, (_, name: string) => variables[name]!);
}

/** The full text as received: `【签名】` + body. */
export function renderSms(
  signName: string,
  id: SmsTemplateId,
  variables: Readonly<Record<string, string>>,
): string {
  return `【${signName}】${renderSmsBody(id, variables)}`;
}
