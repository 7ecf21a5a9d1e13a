import { type CaseEventType, PartyRole, RiskLevel } from '@mediation/core';
import { type Delivery, defineAdapter } from '../contract.js';
import { partnerHealth, postSignedFeedback, referredBy, regionIdOf } from '../partner-systems.js';
import { petitionConfig } from './petition.config.js';
import { type PetitionFeedback, petitionReferralBody } from './petition-referral.js';

/** 办理阶段 as the petition system names them: the events it is told of. */
export const petitionStageNames = {
  ACCEPTED: '已受理',
  REJECTED: '不予受理',
  ASSIGNED: '已指派调解员',
  MEDIATION_STARTED: '调解中',
  SESSION_SCHEDULED: '已安排调解',
  AGREEMENT_RECORDED: '调解成功',
  FAILED: '调解不成',
  WITHDRAWN: '当事人撤回',
  TRANSFERRED: '已移交',
  FOLLOW_UP_COMPLETED: '已回访',
  CLOSED: '已结案',
} as const satisfies Partial<Record<CaseEventType, string>>;

const guidanceNames: Record<string, string> = {
  LITIGATION: '引导诉讼',
  ARBITRATION: '引导仲裁',
  OTHER_CHANNEL: '引导通过其他渠道解决',
};

const channelNames = { VISIT: '来访', LETTER: '来信', ONLINE: '网上信访', PHONE: '电话' } as const;

/** The feedback body for one delivery (exported for the simulator and the spec). */
export function petitionFeedback(delivery: Delivery): PetitionFeedback {
  const { payload } = delivery;
  const stage = payload.type as keyof typeof petitionStageNames;
  const guidance = (payload.data as { guidance?: string }).guidance;
  const result =
    stage === 'AGREEMENT_RECORDED'
      ? '调解成功，已达成调解协议'
      : stage === 'FAILED'
        ? `调解不成${guidance ? `，${guidanceNames[guidance] ?? guidance}` : ''}`
        : stage === 'CLOSED'
          ? '已结案'
          : null;
  return {
    feedbackId: delivery.deliveryKey,
    petitionNo: payload.case.externalRef ?? '',
    caseNumber: payload.case.number,
    stage,
    stageName: petitionStageNames[stage] ?? stage,
    status: payload.case.status,
    opinion: payload.reason,
    result,
    occurredAt: payload.occurredAt,
  };
}

/**
 * 访调对接: the petition system refers petitions fit for mediation (→ `PETITION_REFERRAL` cases)
 * and hears back at every stage of the cases it referred (progress and result feedback).
 */
export const petitionAdapter = defineAdapter({
  id: 'petition',
  kind: 'petition',
  displayName: '信访系统 (petition)',
  config: petitionConfig,
  secrets: ['signingSecret', 'webhookSecrets'],
  delivery: { timeoutMs: 10_000, concurrency: 4, maxAttempts: 10 },

  inbound: {
    signingSecrets: (config) => config.webhookSecrets,
    body: petitionReferralBody,
    async parse(body, _headers, ctx) {
      const regionId = await regionIdOf(ctx.data, body.regionCode ?? ctx.config.defaultRegionCode);
      const crowd = body.personCount ?? body.petitioners.length;
      return {
        externalRef: body.petitionNo,
        externalReceivedAt: new Date(body.receivedAt),
        source: 'PETITION_REFERRAL',
        title: body.subject,
        facts: `【信访转办·${channelNames[body.channel]}】${body.content}`,
        category: body.category,
        // 集体访 or five and more petitioners: a group-incident risk, escalated at once.
        riskLevel: body.collective || crowd >= 5 ? RiskLevel.HIGH : RiskLevel.LOW,
        tags: ['信访转办', ...(body.collective ? ['集体访'] : [])],
        regionId,
        parties: [
          ...body.petitioners.map((p) => ({ ...p, role: PartyRole.APPLICANT })),
          ...body.respondents.map((p) => ({ ...p, role: PartyRole.RESPONDENT })),
        ],
      };
    },
  },

  outbound: {
    events: Object.keys(petitionStageNames) as CaseEventType[],
    // Only the cases the petition system referred.
    accepts: referredBy('petition'),
    deliver: (delivery, ctx) =>
      postSignedFeedback(delivery, ctx, '/api/feedback', petitionFeedback(delivery)),
  },

  health: (ctx) => partnerHealth(ctx.config.baseUrl),
});
