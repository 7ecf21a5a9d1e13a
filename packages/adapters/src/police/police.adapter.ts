import { type CaseEventType, RiskLevel } from '@mediation/core';
import { AdapterInboundError, type Delivery, defineAdapter } from '../contract.js';
import { partnerHealth, postSignedFeedback, referredBy, regionIdOf } from '../partner-systems.js';
import { policeConfig } from './police.config.js';
import { type PoliceFeedback, policeReferralBody } from './police-referral.js';

/** 调处阶段 as the 110 system names them: the events it is told of. */
export const policeStageNames = {
  ACCEPTED: '已受理',
  REJECTED: '不予受理',
  ASSIGNED: '已指派调解员',
  AGREEMENT_RECORDED: '调处成功',
  FAILED: '调处不成',
  WITHDRAWN: '当事人撤回',
  TRANSFERRED: '已移交',
  CLOSED: '已办结',
  // The police deadlines (24 h answer, 5-day resolution): the 110 system hears when one nears or passes.
  DEADLINE_DUE_SOON: '即将超期',
  DEADLINE_OVERDUE: '已超期',
  // A dispute that may turn criminal (民转刑) concerns the police at once.
  ESCALATED: '风险升级',
} as const satisfies Partial<Record<CaseEventType, string>>;

const guidanceNames: Record<string, string> = {
  LITIGATION: '引导诉讼',
  ARBITRATION: '引导仲裁',
  OTHER_CHANNEL: '引导通过其他渠道解决',
};

export function policeFeedback(delivery: Delivery): PoliceFeedback {
  const { payload } = delivery;
  const stage = payload.type as keyof typeof policeStageNames;
  const data = payload.data as { guidance?: string; kind?: string; deadline?: string };
  const result =
    stage === 'AGREEMENT_RECORDED'
      ? '调处成功，已达成调解协议'
      : stage === 'FAILED'
        ? `调处不成${data.guidance ? `，${guidanceNames[data.guidance] ?? data.guidance}` : ''}`
        : null;
  const deadline =
    (stage === 'DEADLINE_DUE_SOON' || stage === 'DEADLINE_OVERDUE') && data.kind && data.deadline
      ? { kind: data.kind, dueAt: data.deadline, overdue: stage === 'DEADLINE_OVERDUE' }
      : null;
  return {
    feedbackId: delivery.deliveryKey,
    incidentNo: payload.case.externalRef ?? '',
    caseNumber: payload.case.number,
    stage,
    stageName: policeStageNames[stage] ?? stage,
    status: payload.case.status,
    riskLevel: payload.case.riskLevel,
    opinion: payload.reason,
    result,
    deadline,
    occurredAt: payload.occurredAt,
  };
}

/**
 * 警调对接: the 110 system hands non-criminal disputes over (→ `POLICE_REFERRAL` cases, which the
 * deadline policy answers within 24 h and resolves within 5 days) and hears back on every stage,
 * deadline warning and risk escalation of the cases it referred.
 */
export const policeAdapter = defineAdapter({
  id: 'police',
  kind: 'police',
  displayName: '110接处警系统 (police)',
  config: policeConfig,
  secrets: ['signingSecret', 'webhookSecrets'],
  // Feedback must reach the police well inside their 24-hour answer deadline: short timeouts and
  // retries at most a minute apart, so an outage of the 110 side is bridged within a minute of its
  // end; after about an hour of failures the row becomes a dead letter an operator sees and replays.
  delivery: { timeoutMs: 5_000, concurrency: 4, maxAttempts: 60, backoffBaseMs: 500, backoffMaxMs: 60_000 },

  inbound: {
    signingSecrets: (config) => config.webhookSecrets,
    body: policeReferralBody,
    async parse(body, _headers, ctx) {
      const regionId = await regionIdOf(ctx.data, body.regionCode ?? ctx.config.defaultRegionCode);
      if (!body.parties.some((party) => party.role === 'APPLICANT')) {
        throw new AdapterInboundError('parties must include an APPLICANT (报警人或求助人)', 422);
      }
      const officer = body.officer ? `，处警民警${body.officer.name}` : '';
      return {
        externalRef: body.incidentNo,
        externalReceivedAt: new Date(body.reportedAt),
        source: 'POLICE_REFERRAL',
        title: body.summary,
        facts: `【110警情移交·${body.policeStation}${officer}】${body.details}`,
        category: body.category,
        riskLevel: body.escalationRisk ? RiskLevel.HIGH : body.violence ? RiskLevel.MEDIUM : RiskLevel.LOW,
        greenChannel: body.urgent || body.escalationRisk,
        tags: [
          '警调对接',
          ...(body.violence ? ['肢体冲突'] : []),
          ...(body.escalationRisk ? ['民转刑风险'] : []),
        ],
        regionId,
        parties: body.parties,
      };
    },
  },

  outbound: {
    events: Object.keys(policeStageNames) as CaseEventType[],
    accepts: referredBy('police'),
    deliver: (delivery, ctx) =>
      postSignedFeedback(delivery, ctx, '/api/jq/feedback', policeFeedback(delivery)),
  },

  health: (ctx) => partnerHealth(ctx.config.baseUrl),
});
