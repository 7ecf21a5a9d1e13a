import { type CaseEventType, PartyRole } from '@mediation/core';
import { type Delivery, defineAdapter } from '../contract.js';
import { partnerHealth, postSignedFeedback, referredBy, regionIdOf } from '../partner-systems.js';
import { courtConfig } from './court.config.js';
import { type CourtResult, courtReferralBody } from './court-referral.js';

/** The events that end a delegated mediation, as the court platform names their results. */
export const courtResults = {
  AGREEMENT_RECORDED: { result: 'MEDIATED', name: '调解成功' },
  FAILED: { result: 'FAILED', name: '调解不成，退回法院立案' },
  WITHDRAWN: { result: 'WITHDRAWN', name: '当事人撤回调解申请' },
  REJECTED: { result: 'RETURNED', name: '不予受理，退回法院' },
  CLOSED: { result: 'CLOSED', name: '已结案' },
} as const satisfies Partial<Record<CaseEventType, { result: CourtResult['result']; name: string }>>;

export function courtResult(delivery: Delivery): CourtResult {
  const { payload } = delivery;
  const found = courtResults[payload.type as keyof typeof courtResults];
  const data = payload.data as { judicialConfirmationRequested?: boolean };
  return {
    resultId: delivery.deliveryKey,
    courtCaseNo: payload.case.externalRef ?? '',
    caseNumber: payload.case.number,
    result: found?.result ?? 'CLOSED',
    resultName: found?.name ?? payload.type,
    judicialConfirmationRequested:
      payload.type === 'AGREEMENT_RECORDED' ? (data.judicialConfirmationRequested ?? false) : null,
    reason: payload.reason,
    occurredAt: payload.occurredAt,
  };
}

const shanghaiDate = (iso: string) =>
  new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', dateStyle: 'long' }).format(new Date(iso));

/**
 * 诉调对接: the court delegates civil cases to mediation before filing (→ `COURT_REFERRAL` cases)
 * and receives each one's result: agreement (with or without a request for judicial confirmation),
 * failure (the court files the case), withdrawal, return.
 */
export const courtAdapter = defineAdapter({
  id: 'court',
  kind: 'court',
  displayName: '法院诉调对接平台 (court)',
  config: courtConfig,
  secrets: ['signingSecret', 'webhookSecrets'],
  delivery: { timeoutMs: 10_000, concurrency: 2, maxAttempts: 12 },

  inbound: {
    signingSecrets: (config) => config.webhookSecrets,
    body: courtReferralBody,
    async parse(body, _headers, ctx) {
      const regionId = await regionIdOf(ctx.data, body.regionCode ?? ctx.config.defaultRegionCode);
      const due = body.mediationDueAt ? `，调解期限至${shanghaiDate(body.mediationDueAt)}` : '';
      return {
        externalRef: body.courtCaseNo,
        externalReceivedAt: new Date(body.delegatedAt),
        source: 'COURT_REFERRAL',
        title: body.causeOfAction,
        facts: `【${body.court}委派调解·${body.courtCaseNo}${due}】${body.claims}`,
        category: body.category,
        amount: body.amount,
        tags: ['诉调对接'],
        regionId,
        parties: [
          ...body.plaintiffs.map((p) => ({ ...p, role: PartyRole.APPLICANT })),
          ...body.defendants.map((p) => ({ ...p, role: PartyRole.RESPONDENT })),
          ...body.thirdParties.map((p) => ({ ...p, role: PartyRole.THIRD_PARTY })),
        ],
      };
    },
  },

  outbound: {
    events: Object.keys(courtResults) as CaseEventType[],
    accepts: referredBy('court'),
    deliver: (delivery, ctx) =>
      postSignedFeedback(delivery, ctx, '/api/mediation-results', courtResult(delivery)),
  },

  health: (ctx) => partnerHealth(ctx.config.baseUrl),
});
