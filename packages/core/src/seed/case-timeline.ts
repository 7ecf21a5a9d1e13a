import type {
  CaseCategory,
  CaseEventType,
  CaseSource,
  CaseStatus,
  FailureGuidance,
  FulfillmentStatus,
  RiskLevel,
  SessionMode,
  SessionOutcome,
} from '../generated/prisma/enums.js';
import type { TownInfo } from './build-structure.js';
import type { EventRow, SessionRow } from './dataset.js';
import type { SeededRandom } from './random.js';

/*
 * The history of one case, planned as minutes after its report: which events happen, in which
 * order, with which sessions, so that the result replays to the case's final status.
 */

const REJECT_REASONS = [
  '该纠纷已由人民法院立案受理,依照《人民调解法》规定不予受理。',
  '被申请人明确表示拒绝调解,依法不予受理,已告知申请人可通过诉讼途径解决。',
  '申请事项属于行政处理范围,不属于人民调解受理范围,已告知当事人向有关行政机关申请。',
  '经核实涉嫌违法犯罪,不属于人民调解范围,已移交公安机关处理。',
  '申请人未能提供被申请人的有效身份及联系方式,经告知补正后仍不符合受理条件。',
] as const;

const WITHDRAW_REASONS = [
  '双方已自行协商和解,申请人申请撤回调解申请。',
  '申请人决定直接向人民法院提起诉讼,撤回调解申请。',
  '被申请人已主动履行义务,申请人撤回调解申请。',
  '申请人因工作调动离杭,申请撤回。',
] as const;

/** One future case event, `at` minutes after the report. */
export interface Step {
  at: number;
  type: CaseEventType;
  /** Set on status changes only. */
  from: CaseStatus | null;
  to: CaseStatus | null;
  reason?: string;
  data?: EventRow['data'];
  /** Who acts: resolved to a user (or the label "seed") once the case has its people. */
  actor: 'reporter' | 'supervisor' | 'mediator' | 'system';
  /** Index into `Timeline.sessions` of the session this event is about. */
  session?: number;
  /** The event is about the case's agreement / follow-up / handling organization / assignment. */
  agreement?: boolean;
  followUp?: boolean;
  organization?: boolean;
  assignment?: boolean;
}

export interface SessionPlan {
  mode: SessionMode;
  status: SessionRow['status'];
  /** Offsets in minutes from reportedAt; `future` sessions get an absolute time instead. */
  scheduledAt: number;
  heldAt: number | null;
  outcome: SessionOutcome | null;
  createdAt: number;
  updatedAt: number;
  future: boolean;
}

export interface TimelineSpec {
  status: CaseStatus;
  source: CaseSource;
  category: CaseCategory;
  greenChannel: boolean;
  highRisk: boolean;
  riskLevel: RiskLevel;
  /** 0 reported, 1 accepted, 2 assigned, 3 in mediation. */
  depth: number;
  closedViaFailure: boolean;
  hasAmount: boolean;
  town: TownInfo;
  district: string;
  withdrawn: boolean;
  transferred: boolean;
  /** Minute of the day (China time) the case was reported at. */
  startMinute: number;
}

export interface Timeline {
  steps: Step[];
  sessions: SessionPlan[];
  /** Offset of the last event (all events are in the past). */
  lastPast: number;
  statusReason: string | null;
  failureGuidance: FailureGuidance | null;
  fulfillment: FulfillmentStatus;
  followUpScheduled: number | null;
  followUpDue: number | null;
  followUpDone: number | null;
}

export function planTimeline(rng: SeededRandom, spec: TimelineSpec): Timeline {
  const steps: Step[] = [];
  const sessions: SessionPlan[] = [];
  const fast = spec.greenChannel || spec.source === 'POLICE_REFERRAL';
  const step = (s: Step) => {
    steps.push(s);
    return s.at;
  };
  const result: Timeline = {
    steps,
    sessions,
    lastPast: 0,
    statusReason: null,
    failureGuidance: null,
    fulfillment: 'FULFILLED',
    followUpScheduled: null,
    followUpDue: null,
    followUpDone: null,
  };

  // Offsets are minutes after the report; staff act in office hours (China time), so an action that
  // would fall at night moves to the next morning.
  const localMinute = (t: number) => (((spec.startMinute + t) % 1440) + 1440) % 1440;
  const work = (t: number): number => {
    const m = localMinute(t);
    const jitter = rng.int(0, 180);
    if (m >= 510 && m <= 1080) return t;
    return m < 510 ? t + (510 - m) + jitter : t + (1440 - m) + 510 + jitter;
  };
  /** A half-hour session slot between 09:00 and 16:30, on the day of `earliest` or the next day. */
  const slot = (earliest: number): number => {
    const dayStart = earliest - localMinute(earliest);
    const sameDay = dayStart + 540 + 30 * rng.int(0, 15);
    const nextDay = dayStart + 1440 + 540 + 30 * rng.int(0, 15);
    return sameDay > earliest ? sameDay : nextDay;
  };

  step({ at: 0, type: 'REPORTED', from: null, to: 'REPORTED', actor: 'reporter' });
  if (spec.highRisk) {
    step({
      at: rng.int(5, 25),
      type: 'ESCALATED',
      from: null,
      to: null,
      reason:
        spec.riskLevel === 'CRITICAL'
          ? '存在引发群体性事件或民转刑的现实风险,已第一时间报告属地党委政府和区司法局,落实稳控措施。'
          : '纠纷矛盾较为激烈,已报告属地司法所和街道(镇)综治部门,纳入重点跟踪。',
      data: { riskLevel: spec.riskLevel },
      actor: 'system',
    });
  }

  const finish = (): Timeline => {
    result.lastPast = Math.max(...steps.map((s) => s.at));
    return result;
  };

  if (spec.status === 'REJECTED') {
    const reason = rng.pick(REJECT_REASONS);
    const at = Math.max(30, work(rng.int(120, 1400)));
    step({ at, type: 'REJECTED', from: 'REPORTED', to: 'REJECTED', reason, actor: 'supervisor' });
    result.statusReason = reason;
    return finish();
  }
  if (spec.depth === 0 && !spec.withdrawn && !spec.transferred) return finish();

  let t = 0;
  let status: CaseStatus = 'REPORTED';
  if (spec.depth >= 1) {
    // Green-channel and police cases are accepted within hours, whatever the time of day.
    const late = !fast && rng.chance(0.06);
    const delay = spec.greenChannel
      ? rng.int(30, 180)
      : spec.source === 'POLICE_REFERRAL'
        ? rng.int(30, 600)
        : late
          ? rng.int(1500, 3000)
          : rng.int(60, 1100);
    t = fast ? delay : Math.max(30, work(delay));
    step({
      at: t,
      type: 'ACCEPTED',
      from: 'REPORTED',
      to: 'ACCEPTED',
      actor: 'supervisor',
      organization: true,
    });
    status = 'ACCEPTED';
  }

  const toOutcome = spec.status === 'RESOLVED' || spec.status === 'FAILED' || spec.status === 'CLOSED';
  const failing = spec.status === 'FAILED' || spec.closedViaFailure;

  if (toOutcome) {
    // Everything up to the agreement or the failure fits a budget relative to the resolve deadline;
    // a few cases overrun it, as in real life.
    const deadlineMinutes = (spec.source === 'POLICE_REFERRAL' ? 5 : spec.greenChannel ? 15 : 30) * 24 * 60;
    const overdue = rng.chance(0.07);
    const budget =
      deadlineMinutes * (overdue ? rng.float(1.03, 1.5) : fast ? rng.float(0.3, 0.65) : rng.float(0.12, 0.8));
    const sessionCount = fast ? rng.weighted([1, 2], [75, 25]) : rng.weighted([1, 2, 3], [55, 35, 10]);
    const cancelFirst = rng.chance(0.06);
    // shares of the budget: accept→assign, assign→start, and the wait before each session
    const weights = [
      rng.float(0.3, 1.5),
      rng.float(0.5, 2.5),
      ...Array.from({ length: sessionCount }, () => rng.float(1, 4)),
    ];
    const weightSum = weights.reduce((x, y) => x + y, 0);
    const available = Math.max(weights.length * 60, budget - t - sessionCount * 600);
    const part = weights.map((w) => Math.max(30, Math.round((w / weightSum) * available)));

    t = work(t + (part[0] ?? 60));
    step({
      at: t,
      type: 'ASSIGNED',
      from: 'ACCEPTED',
      to: 'ASSIGNED',
      actor: 'supervisor',
      assignment: true,
    });
    t = work(t + (part[1] ?? 60));
    step({ at: t, type: 'MEDIATION_STARTED', from: 'ASSIGNED', to: 'IN_MEDIATION', actor: 'mediator' });
    t = work(t + rng.int(5, 60));
    for (let k = 0; k < sessionCount; k++) {
      const wait = part[2 + k] ?? 1440;
      if (k === 0 && cancelFirst) {
        const cancelled =
          sessions.push(sessionPlan(rng, fast, t, slot(t + wait), null, null, 'CANCELLED')) - 1;
        step({
          at: t,
          type: 'SESSION_SCHEDULED',
          from: null,
          to: null,
          actor: 'mediator',
          session: cancelled,
        });
        const plan = sessions[cancelled];
        const cancelAt = Math.min(work(t + rng.int(60, 600)), (plan?.scheduledAt ?? t + 60) - 30);
        step({
          at: Math.max(t + 1, cancelAt),
          type: 'SESSION_CANCELLED',
          from: null,
          to: null,
          reason: rng.pick([
            '申请人临时有事,申请改期。',
            '被申请人外出务工未能返回,改期调解。',
            '当事人要求补充证据材料,改期进行。',
          ]),
          actor: 'mediator',
          session: cancelled,
        });
        if (plan) plan.updatedAt = Math.max(t + 1, cancelAt);
        t = Math.max(t + 1, cancelAt) + rng.int(2, 20);
      }
      const last = k === sessionCount - 1;
      const outcome: SessionOutcome = last
        ? failing
          ? 'NO_AGREEMENT'
          : 'AGREED'
        : rng.weighted(['ADJOURNED', 'PARTIAL'], [5, 5]);
      const scheduledAt = slot(t + wait);
      const heldAt = scheduledAt + rng.int(0, 20);
      const ref = sessions.push(sessionPlan(rng, fast, t, scheduledAt, heldAt, outcome, 'HELD')) - 1;
      step({ at: t, type: 'SESSION_SCHEDULED', from: null, to: null, actor: 'mediator', session: ref });
      step({
        at: heldAt,
        type: 'SESSION_HELD',
        from: null,
        to: null,
        actor: 'mediator',
        session: ref,
        data: { outcome },
      });
      t = last ? heldAt : work(heldAt + rng.int(30, 240));
    }
    if (failing) {
      t = work(t + rng.int(60, 1440));
      const guidance = failureGuidanceFor(rng, spec.category, spec.hasAmount);
      const reason = failureReason(guidance, sessionCount, spec);
      step({
        at: t,
        type: 'FAILED',
        from: 'IN_MEDIATION',
        to: 'FAILED',
        reason,
        data: { guidance },
        actor: 'mediator',
      });
      result.failureGuidance = guidance;
      result.statusReason = reason;
      if (spec.status === 'CLOSED') {
        t = work(t + rng.int(1440, 10080));
        const closeReason = '调解不成,已告知当事人依法通过其他途径解决,予以结案。';
        step({
          at: t,
          type: 'CLOSED',
          from: 'FAILED',
          to: 'CLOSED',
          reason: closeReason,
          actor: 'supervisor',
        });
        result.statusReason = closeReason;
      }
      return finish();
    }
    // the agreement is signed at the end of the last session
    t += rng.int(20, 90);
    step({
      at: t,
      type: 'AGREEMENT_RECORDED',
      from: 'IN_MEDIATION',
      to: 'RESOLVED',
      actor: 'mediator',
      agreement: true,
    });
    const resolvedAt = t;
    const scheduled = work(resolvedAt + rng.int(10, 120));
    const due = Math.max(scheduled + 1440, resolvedAt + rng.int(7 * 1440, 15 * 1440));
    result.followUpScheduled = scheduled;
    result.followUpDue = due;
    step({
      at: scheduled,
      type: 'FOLLOW_UP_SCHEDULED',
      from: null,
      to: null,
      actor: 'mediator',
      followUp: true,
    });
    if (spec.status === 'CLOSED') {
      const done = Math.max(scheduled + 60, work(resolvedAt + rng.int(3 * 1440, due - resolvedAt - 1440)));
      result.followUpDone = done;
      result.fulfillment = rng.weighted(['FULFILLED', 'PARTIAL', 'BREACHED'], [90, 5, 5]);
      step({
        at: done,
        type: 'FOLLOW_UP_COMPLETED',
        from: null,
        to: null,
        actor: 'mediator',
        followUp: true,
        data: { agreementKept: result.fulfillment !== 'BREACHED' },
      });
      step({
        at: done + 1,
        type: 'FULFILLMENT_UPDATED',
        from: null,
        to: null,
        actor: 'mediator',
        agreement: true,
        data: { fulfillmentStatus: result.fulfillment },
      });
      const closeReason =
        result.fulfillment === 'FULFILLED'
          ? '回访确认调解协议已履行完毕,当事人对调解结果满意,予以结案。'
          : result.fulfillment === 'PARTIAL'
            ? '回访确认被申请人正按协议分期履行,双方无新的争议,予以结案。'
            : '回访发现被申请人未按协议履行,已引导申请人申请司法确认并向人民法院申请强制执行,予以结案。';
      const closedAt = work(done + rng.int(30, 2880));
      step({
        at: closedAt,
        type: 'CLOSED',
        from: 'RESOLVED',
        to: 'CLOSED',
        reason: closeReason,
        actor: 'supervisor',
      });
      result.statusReason = closeReason;
    }
    return finish();
  }

  // Open cases and cases that left the process early: no deadline budget, plain durations.
  if (spec.depth >= 2) {
    t = work(t + (fast ? rng.int(10, 120) : rng.int(30, 2880)));
    step({
      at: t,
      type: 'ASSIGNED',
      from: 'ACCEPTED',
      to: 'ASSIGNED',
      actor: 'supervisor',
      assignment: true,
    });
    status = 'ASSIGNED';
  }
  if (spec.depth >= 3) {
    t = work(t + (fast ? rng.int(30, 240) : rng.int(120, 4320)));
    step({ at: t, type: 'MEDIATION_STARTED', from: 'ASSIGNED', to: 'IN_MEDIATION', actor: 'mediator' });
    status = 'IN_MEDIATION';
    const held = spec.withdrawn ? rng.int(0, 1) : rng.weighted([0, 1, 2], [4, 4, 2]);
    for (let k = 0; k < held; k++) {
      t = work(t + rng.int(5, 240));
      const scheduledAt = slot(t + (fast ? rng.int(240, 2880) : rng.int(1440, 7200)));
      const heldAt = scheduledAt + rng.int(0, 20);
      const outcome: SessionOutcome = rng.weighted(['ADJOURNED', 'PARTIAL'], [5, 5]);
      const ref = sessions.push(sessionPlan(rng, fast, t, scheduledAt, heldAt, outcome, 'HELD')) - 1;
      step({ at: t, type: 'SESSION_SCHEDULED', from: null, to: null, actor: 'mediator', session: ref });
      step({
        at: heldAt,
        type: 'SESSION_HELD',
        from: null,
        to: null,
        actor: 'mediator',
        session: ref,
        data: { outcome },
      });
      t = heldAt;
    }
    if (spec.status === 'IN_MEDIATION' && rng.chance(0.6)) {
      t = work(t + rng.int(30, 240));
      const ref =
        sessions.push({ ...sessionPlan(rng, fast, t, t, null, null, 'SCHEDULED'), future: true }) - 1;
      step({ at: t, type: 'SESSION_SCHEDULED', from: null, to: null, actor: 'mediator', session: ref });
    }
  }

  if (spec.withdrawn || spec.transferred) {
    t = work(t + rng.int(120, 7200));
    const reason: { text: string; to?: string } = spec.withdrawn
      ? { text: rng.pick(WITHDRAW_REASONS) }
      : transferReason(rng, spec);
    step({
      at: t,
      type: spec.withdrawn ? 'WITHDRAWN' : 'TRANSFERRED',
      from: status,
      to: spec.withdrawn ? 'WITHDRAWN' : 'TRANSFERRED',
      reason: reason.text,
      data: reason.to === undefined ? {} : { to: reason.to },
      actor: 'supervisor',
    });
    result.statusReason = reason.text;
  }
  return finish();
}

function sessionPlan(
  rng: SeededRandom,
  fast: boolean,
  createdAt: number,
  scheduledAt: number,
  heldAt: number | null,
  outcome: SessionOutcome | null,
  status: SessionRow['status'],
): SessionPlan {
  const mode: SessionMode = fast
    ? rng.weighted(['IN_PERSON', 'PHONE', 'VIDEO'], [5, 3, 2])
    : rng.weighted(['IN_PERSON', 'VIDEO', 'PHONE', 'TEXT'], [60, 20, 15, 5]);
  return {
    mode,
    status,
    scheduledAt,
    heldAt,
    outcome,
    createdAt,
    updatedAt: heldAt ?? createdAt,
    future: false,
  };
}

function failureGuidanceFor(rng: SeededRandom, category: CaseCategory, hasAmount: boolean): FailureGuidance {
  if (category === 'LABOR_WAGES') return rng.chance(0.75) ? 'ARBITRATION' : 'LITIGATION';
  if (category === 'MEDICAL') return rng.chance(0.3) ? 'OTHER_CHANNEL' : 'LITIGATION';
  if (!hasAmount) return rng.chance(0.5) ? 'OTHER_CHANNEL' : 'LITIGATION';
  return 'LITIGATION';
}

function failureReason(guidance: FailureGuidance, sessions: number, spec: TimelineSpec): string {
  const issue = spec.hasAmount ? '就赔偿(给付)金额' : '对处理方案';
  const head = `经${['一', '两', '三'][sessions - 1] ?? '多'}次调解,双方${issue}分歧较大,未能达成调解协议。`;
  switch (guidance) {
    case 'ARBITRATION':
      return `${head}已引导申请人向${spec.district}劳动人事争议仲裁委员会申请仲裁,并告知仲裁时效。`;
    case 'OTHER_CHANNEL':
      return spec.category === 'MEDICAL'
        ? `${head}已告知当事人可申请医疗损害鉴定或向卫生健康行政部门申请处理。`
        : `${head}已告知当事人可向${spec.town.def.name}或有关行政部门申请处理。`;
    case 'LITIGATION':
      return `${head}已告知当事人可依法向人民法院提起诉讼。`;
  }
}

function transferReason(rng: SeededRandom, spec: TimelineSpec): { text: string; to: string } {
  const d = spec.district;
  switch (spec.category) {
    case 'MEDICAL':
      return {
        text: `涉及医疗过错专业判断,移交${d}医疗纠纷人民调解委员会调解。`,
        to: `${d}医疗纠纷人民调解委员会`,
      };
    case 'LABOR_WAGES':
      return { text: '双方存在劳动关系争议,移交劳动人事争议仲裁院处理。', to: `${d}劳动人事争议仲裁院` };
    case 'PROPERTY_MANAGEMENT':
      return {
        text: `属于物业专业性纠纷,移交${d}物业纠纷人民调解委员会调解。`,
        to: `${d}物业纠纷人民调解委员会`,
      };
    default:
      return rng.pick([
        { text: `涉及多个部门职责,移交${d}矛盾纠纷多元化解中心统筹化解。`, to: `${d}矛盾纠纷多元化解中心` },
        { text: '纠纷发生地及被申请人住所地均不在本辖区,移交属地司法所调解。', to: '属地司法所' },
        { text: `当事人同时向信访部门反映,移交${d}信访局依法处理。`, to: `${d}信访局` },
      ]);
  }
}
