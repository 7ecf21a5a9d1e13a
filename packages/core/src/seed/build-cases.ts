import { initialDeadlines, shanghaiYear } from '../cases/deadlines.js';
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
import type { Structure, TownInfo, VillageInfo } from './build-structure.js';
import type {
  AgreementRow,
  CaseRow,
  DemoDataset,
  EventRow,
  FollowUpRow,
  PartyRow,
  Ref,
  SessionRow,
} from './dataset.js';
import { CASE_TEMPLATES, type CaseTemplate, type TemplateContext } from './data/case-templates.js';
import { orgPartyName } from './data/names.js';
import { anonymized, birthDate, creditCode, type Gender, idNumber, landline, mobile, personName } from './identity.js';
import type { SeededRandom } from './random.js';
import { chineseDate, DAY, HOUR, MINUTE, shanghaiDayStart } from './time.js';

/** How many cases of each final status the demo has (600 in all). */
const STATUS_QUOTAS: readonly (readonly [CaseStatus, number])[] = [
  ['CLOSED', 270],
  ['RESOLVED', 80],
  ['FAILED', 24],
  ['IN_MEDIATION', 62],
  ['ASSIGNED', 34],
  ['ACCEPTED', 22],
  ['REPORTED', 30],
  ['REJECTED', 26],
  ['WITHDRAWN', 28],
  ['TRANSFERRED', 24],
];

const CATEGORY_WEIGHTS: Record<CaseCategory, number> = {
  NEIGHBORHOOD: 18,
  MARRIAGE_FAMILY: 14,
  PROPERTY_MANAGEMENT: 10,
  LABOR_WAGES: 10,
  TORT_DAMAGES: 8,
  CONSUMER: 7,
  DEBT: 7,
  CONTRACT: 6,
  HOUSING_LEASE: 6,
  LAND_GRASSLAND: 4,
  TOURISM: 3,
  MEDICAL: 3,
  OTHER: 3,
};

const SOURCE_WEIGHTS: Record<CaseSource, number> = {
  GRID_SCREENING: 28,
  WALK_IN: 20,
  HOTLINE: 14,
  ONLINE: 12,
  POLICE_REFERRAL: 10,
  PETITION_REFERRAL: 7,
  COURT_REFERRAL: 6,
  OTHER: 3,
};

/** Sources made more (or less) likely by the category of the dispute. */
const SOURCE_BIAS: Partial<Record<CaseCategory, Partial<Record<CaseSource, number>>>> = {
  NEIGHBORHOOD: { POLICE_REFERRAL: 2, GRID_SCREENING: 1.4, COURT_REFERRAL: 0.3 },
  MARRIAGE_FAMILY: { POLICE_REFERRAL: 1.6, GRID_SCREENING: 1.3 },
  TORT_DAMAGES: { POLICE_REFERRAL: 2.5, COURT_REFERRAL: 1.5 },
  CONTRACT: { COURT_REFERRAL: 4, GRID_SCREENING: 0.3 },
  DEBT: { COURT_REFERRAL: 4, GRID_SCREENING: 0.4 },
  HOUSING_LEASE: { COURT_REFERRAL: 2, ONLINE: 1.5 },
  CONSUMER: { HOTLINE: 2.5, ONLINE: 2, GRID_SCREENING: 0.3 },
  TOURISM: { HOTLINE: 3, ONLINE: 2, GRID_SCREENING: 0.2 },
  MEDICAL: { WALK_IN: 2.5, PETITION_REFERRAL: 2, GRID_SCREENING: 0.2 },
  LABOR_WAGES: { PETITION_REFERRAL: 2, HOTLINE: 1.5 },
  LAND_GRASSLAND: { PETITION_REFERRAL: 2, GRID_SCREENING: 1.5 },
};

const DEFAULT_RISK = [0.6, 0.3, 0.08, 0.02] as const;
const RISKS: readonly RiskLevel[] = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'];

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

const SOURCE_TAGS: Partial<Record<CaseSource, string>> = {
  PETITION_REFERRAL: '访调对接',
  POLICE_REFERRAL: '警调对接',
  COURT_REFERRAL: '诉调对接',
};

interface Step {
  at: number;
  type: CaseEventType;
  from: CaseStatus | null;
  to: CaseStatus | null;
  reason?: string;
  data?: EventRow['data'];
  actor: 'reporter' | 'supervisor' | 'mediator' | 'system';
  session?: number;
  agreement?: boolean;
  followUp?: boolean;
  organization?: boolean;
  assignment?: boolean;
}

interface SessionPlan {
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

interface Draft {
  order: number;
  reportedAt: number;
  district6: string;
  village: VillageInfo;
  template: CaseTemplate;
  ctx: TemplateContext;
  row: Omit<CaseRow, 'prefix' | 'sequence' | 'externalRef'>;
  parties: Omit<PartyRow, 'case'>[];
  coMediators: Ref[];
  assignedAt: number | null;
  sessions: Omit<SessionRow, 'case'>[];
  agreement: Omit<AgreementRow, 'case'> | null;
  followUp: Omit<FollowUpRow, 'case'> | null;
  events: Omit<EventRow, 'case'>[];
  /** Indexes into `events` that mention the session / agreement / follow-up of this case. */
  eventSessions: Map<number, number>;
  eventAgreement: number[];
  eventFollowUp: number[];
}

export function buildCases(rng: SeededRandom, data: DemoDataset, s: Structure, now: Date): void {
  const nowMs = now.getTime();
  const statuses = rng.shuffle(STATUS_QUOTAS.flatMap(([status, n]) => Array.from({ length: n }, () => status)));
  const villageWeights = s.villages.map(
    (v) => [v, v.grids.reduce((sum, g) => sum + (data.grids[g]?.population ?? 0), 0)] as const,
  );
  const openLoad = new Map<Ref, number>();

  const drafts: Draft[] = statuses.map((status, order) => {
    const village = rng.weighted(villageWeights);
    const town = village.town;
    const district = town.district;
    const template = pickTemplate(rng, village, district.code6);
    const category = template.category;
    const source = pickSource(rng, category);
    const riskLevel = rng.weighted(RISKS.map((r, i) => [r, (template.risk ?? DEFAULT_RISK)[i] ?? 0] as const));
    const highRisk = riskLevel === 'HIGH' || riskLevel === 'CRITICAL';
    const greenChannel =
      (template.urgent === true && highRisk && rng.chance(0.4)) ||
      (riskLevel === 'CRITICAL' && rng.chance(0.2)) ||
      rng.chance(0.004);
    const grid = rng.pick(village.grids);
    const gridRow = data.grids[grid];

    // ── parties and the text about them ──
    const parties: Omit<PartyRow, 'case'>[] = [];
    const place = rng.pick(village.def.places);
    const personAddress = () =>
      village.rural
        ? `杭州市${district.def.name}${town.def.name}${village.def.name}${rng.pick(village.def.places)}${rng.int(1, 220)}号`
        : `杭州市${district.def.name}${town.def.name}${rng.pick(village.def.places)}${rng.int(1, 160)}号${rng.int(1, 32)}幢${rng.int(1, 4)}单元${rng.int(1, 18)}0${rng.int(1, 4)}室`;
    const addPerson = (role: PartyRow['role'], gender?: Gender, surname?: string, age?: readonly [number, number]) => {
      const name = personName(rng, gender, surname);
      const born = birthDate(rng, now, age?.[0] ?? 20, age?.[1] ?? 75);
      parties.push({
        role,
        kind: 'PERSON',
        name: name.name,
        idNumber: idNumber(rng, district.code6, born, name.gender),
        phone: mobile(rng),
        address: personAddress(),
      });
      return name;
    };
    const addOrg = (role: PartyRow['role'], kind: NonNullable<CaseTemplate['respondent']>) => {
      const name = orgPartyName(rng, kind, village.def.name);
      parties.push({
        role,
        kind: 'ORGANIZATION',
        name,
        idNumber: rng.chance(0.8) ? creditCode(rng, district.code6) : null,
        phone: rng.chance(0.7) ? landline(rng) : null,
        address: `杭州市${district.def.name}${rng.pick(village.def.places)}${rng.int(1, 399)}号`,
      });
      return name;
    };

    let a: string;
    let firstApplicant: ReturnType<typeof personName> | null = null;
    if (template.applicant) {
      a = addOrg('APPLICANT', template.applicant);
    } else {
      const n = template.applicants ? rng.int(template.applicants[0], template.applicants[1]) : 1;
      for (let k = 0; k < n; k++) {
        const p = addPerson('APPLICANT', k === 0 ? template.applicantGender : undefined, undefined, template.applicantAge);
        firstApplicant ??= p;
      }
      a = firstApplicant ? anonymized(firstApplicant) + (n > 1 ? `等${n}人` : '') : '申请人';
    }
    let b: string;
    if (template.respondent) {
      b = addOrg('RESPONDENT', template.respondent);
    } else {
      const gender: Gender | undefined =
        template.respondentGender ??
        (template.couple && firstApplicant ? (firstApplicant.gender === 'M' ? 'F' : 'M') : undefined);
      const surname = template.sameSurname ? firstApplicant?.surname : undefined;
      const age = template.sameSurname && template.applicantAge ? ([40, 52] as const) : undefined;
      const p = addPerson('RESPONDENT', gender, surname, age);
      b = anonymized(p);
      if (b === a) b = `${p.surname}某某`;
    }
    let c = '';
    if (template.thirdParty && rng.chance(template.thirdParty.chance)) {
      c = template.thirdParty.kind ? addOrg('THIRD_PARTY', template.thirdParty.kind) : anonymized(addPerson('THIRD_PARTY'));
    }

    const amountNum = template.amount ? roundAmount(rng.float(template.amount[0], template.amount[1])) : null;
    const agreedNum = amountNum === null ? null : roundAmount(amountNum * rng.float(0.55, 1));
    const ctx: TemplateContext = {
      a,
      b,
      c,
      district: district.def.name,
      town: town.def.name,
      village: village.def.name,
      place,
      amount: amountNum === null ? '' : formatYuan(amountNum),
      agreed: agreedNum === null ? '' : formatYuan(agreedNum),
      count: parties.filter((p) => p.role === 'APPLICANT').length,
      months: rng.int(2, 6),
      payBy: '',
    };
    const facts = `${template.facts(ctx)}${sourceSentence(source, ctx, town, gridRow?.name ?? village.def.name)}`;
    const tags = [...template.tags];
    const sourceTag = SOURCE_TAGS[source];
    if (sourceTag) tags.push(sourceTag);

    // ── who handles it ──
    const handles = !(status === 'REPORTED' || status === 'REJECTED');
    let organization: Ref | null = null;
    let lead: Ref | null = null;
    let coMediators: Ref[] = [];
    const withdrawFrom = status === 'WITHDRAWN' ? rng.weighted([[0, 3], [1, 2], [2, 2], [3, 3]] as const) : null;
    const transferFrom = status === 'TRANSFERRED' ? rng.weighted([[0, 4], [1, 4], [2, 2]] as const) : null;
    const depth = stageDepth(status, withdrawFrom, transferFrom);
    if (handles && depth >= 1) {
      organization = chooseOrganization(rng, category, source, riskLevel, village);
      if (depth >= 2) {
        let candidates = s.activeMediatorsByOrg.get(organization) ?? [];
        if (candidates.length === 0) {
          organization = town.committee;
          candidates = s.activeMediatorsByOrg.get(organization) ?? [];
        }
        const open = status === 'ASSIGNED' || status === 'IN_MEDIATION';
        lead = chooseMediator(rng, candidates, grid, category, data, s, openLoad);
        if (lead !== null && open) openLoad.set(lead, (openLoad.get(lead) ?? 0) + 1);
        if (lead !== null && rng.chance(0.15)) {
          const others = data.mediators
            .map((m, ref) => [m, ref] as const)
            .filter(([m, ref]) => m.active && ref !== lead && s.mediatorGrids.get(ref)?.has(grid));
          if (others.length > 0) coMediators = [rng.pick(others)[1]];
        }
      }
    }

    // ── the timeline, in minutes after the report ──
    const timeline = planTimeline(rng, {
      status,
      source,
      category,
      greenChannel,
      highRisk,
      riskLevel,
      depth,
      closedViaFailure: status === 'CLOSED' && rng.chance(0.14),
      hasAmount: amountNum !== null,
      town,
      district: district.def.name,
      withdrawn: status === 'WITHDRAWN',
      transferred: status === 'TRANSFERRED',
      organizationName: organization === null ? null : (data.organizations[organization]?.name ?? null),
    });

    // ── place it in time ──
    const span = timeline.lastPast * MINUTE;
    const [minGap, maxGap] = gapRange(rng, status, span);
    const latest = nowMs - span - minGap;
    let reportedAt = Math.floor((latest - rng.float(0, maxGap - minGap)) / MINUTE) * MINUTE;
    if (greenChannel || (source !== 'POLICE_REFERRAL' && source !== 'ONLINE')) {
      // Offices take reports between 08:30 and 17:30 China time.
      let aligned = shanghaiDayStart(reportedAt) + rng.int(510, 1050) * MINUTE;
      if (aligned > latest) aligned -= DAY;
      reportedAt = aligned;
    }
    const at = (offset: number) => new Date(reportedAt + offset * MINUTE);

    const deadlines = initialDeadlines(new Date(reportedAt), source, greenChannel);
    const resolvedOffset = timeline.steps.find((st) => st.type === 'AGREEMENT_RECORDED')?.at ?? null;
    const closedOffset = timeline.steps.find((st) => st.type === 'CLOSED')?.at ?? null;
    const acceptedOffset = timeline.steps.find((st) => st.type === 'ACCEPTED')?.at ?? null;
    const assignedOffset = timeline.steps.find((st) => st.type === 'ASSIGNED')?.at ?? null;
    const escalatedOffset = timeline.steps.find((st) => st.type === 'ESCALATED')?.at ?? null;
    ctx.payBy = chineseDate(reportedAt + ((resolvedOffset ?? 0) * MINUTE + rng.int(7, 30) * DAY));

    const sessions: Omit<SessionRow, 'case'>[] = timeline.sessions.map((plan) => {
      const scheduledAt = plan.future ? futureSlot(rng, nowMs) : at(plan.scheduledAt);
      const mode = plan.mode;
      return {
        mediator: lead,
        mode,
        status: plan.status,
        scheduledAt,
        location: mode === 'IN_PERSON' ? sessionLocation(rng, organization, data, s, village, place) : null,
        link: mode === 'VIDEO' ? `https://tiaojie.example.cn/room/${rng.digits(8)}` : null,
        heldAt: plan.heldAt === null ? null : at(plan.heldAt),
        outcome: plan.outcome,
        minutes: plan.outcome === null ? null : sessionMinutes(rng, plan.outcome, ctx, lead === null ? '调解员' : (data.mediators[lead]?.name ?? '调解员')),
        createdAt: at(plan.createdAt),
        updatedAt: at(plan.updatedAt),
      };
    });

    let agreement: Omit<AgreementRow, 'case'> | null = null;
    let followUp: Omit<FollowUpRow, 'case'> | null = null;
    if (resolvedOffset !== null) {
      const closed = status === 'CLOSED';
      const progress = rng.weighted([['PENDING', 4], ['PARTIAL', 3], ['FULFILLED', 3]] as const);
      const fulfillment: FulfillmentStatus = closed
        ? timeline.fulfillment
        : nowMs - at(resolvedOffset).getTime() < 3 * DAY
          ? 'PENDING'
          : progress;
      const oral = (amountNum === null && rng.chance(0.5)) || (amountNum !== null && amountNum < 2000 && rng.chance(0.3));
      agreement = {
        form: oral ? 'ORAL' : 'WRITTEN',
        terms: template.terms(ctx),
        signedAt: at(resolvedOffset),
        amount: agreedNum === null ? null : agreedNum.toFixed(2),
        judicialConfirmationRequested:
          !oral &&
          (source === 'COURT_REFERRAL' ? rng.chance(0.6) : (agreedNum ?? 0) >= 50_000 ? rng.chance(0.35) : rng.chance(0.05)),
        fulfillmentStatus: fulfillment,
        updatedAt: closed && timeline.followUpDone !== null ? at(timeline.followUpDone) : at(resolvedOffset),
      };
      const dueAt = at(timeline.followUpDue ?? resolvedOffset);
      followUp = {
        method: rng.weighted([['PHONE', 6], ['VISIT', 3.5], ['OTHER', 0.5]] as const),
        status: closed ? 'DONE' : 'SCHEDULED',
        dueAt,
        completedAt: closed && timeline.followUpDone !== null ? at(timeline.followUpDone) : null,
        agreementKept: closed ? timeline.fulfillment !== 'BREACHED' : null,
        notes: closed ? followUpNotes(timeline.fulfillment, ctx) : null,
        createdAt: at(timeline.followUpScheduled ?? resolvedOffset),
      };
    }

    const reportedBy = source === 'GRID_SCREENING' ? (s.gridWorker.get(grid) ?? null) : null;
    const supervisorOf = (): Ref => {
      const t = organization === null ? town : s.orgTown.get(organization);
      if (t) return t.supervisor;
      return (organization === null ? district : (s.orgDistrict.get(organization) ?? district)).supervisor;
    };
    const mediatorUser = lead === null ? null : (s.mediatorUser.get(lead) ?? null);

    const events: Omit<EventRow, 'case'>[] = [];
    const eventSessions = new Map<number, number>();
    const eventAgreement: number[] = [];
    const eventFollowUp: number[] = [];
    for (const step of timeline.steps) {
      const actor =
        step.actor === 'reporter'
          ? reportedBy
          : step.actor === 'supervisor'
            ? supervisorOf()
            : step.actor === 'mediator'
              ? mediatorUser
              : null;
      const index =
        events.push({
          type: step.type,
          fromStatus: step.from,
          toStatus: step.to,
          reason: step.reason ?? null,
          data: step.data ?? {},
          refs: {
            ...(step.organization && organization !== null ? { organization } : {}),
            ...(step.assignment && lead !== null ? { mediator: lead, coMediators } : {}),
          },
          actor,
          createdAt: at(step.at),
        }) - 1;
      if (step.session !== undefined) eventSessions.set(index, step.session);
      if (step.agreement) eventAgreement.push(index);
      if (step.followUp) eventFollowUp.push(index);
    }
    const statusChanges = timeline.steps.filter((st) => st.to !== null).length;
    const finalStep = timeline.steps[timeline.steps.length - 1];

    const row: Draft['row'] = {
      title: template.title(ctx),
      facts,
      category,
      tags,
      source,
      externalSystem: externalSystemOf(source),
      region: village.region,
      grid,
      organization,
      leadMediator: lead,
      amount: amountNum === null ? null : amountNum.toFixed(2),
      riskLevel,
      greenChannel,
      status,
      statusReason: timeline.statusReason,
      failureGuidance: timeline.failureGuidance,
      reportedAt: new Date(reportedAt),
      acceptDeadline: deadlines.acceptDeadline,
      resolveDeadline: deadlines.resolveDeadline,
      followUpDeadline: resolvedOffset === null ? null : new Date(at(resolvedOffset).getTime() + 15 * DAY),
      acceptedAt: acceptedOffset === null ? null : at(acceptedOffset),
      resolvedAt: resolvedOffset === null ? null : at(resolvedOffset),
      closedAt: closedOffset === null ? null : at(closedOffset),
      escalatedAt: escalatedOffset === null ? null : at(escalatedOffset),
      reportedBy,
      version: statusChanges,
      updatedAt: at(finalStep?.at ?? 0),
    };

    return {
      order,
      reportedAt,
      district6: district.code6,
      village,
      template,
      ctx,
      row,
      parties,
      coMediators,
      assignedAt: assignedOffset === null ? null : reportedAt + assignedOffset * MINUTE,
      sessions,
      agreement,
      followUp,
      events,
      eventSessions,
      eventAgreement,
      eventFollowUp,
    };
  });

  // Ids and numbers follow the order of reporting, as they would have in real life.
  drafts.sort((x, y) => x.reportedAt - y.reportedAt || x.order - y.order);
  const counters = new Map<string, number>();
  const externalCounters = new Map<string, number>();
  for (const d of drafts) {
    const prefix = `${d.district6}-${shanghaiYear(d.row.reportedAt)}`;
    const sequence = (counters.get(prefix) ?? 0) + 1;
    counters.set(prefix, sequence);
    const system = d.row.externalSystem;
    let externalRef: string | null = null;
    if (system !== null) {
      const n = (externalCounters.get(system) ?? 0) + 1;
      externalCounters.set(system, n);
      externalRef = externalReference(system, d.row.reportedAt, d.district6, n);
    }
    const caseRef = data.cases.push({ ...d.row, prefix, sequence, externalRef }) - 1;
    for (const p of d.parties) data.parties.push({ ...p, case: caseRef });
    for (const m of d.coMediators) {
      data.coMediators.push({ case: caseRef, mediator: m, assignedAt: new Date(d.assignedAt ?? d.reportedAt) });
    }
    const sessionRefs = d.sessions.map((session) => data.sessions.push({ ...session, case: caseRef }) - 1);
    const agreementRef = d.agreement === null ? null : data.agreements.push({ ...d.agreement, case: caseRef }) - 1;
    const followUpRef = d.followUp === null ? null : data.followUps.push({ ...d.followUp, case: caseRef }) - 1;
    d.events.forEach((event, index) => {
      const refs = { ...event.refs };
      const sessionIndex = d.eventSessions.get(index);
      if (sessionIndex !== undefined) refs.session = sessionRefs[sessionIndex];
      if (agreementRef !== null && d.eventAgreement.includes(index)) refs.agreement = agreementRef;
      if (followUpRef !== null && d.eventFollowUp.includes(index)) refs.followUp = followUpRef;
      const eventData =
        event.type === 'REPORTED'
          ? {
              number: formatCaseNumber(prefix, sequence),
              source: d.row.source,
              category: d.row.category,
              riskLevel: d.row.riskLevel,
              ...(externalRef === null ? {} : { externalSystem: system, externalRef }),
            }
          : event.data;
      data.events.push({ ...event, data: eventData, refs, case: caseRef });
    });
  }
  data.sequences.push(...[...counters].map(([prefix, lastValue]) => ({ prefix, lastValue })));
}

export function formatCaseNumber(prefix: string, sequence: number): string {
  return `${prefix}-${String(sequence).padStart(6, '0')}`;
}

// ───────────────────────────── choices ─────────────────────────────

function pickTemplate(rng: SeededRandom, village: VillageInfo, district6: string): CaseTemplate {
  const fits = (t: CaseTemplate) =>
    t.where === undefined || (t.where === 'rural' ? village.rural : !village.rural);
  const weight = (t: CaseTemplate) => t.weight * (t.districtBias === district6 ? 3 : 1);
  if (rng.chance(0.1)) {
    const epidemic = CASE_TEMPLATES.filter((t) => t.epidemic && fits(t));
    if (epidemic.length > 0) return rng.weighted(epidemic.map((t) => [t, weight(t)] as const));
  }
  const eligible = CASE_TEMPLATES.filter((t) => !t.epidemic && fits(t));
  const categories = Object.entries(CATEGORY_WEIGHTS).filter(([category]) =>
    eligible.some((t) => t.category === category),
  ) as [CaseCategory, number][];
  const category = rng.weighted(categories);
  return rng.weighted(eligible.filter((t) => t.category === category).map((t) => [t, weight(t)] as const));
}

function pickSource(rng: SeededRandom, category: CaseCategory): CaseSource {
  const bias = SOURCE_BIAS[category] ?? {};
  return rng.weighted(
    (Object.entries(SOURCE_WEIGHTS) as [CaseSource, number][]).map(([source, w]) => [source, w * (bias[source] ?? 1)] as const),
  );
}

function chooseOrganization(
  rng: SeededRandom,
  category: CaseCategory,
  source: CaseSource,
  risk: RiskLevel,
  village: VillageInfo,
): Ref {
  const town = village.town;
  const d = town.district;
  if (category === 'MEDICAL') return rng.weighted([[d.medical, 8], [town.committee, 2]]);
  if (source === 'COURT_REFERRAL') return rng.weighted([[d.center, 5], [d.lawFirm, 2.5], [town.committee, 2.5]]);
  if (source === 'PETITION_REFERRAL') return rng.weighted([[town.committee, 5], [d.center, 3], [town.judicialOffice, 2]]);
  if (risk === 'HIGH' || risk === 'CRITICAL') {
    if (category === 'LABOR_WAGES') return rng.weighted([[d.labor, 5], [town.committee, 3], [d.center, 2]]);
    return rng.weighted([[town.committee, 5], [d.center, 3], [town.judicialOffice, 2]]);
  }
  switch (category) {
    case 'LABOR_WAGES':
      return rng.weighted([[d.labor, 4], [town.committee, 4], [village.committee, 2]]);
    case 'PROPERTY_MANAGEMENT':
      return rng.weighted([[d.property, 3.5], [village.committee, 4.5], [town.committee, 2]]);
    case 'TOURISM':
      return d.code6 === '330106'
        ? rng.weighted([[d.industry, 6], [town.committee, 2], [village.committee, 2]])
        : rng.weighted([[town.committee, 5], [village.committee, 5]]);
    case 'CONSUMER':
      return d.code6 === '330105'
        ? rng.weighted([[d.industry, 4], [town.committee, 3], [village.committee, 3]])
        : rng.weighted([[town.committee, 4], [village.committee, 4], [d.center, 2]]);
    case 'TORT_DAMAGES':
      if (d.code6 === '330110') return rng.weighted([[d.industry, 4], [town.committee, 3], [village.committee, 3]]);
      break;
    default:
      break;
  }
  return rng.weighted([[village.committee, 6], [town.committee, 3], [town.judicialOffice, 1]]);
}

/** Ranks like the assignment policy: serves the grid, has the specialty, has free capacity. */
function chooseMediator(
  rng: SeededRandom,
  candidates: readonly Ref[],
  grid: Ref,
  category: CaseCategory,
  data: DemoDataset,
  s: Structure,
  load: Map<Ref, number>,
): Ref | null {
  let best: Ref | null = null;
  let bestScore = Number.NEGATIVE_INFINITY;
  for (const ref of candidates) {
    const m = data.mediators[ref];
    if (!m) continue;
    const score =
      (s.mediatorGrids.get(ref)?.has(grid) ? 2 : 0) +
      (m.specialties.includes(category) ? 2 : 0) +
      ((load.get(ref) ?? 0) < m.capacity ? 1 : -4) +
      rng.next() * 1.5;
    if (score > bestScore) {
      bestScore = score;
      best = ref;
    }
  }
  return best;
}

function externalSystemOf(source: CaseSource): string | null {
  switch (source) {
    case 'PETITION_REFERRAL':
      return 'petition';
    case 'POLICE_REFERRAL':
      return 'police';
    case 'COURT_REFERRAL':
      return 'court';
    default:
      return null;
  }
}

/** Reference numbers in the style of each system: 信访件编号, 110 接警单号, 诉前调解案号. */
function externalReference(system: string, reportedAt: Date, district6: string, n: number): string {
  const local = new Date(reportedAt.getTime() + 8 * HOUR);
  const year = local.getUTCFullYear();
  const ymd = `${year}${String(local.getUTCMonth() + 1).padStart(2, '0')}${String(local.getUTCDate()).padStart(2, '0')}`;
  if (system === 'petition') return `XF${year}${district6}${String(n).padStart(5, '0')}`;
  if (system === 'police') return `JJ${ymd}${district6}${String(n).padStart(4, '0')}`;
  return `(${year})浙${district6.slice(2)}民诉前调${1000 + n}号`;
}

function sourceSentence(source: CaseSource, c: TemplateContext, town: TownInfo, gridName: string): string {
  switch (source) {
    case 'GRID_SCREENING':
      return `该纠纷由${gridName}网格员在日常走访排查中发现并上报。`;
    case 'WALK_IN':
      return `当事人到${c.village}人民调解委员会当面申请调解。`;
    case 'HOTLINE':
      return `当事人拨打12345政务服务便民热线反映,工单转派${c.town}办理。`;
    case 'ONLINE':
      return `当事人通过"浙里办"矛盾纠纷在线化解平台提交了调解申请。`;
    case 'PETITION_REFERRAL':
      return `当事人曾到${c.district}信访局反映,信访部门依"访调对接"机制转交人民调解。`;
    case 'POLICE_REFERRAL':
      return `${c.district}公安分局${town.def.short}派出所接110报警后出警,认定属民间纠纷,依"警调对接"机制移交调解。`;
    case 'COURT_REFERRAL':
      return `当事人向${c.district}人民法院起诉,法院征得双方同意后委派诉前调解。`;
    case 'OTHER':
      return `${c.town}社会治理中心转来。`;
  }
}

function stageDepth(status: CaseStatus, withdrawFrom: number | null, transferFrom: number | null): number {
  switch (status) {
    case 'REPORTED':
    case 'REJECTED':
      return 0;
    case 'ACCEPTED':
      return 1;
    case 'ASSIGNED':
      return 2;
    case 'WITHDRAWN':
      return withdrawFrom ?? 0;
    case 'TRANSFERRED':
      return transferFrom ?? 0;
    default:
      return 3;
  }
}

// ───────────────────────────── timeline ─────────────────────────────

interface TimelineSpec {
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
  organizationName: string | null;
}

interface Timeline {
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

function planTimeline(rng: SeededRandom, spec: TimelineSpec): Timeline {
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
    step({ at: rng.int(120, 1400), type: 'REJECTED', from: 'REPORTED', to: 'REJECTED', reason, actor: 'supervisor' });
    result.statusReason = reason;
    return finish();
  }
  if (spec.depth === 0 && !spec.withdrawn && !spec.transferred) return finish();

  let t = 0;
  let status: CaseStatus = 'REPORTED';
  const late = !fast && rng.chance(0.06);
  if (spec.depth >= 1) {
    t = spec.greenChannel
      ? rng.int(30, 180)
      : spec.source === 'POLICE_REFERRAL'
        ? rng.int(30, 600)
        : late
          ? rng.int(1500, 3000)
          : rng.int(60, 1320);
    step({ at: t, type: 'ACCEPTED', from: 'REPORTED', to: 'ACCEPTED', actor: 'supervisor', organization: true });
    status = 'ACCEPTED';
  }

  const toOutcome = spec.status === 'RESOLVED' || spec.status === 'FAILED' || spec.status === 'CLOSED';
  const failing = spec.status === 'FAILED' || spec.closedViaFailure;

  if (toOutcome) {
    // Everything up to the agreement or failure fits a budget relative to the resolve deadline.
    const deadlineMinutes = (spec.source === 'POLICE_REFERRAL' ? 5 : spec.greenChannel ? 15 : 30) * 24 * 60;
    const overdue = rng.chance(0.07);
    const budget = deadlineMinutes * (overdue ? rng.float(1.03, 1.5) : rng.float(spec.source === 'POLICE_REFERRAL' ? 0.35 : 0.12, 0.9));
    const sessionCount = rng.weighted([[1, 55], [2, 35], [3, 10]] as const);
    const cancelFirst = rng.chance(0.06);
    // weighted parts: accept→assign, assign→start, and the wait before each session
    const weights = [rng.float(0.3, 1.5), rng.float(0.5, 2.5), ...Array.from({ length: sessionCount }, () => rng.float(1, 4))];
    const fixed = {
      scheduleLead: rng.int(5, 60),
      held: Array.from({ length: sessionCount }, () => rng.int(0, 20)),
      reschedule: Array.from({ length: sessionCount }, () => rng.int(30, 240)),
      cancel: cancelFirst ? rng.int(120, 1200) : 0,
      close: failing ? rng.int(60, 1440) : rng.int(30, 180),
    };
    const fixedTotal =
      fixed.scheduleLead + fixed.held.reduce((x, y) => x + y, 0) + fixed.reschedule.reduce((x, y) => x + y, 0) + fixed.cancel + fixed.close;
    const available = Math.max(weights.length * 45, budget - t - fixedTotal);
    const weightSum = weights.reduce((x, y) => x + y, 0);
    const part = weights.map((w) => Math.max(30, Math.round((w / weightSum) * available)));

    t += part[0] ?? 60;
    step({ at: t, type: 'ASSIGNED', from: 'ACCEPTED', to: 'ASSIGNED', actor: 'supervisor', assignment: true });
    t += part[1] ?? 60;
    step({ at: t, type: 'MEDIATION_STARTED', from: 'ASSIGNED', to: 'IN_MEDIATION', actor: 'mediator' });
    t += fixed.scheduleLead;
    for (let k = 0; k < sessionCount; k++) {
      const wait = part[2 + k] ?? 1440;
      if (k === 0 && cancelFirst) {
        const cancelled = sessions.push(sessionPlan(rng, fast, t, t + wait, null, null, 'CANCELLED')) - 1;
        step({ at: t, type: 'SESSION_SCHEDULED', from: null, to: null, actor: 'mediator', session: cancelled, data: {} });
        const cancelAt = t + Math.min(fixed.cancel, Math.max(1, wait - 10));
        step({
          at: cancelAt,
          type: 'SESSION_CANCELLED',
          from: null,
          to: null,
          reason: rng.pick(['申请人临时有事,申请改期。', '被申请人外出务工未能返回,改期调解。', '当事人要求补充证据材料,改期进行。']),
          actor: 'mediator',
          session: cancelled,
        });
        const plan = sessions[cancelled];
        if (plan) plan.updatedAt = cancelAt;
        t = cancelAt + 5;
      }
      const last = k === sessionCount - 1;
      const outcome: SessionOutcome = last
        ? failing
          ? 'NO_AGREEMENT'
          : 'AGREED'
        : rng.weighted([['ADJOURNED', 5], ['PARTIAL', 5]] as const);
      const scheduledAt = t + wait;
      const heldAt = scheduledAt + (fixed.held[k] ?? 0);
      const ref = sessions.push(sessionPlan(rng, fast, t, scheduledAt, heldAt, outcome, 'HELD')) - 1;
      step({ at: t, type: 'SESSION_SCHEDULED', from: null, to: null, actor: 'mediator', session: ref });
      step({ at: heldAt, type: 'SESSION_HELD', from: null, to: null, actor: 'mediator', session: ref, data: { outcome } });
      t = last ? heldAt : heldAt + (fixed.reschedule[k] ?? 60);
    }
    t += fixed.close;
    if (failing) {
      const guidance = failureGuidanceFor(rng, spec.category, spec.hasAmount);
      const reason = failureReason(guidance, sessionCount, spec);
      step({ at: t, type: 'FAILED', from: 'IN_MEDIATION', to: 'FAILED', reason, data: { guidance }, actor: 'mediator' });
      result.failureGuidance = guidance;
      result.statusReason = reason;
      if (spec.status === 'CLOSED') {
        t += rng.int(1440, 10080);
        const closeReason = '调解不成,已告知当事人依法通过其他途径解决,予以结案。';
        step({ at: t, type: 'CLOSED', from: 'FAILED', to: 'CLOSED', reason: closeReason, actor: 'supervisor' });
        result.statusReason = closeReason;
      }
      return finish();
    }
    step({ at: t, type: 'AGREEMENT_RECORDED', from: 'IN_MEDIATION', to: 'RESOLVED', actor: 'mediator', agreement: true });
    const resolvedAt = t;
    const scheduled = resolvedAt + rng.int(10, 120);
    const due = resolvedAt + rng.int(7 * 1440, 15 * 1440);
    result.followUpScheduled = scheduled;
    result.followUpDue = due;
    step({ at: scheduled, type: 'FOLLOW_UP_SCHEDULED', from: null, to: null, actor: 'mediator', followUp: true });
    if (spec.status === 'CLOSED') {
      const done = resolvedAt + rng.int(3 * 1440, due - resolvedAt);
      result.followUpDone = done;
      result.fulfillment = rng.weighted([['FULFILLED', 90], ['PARTIAL', 5], ['BREACHED', 5]] as const);
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
      step({ at: done + rng.int(60, 4320), type: 'CLOSED', from: 'RESOLVED', to: 'CLOSED', reason: closeReason, actor: 'supervisor' });
      result.statusReason = closeReason;
    }
    return finish();
  }

  // Open cases and cases that left the process early: no deadline budget, plain durations.
  if (spec.depth >= 2) {
    t += fast ? rng.int(10, 120) : rng.int(30, 2880);
    step({ at: t, type: 'ASSIGNED', from: 'ACCEPTED', to: 'ASSIGNED', actor: 'supervisor', assignment: true });
    status = 'ASSIGNED';
  }
  if (spec.depth >= 3) {
    t += fast ? rng.int(30, 240) : rng.int(120, 4320);
    step({ at: t, type: 'MEDIATION_STARTED', from: 'ASSIGNED', to: 'IN_MEDIATION', actor: 'mediator' });
    status = 'IN_MEDIATION';
    const held = spec.withdrawn ? rng.int(0, 1) : rng.weighted([[0, 4], [1, 4], [2, 2]] as const);
    for (let k = 0; k < held; k++) {
      t += rng.int(5, 240);
      const scheduledAt = t + (fast ? rng.int(240, 2880) : rng.int(1440, 7200));
      const heldAt = scheduledAt + rng.int(0, 20);
      const outcome: SessionOutcome = rng.weighted([['ADJOURNED', 5], ['PARTIAL', 5]] as const);
      const ref = sessions.push(sessionPlan(rng, fast, t, scheduledAt, heldAt, outcome, 'HELD')) - 1;
      step({ at: t, type: 'SESSION_SCHEDULED', from: null, to: null, actor: 'mediator', session: ref });
      step({ at: heldAt, type: 'SESSION_HELD', from: null, to: null, actor: 'mediator', session: ref, data: { outcome } });
      t = heldAt;
    }
    if (spec.status === 'IN_MEDIATION' && rng.chance(0.6)) {
      t += rng.int(30, 240);
      const ref = sessions.push({ ...sessionPlan(rng, fast, t, t, null, null, 'SCHEDULED'), future: true }) - 1;
      step({ at: t, type: 'SESSION_SCHEDULED', from: null, to: null, actor: 'mediator', session: ref });
    }
  }

  if (spec.withdrawn || spec.transferred) {
    t += rng.int(120, 7200);
    const reason: { text: string; to?: string } = spec.withdrawn ? { text: rng.pick(WITHDRAW_REASONS) } : transferReason(rng, spec);
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
    ? rng.weighted([['IN_PERSON', 5], ['PHONE', 3], ['VIDEO', 2]] as const)
    : rng.weighted([['IN_PERSON', 60], ['VIDEO', 20], ['PHONE', 15], ['TEXT', 5]] as const);
  return { mode, status, scheduledAt, heldAt, outcome, createdAt, updatedAt: heldAt ?? createdAt, future: false };
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
      return { text: `涉及医疗过错专业判断,移交${d}医疗纠纷人民调解委员会调解。`, to: `${d}医疗纠纷人民调解委员会` };
    case 'LABOR_WAGES':
      return { text: '双方存在劳动关系争议,移交劳动人事争议仲裁院处理。', to: `${d}劳动人事争议仲裁院` };
    case 'PROPERTY_MANAGEMENT':
      return { text: `属于物业专业性纠纷,移交${d}物业纠纷人民调解委员会调解。`, to: `${d}物业纠纷人民调解委员会` };
    default:
      return rng.pick([
        { text: `涉及多个部门职责,移交${d}矛盾纠纷多元化解中心统筹化解。`, to: `${d}矛盾纠纷多元化解中心` },
        { text: '纠纷发生地及被申请人住所地均不在本辖区,移交属地司法所调解。', to: '属地司法所' },
        { text: `当事人同时向信访部门反映,移交${d}信访局依法处理。`, to: `${d}信访局` },
      ]);
  }
}

// ───────────────────────────── placement and text ─────────────────────────────

/** How long before `now` the last event of a case of this status happened, in ms. */
function gapRange(rng: SeededRandom, status: CaseStatus, span: number): [number, number] {
  switch (status) {
    case 'REPORTED':
      return rng.chance(0.8) ? [30 * MINUTE, 20 * HOUR] : [26 * HOUR, 4 * DAY];
    case 'ACCEPTED':
      return [2 * HOUR, 3 * DAY];
    case 'ASSIGNED':
      return [2 * HOUR, 4 * DAY];
    case 'IN_MEDIATION':
      return rng.chance(0.85) ? [3 * HOUR, 10 * DAY] : [10 * DAY, 30 * DAY];
    case 'RESOLVED':
      return [2 * HOUR, 18 * DAY];
    case 'FAILED':
      return [2 * HOUR, 7 * DAY];
    default:
      return [HOUR, Math.max(DAY, 118 * DAY - span)];
  }
}

/** A future session slot: a half hour between 09:00 and 16:30 China time in the next days. */
function futureSlot(rng: SeededRandom, nowMs: number): Date {
  let t = shanghaiDayStart(nowMs) + rng.int(0, 5) * DAY + rng.int(18, 33) * 30 * MINUTE;
  if (t < nowMs + HOUR) t += DAY;
  return new Date(t);
}

function sessionLocation(
  rng: SeededRandom,
  organization: Ref | null,
  data: DemoDataset,
  s: Structure,
  village: VillageInfo,
  place: string,
): string {
  if (rng.chance(0.1)) return `上门调解(${village.def.name}${place})`;
  const org = organization === null ? null : data.organizations[organization];
  if (!org) return `${village.def.name}人民调解室`;
  switch (org.type) {
    case 'VILLAGE_COMMITTEE':
      return `${village.def.name}人民调解室`;
    case 'TOWN_COMMITTEE':
      return `${village.town.def.name}人民调解委员会调解室`;
    case 'JUDICIAL_OFFICE':
      return `${village.town.def.short}司法所调解室`;
    case 'LAW_FIRM':
      return `${org.name}调解工作室`;
    default:
      return `${org.name}调解室`;
  }
}

function sessionMinutes(rng: SeededRandom, outcome: SessionOutcome, c: TemplateContext, mediator: string): string {
  const opening = `调解员${mediator}主持调解,申请人${c.a}、被申请人${c.b}到场。调解员告知双方权利义务,分别听取陈述并核对证据材料。`;
  switch (outcome) {
    case 'AGREED':
      return `${opening}调解员结合《中华人民共和国民法典》相关规定释法明理,采用"背对背"方式分别做双方工作。经耐心疏导,双方互谅互让,达成一致意见并当场签订调解协议。`;
    case 'PARTIAL':
      return `${opening}双方就部分事项达成一致,${c.amount ? '但在具体金额上仍有差距' : '但在具体履行方式上仍有分歧'},约定${rng.pick(['三日', '一周', '十日'])}后继续调解。`;
    case 'ADJOURNED':
      return `${opening}${rng.pick(['被申请人未携带相关票据,', '一方当事人情绪激动,', '双方需征求家属意见,'])}调解员决定暂时休会,另行安排时间继续调解。`;
    case 'NO_AGREEMENT':
      return `${opening}双方各执己见,${c.b}坚持不同意申请人的主要请求,调解未能达成一致。调解员告知当事人其他救济途径及相关时效。`;
  }
}

function followUpNotes(fulfillment: FulfillmentStatus, c: TemplateContext): string {
  switch (fulfillment) {
    case 'FULFILLED':
      return `回访${c.a},当事人表示对方已按协议履行,双方关系缓和,对调解结果满意。`;
    case 'PARTIAL':
      return `回访${c.a},对方已履行首期义务,其余按约分期履行中。`;
    case 'BREACHED':
      return `回访${c.a},对方逾期未履行协议,已告知申请人申请司法确认及强制执行的途径。`;
    case 'PENDING':
      return '';
  }
}

function roundAmount(value: number): number {
  const step = value < 2000 ? 10 : value < 200_000 ? 100 : 1000;
  return Math.max(step, Math.round(value / step) * step);
}

function formatYuan(value: number): string {
  return `${String(Math.round(value)).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}元`;
}
