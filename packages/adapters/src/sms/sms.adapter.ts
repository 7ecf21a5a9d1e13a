import { type AdapterData, type CaseEventType, chinaMonthDayTime, label } from '@mediation/core';
import {
  AdapterDeliveryError,
  type Delivery,
  type DeliveryContext,
  defineAdapter,
  type OutboxPayload,
} from '../contract.js';
import { createAliyunSmsProvider } from './providers/aliyun/aliyun-provider.js';
import { createConsoleSmsProvider } from './providers/console-provider.js';
import { createHttpGatewaySmsProvider } from './providers/http-gateway-provider.js';
import type { SmsProvider } from './providers/sms-provider.js';
import { type SmsConfig, smsConfig } from './sms.config.js';
import { loadSmsRecipients } from './sms-recipients.js';
import { type SmsTemplateId, smsTemplates } from './sms-templates.js';

/** Which template each case event sends. */
export const smsTemplateForEvent = {
  ACCEPTED: 'case-accepted',
  SESSION_SCHEDULED: 'session-scheduled',
  SESSION_RESCHEDULED: 'session-scheduled',
  ASSIGNED: 'mediator-assigned',
  AGREEMENT_RECORDED: 'agreement-recorded',
  ESCALATED: 'case-escalated',
  DEADLINE_DUE_SOON: 'deadline-due',
  DEADLINE_OVERDUE: 'deadline-due',
} as const satisfies Partial<Record<CaseEventType, SmsTemplateId>>;

/** `11月25日 14:30`, China time (the glossary's way of writing a time). */
export const smsTime = chinaMonthDayTime;

/** The template variables of one event (loading the session for a scheduled one). */
export async function smsVariables(
  data: AdapterData,
  template: SmsTemplateId,
  payload: OutboxPayload,
): Promise<Record<string, string>> {
  const number = payload.case.number;
  const event = payload.data as Record<string, unknown>;
  switch (template) {
    case 'session-scheduled': {
      const session = await data.session(payload.case.id, Number(event.sessionId));
      if (!session)
        throw new AdapterDeliveryError(`session ${String(event.sessionId)} not found`, { retryable: false });
      const place =
        session.mode === 'IN_PERSON'
          ? `地点：${session.location ?? '另行通知'}`
          : session.mode === 'VIDEO'
            ? '视频链接请查收调解员通知'
            : session.mode === 'PHONE'
              ? '调解员将致电您'
              : '请留意调解员消息';
      return {
        number,
        time: smsTime(session.scheduledAt),
        mode: label('SessionMode', session.mode),
        place,
      };
    }
    case 'case-escalated':
      return {
        number,
        risk: label('RiskLevel', String(event.riskLevel ?? payload.case.riskLevel)),
      };
    case 'deadline-due':
      return {
        number,
        deadline: event.kind ? label('DeadlineKind', String(event.kind)) : '办理',
        due: smsTime(String(event.deadline ?? payload.occurredAt)),
        stage: payload.type === 'DEADLINE_OVERDUE' ? '现已超期' : '即将到期',
      };
    default:
      return { number };
  }
}

export function smsProviderFor(
  config: SmsConfig,
  ctx: Pick<DeliveryContext<SmsConfig>, 'logger'>,
): SmsProvider {
  switch (config.provider) {
    case 'http':
      return createHttpGatewaySmsProvider({
        url: config.gatewayUrl!,
        apiKey: config.gatewayApiKey,
        signName: config.signName,
      });
    case 'aliyun':
      return createAliyunSmsProvider({
        accessKeyId: config.accessKeyId!,
        accessKeySecret: config.accessKeySecret!,
        signName: config.signName,
        templateCodes: config.templateCodes,
        endpoint: config.endpoint,
        regionId: config.regionId,
      });
    default:
      return createConsoleSmsProvider({ logger: ctx.logger, signName: config.signName });
  }
}

/**
 * Registered Chinese SMS to parties, mediators and supervisors on case events, through one
 * provider. One delivery may mean several messages (every party): each carries its own key,
 * `<deliveryKey>:<recipient>`, so a retry after a partial failure does not text anyone twice
 * through a gateway that honours keys. Recipients and sessions are read through the delivery's
 * read-only `ctx.data`.
 */
export const smsAdapter = defineAdapter({
  id: 'sms',
  kind: 'sms',
  displayName: '短信 (SMS)',
  config: smsConfig,
  secrets: ['gatewayApiKey', 'accessKeySecret'],
  delivery: { timeoutMs: 15_000, concurrency: 8, maxAttempts: 8 },

  outbound: {
    events: Object.keys(smsTemplateForEvent) as CaseEventType[],
    async deliver(delivery: Delivery, ctx) {
      const template = smsTemplateForEvent[delivery.payload.type as keyof typeof smsTemplateForEvent];
      if (!template) return;
      const recipients = await loadSmsRecipients(
        ctx.data,
        smsTemplates[template].recipients,
        delivery.payload,
        ctx.config.supervisorPhones,
      );
      if (!recipients.length) {
        ctx.logger.debug({ template, caseNumber: delivery.payload.case.number }, 'SMS: nobody to text');
        return;
      }
      const variables = await smsVariables(ctx.data, template, delivery.payload);
      const provider = smsProviderFor(ctx.config, ctx);
      const ids: string[] = [];
      for (const recipient of recipients) {
        const sent = await provider.send(
          { phone: recipient.phone, template, variables, key: `${delivery.deliveryKey}:${recipient.ref}` },
          { signal: ctx.signal },
        );
        if (sent.messageId) ids.push(sent.messageId);
      }
      return ids.length ? { externalId: ids.join(',').slice(0, 200) } : {};
    },
  },

  async health(ctx) {
    if (ctx.config.provider === 'console') return { ok: true, message: 'console provider (development)' };
    const url = ctx.config.provider === 'http' ? ctx.config.gatewayUrl! : ctx.config.endpoint;
    try {
      // Any HTTP answer means the gateway is reachable; sending a test SMS would cost money.
      await fetch(url, { method: 'HEAD', signal: AbortSignal.timeout(2_000) });
      return { ok: true };
    } catch (error) {
      return { ok: false, message: `${ctx.config.provider} gateway unreachable: ${(error as Error).name}` };
    }
  },
});
