import { initialDeadlines, shanghaiYear } from '../cases/deadlines.js';
import type {
  CaseCategory,
  CaseSource,
  CaseStatus,
  FulfillmentStatus,
  RiskLevel,
} from '../generated/prisma/enums.js';
import type { Structure, VillageInfo } from './build-structure.js';
import {
  externalReference,
  followUpNotes,
  formatYuan,
  roundAmount,
  sessionMinutes,
  sourceSentence,
} from './case-text.js';
import { planTimeline } from './case-timeline.js';
import { CASE_TEMPLATES, type CaseTemplate, type TemplateContext } from './data/case-templates.js';
import { orgPartyName } from './data/names.js';
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
import {
  anonymized,
  birthDate,
  creditCode,
  type Gender,
  idNumber,
  landline,
  mobile,
  personName,
} from './identity.js';
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

/** In villages (村) land, family and village affairs weigh more; property management hardly exists. */
const RURAL_BIAS: Partial<Record<CaseCategory, number>> = {
  LAND_GRASSLAND: 4,
  OTHER: 2.5,
  MARRIAGE_FAMILY: 1.3,
  CONTRACT: 1.3,
  TOURISM: 0.5,
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

const SOURCE_TAGS: Partial<Record<CaseSource, string>> = {
  PETITION_REFERRAL: '访调对接',
  POLICE_REFERRAL: '警调对接',
  COURT_REFERRAL: '诉调对接',
};

interface Draft {
  order: number;
  reportedAt: number;
  district6: string;
  row: Omit<CaseRow, 'prefix' | 'sequence' | 'externalRef'>;
  parties: Omit<PartyRow, 'case'>[];
  coMediators: Ref[];
  assignedAt: number | null;
  sessions: Omit<SessionRow, 'case'>[];
  agreement: Omit<AgreementRow, 'case'> | null;
  followUp: Omit<FollowUpRow, 'case'> | null;
  /** Event refs to sessions, the agreement and the follow-up are local to the case until written. */
  events: Omit<EventRow, 'case'>[];
}

export function buildCases(rng: SeededRandom, data: DemoDataset, s: Structure, now: Date): void {
  const nowMs = now.getTime();
  const statuses = rng.shuffle(
    STATUS_QUOTAS.flatMap(([status, n]) => Array.from({ length: n }, () => status)),
  );
  // Rural villages are smaller, but more disputes reach their committees per head.
  const villageWeights = s.villages.map(
    (v) => v.grids.reduce((sum, g) => sum + (data.grids[g]?.population ?? 0), 0) * (v.rural ? 1.8 : 1),
  );
  const openLoad = new Map<Ref, number>();

  const drafts: Draft[] = statuses.map((status, order) => {
    const village = rng.weighted(s.villages, villageWeights);
    const town = village.town;
    const district = town.district;
    const template = pickTemplate(rng, village, district.code6);
    const category = template.category;
    const source = pickSource(rng, category);
    const riskLevel = rng.weighted(RISKS, template.risk ?? DEFAULT_RISK);
    const highRisk = riskLevel === 'HIGH' || riskLevel === 'CRITICAL';
    const greenChannel =
      (template.urgent === true && highRisk && rng.chance(0.4)) ||
      (riskLevel === 'CRITICAL' && rng.chance(0.2)) ||
      rng.chance(0.004);
    const grid = rng.pick(village.grids);
    const gridRow = data.grids[grid];

    // ── parties and the text about them ──
    const place = rng.pick(village.def.places);
    const { parties, a, b, c } = buildParties(rng, template, village, now);
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
    const withdrawFrom = status === 'WITHDRAWN' ? rng.weighted([0, 1, 2, 3], [3, 2, 2, 3]) : null;
    const transferFrom = status === 'TRANSFERRED' ? rng.weighted([0, 1, 2], [4, 4, 2]) : null;
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
    // Offices take reports between 08:30 and 17:30 China time; police and online reports come at any hour.
    const officeHours = greenChannel || (source !== 'POLICE_REFERRAL' && source !== 'ONLINE');
    const startMinute = officeHours ? rng.int(510, 1050) : rng.int(0, 1439);
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
      startMinute,
    });

    // ── place it in time ──
    const span = timeline.lastPast * MINUTE;
    const [minGap, maxGap] = gapRange(rng, status, span);
    const latest = nowMs - span - minGap;
    let reportedAt = shanghaiDayStart(latest - rng.float(0, maxGap - minGap)) + startMinute * MINUTE;
    if (reportedAt > latest) reportedAt -= DAY;
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
        location: mode === 'IN_PERSON' ? sessionLocation(rng, organization, data, village, place) : null,
        link: mode === 'VIDEO' ? `https://tiaojie.example.cn/room/${rng.digits(8)}` : null,
        heldAt: plan.heldAt === null ? null : at(plan.heldAt),
        outcome: plan.outcome,
        minutes:
          plan.outcome === null
            ? null
            : sessionMinutes(
                rng,
                plan.outcome,
                ctx,
                lead === null ? '调解员' : (data.mediators[lead]?.name ?? '调解员'),
              ),
        createdAt: at(plan.createdAt),
        updatedAt: at(plan.updatedAt),
      };
    });

    let agreement: Omit<AgreementRow, 'case'> | null = null;
    let followUp: Omit<FollowUpRow, 'case'> | null = null;
    if (resolvedOffset !== null) {
      const closed = status === 'CLOSED';
      const progress = rng.weighted(['PENDING', 'PARTIAL', 'FULFILLED'], [4, 3, 3]);
      const fulfillment: FulfillmentStatus = closed
        ? timeline.fulfillment
        : nowMs - at(resolvedOffset).getTime() < 3 * DAY
          ? 'PENDING'
          : progress;
      const oral =
        (amountNum === null && rng.chance(0.5)) ||
        (amountNum !== null && amountNum < 2000 && rng.chance(0.3));
      agreement = {
        form: oral ? 'ORAL' : 'WRITTEN',
        terms: template.terms(ctx),
        signedAt: at(resolvedOffset),
        amount: agreedNum === null ? null : agreedNum.toFixed(2),
        judicialConfirmationRequested:
          !oral &&
          (source === 'COURT_REFERRAL'
            ? rng.chance(0.6)
            : (agreedNum ?? 0) >= 50_000
              ? rng.chance(0.35)
              : rng.chance(0.05)),
        fulfillmentStatus: fulfillment,
        updatedAt: closed && timeline.followUpDone !== null ? at(timeline.followUpDone) : at(resolvedOffset),
      };
      const dueAt = at(timeline.followUpDue ?? resolvedOffset);
      followUp = {
        method: rng.weighted(['PHONE', 'VISIT', 'OTHER'], [6, 3.5, 0.5]),
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
    for (const step of timeline.steps) {
      const actor =
        step.actor === 'reporter'
          ? reportedBy
          : step.actor === 'supervisor'
            ? supervisorOf()
            : step.actor === 'mediator'
              ? mediatorUser
              : null;
      events.push({
        type: step.type,
        fromStatus: step.from,
        toStatus: step.to,
        reason: step.reason ?? null,
        data: step.data ?? {},
        refs: {
          ...(step.organization && organization !== null ? { organization } : {}),
          ...(step.assignment && lead !== null ? { mediator: lead, coMediators } : {}),
          ...(step.session === undefined ? {} : { session: step.session }),
          ...(step.agreement ? { agreement: 0 } : {}),
          ...(step.followUp ? { followUp: 0 } : {}),
        },
        actor,
        createdAt: at(step.at),
      });
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
      row,
      parties,
      coMediators,
      assignedAt: assignedOffset === null ? null : reportedAt + assignedOffset * MINUTE,
      sessions,
      agreement,
      followUp,
      events,
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
      data.coMediators.push({
        case: caseRef,
        mediator: m,
        assignedAt: new Date(d.assignedAt ?? d.reportedAt),
      });
    }
    const sessionRefs = d.sessions.map((session) => data.sessions.push({ ...session, case: caseRef }) - 1);
    const agreementRef =
      d.agreement === null ? null : data.agreements.push({ ...d.agreement, case: caseRef }) - 1;
    const followUpRef =
      d.followUp === null ? null : data.followUps.push({ ...d.followUp, case: caseRef }) - 1;
    for (const event of d.events) {
      const refs = { ...event.refs };
      if (refs.session !== undefined) refs.session = sessionRefs[refs.session];
      if (refs.agreement !== undefined) refs.agreement = agreementRef ?? undefined;
      if (refs.followUp !== undefined) refs.followUp = followUpRef ?? undefined;
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
    }
  }
  data.sequences.push(...[...counters].map(([prefix, lastValue]) => ({ prefix, lastValue })));
}

export function formatCaseNumber(prefix: string, sequence: number): string {
  return `${prefix}-${String(sequence).padStart(6, '0')}`;
}

// ───────────────────────────── choices ─────────────────────────────

/** The parties of a case and how its texts call them ("张某", "张某等3人", or an organization's name). */
function buildParties(
  rng: SeededRandom,
  template: CaseTemplate,
  village: VillageInfo,
  now: Date,
): { parties: Omit<PartyRow, 'case'>[]; a: string; b: string; c: string } {
  const town = village.town;
  const district = town.district;
  const parties: Omit<PartyRow, 'case'>[] = [];
  const personAddress = () =>
    village.rural
      ? `杭州市${district.def.name}${town.def.name}${village.def.name}${rng.pick(village.def.places)}${rng.int(1, 220)}号`
      : `杭州市${district.def.name}${town.def.name}${rng.pick(village.def.places)}${rng.int(1, 160)}号${rng.int(1, 32)}幢${rng.int(1, 4)}单元${rng.int(1, 18)}0${rng.int(1, 4)}室`;
  const addPerson = (
    role: PartyRow['role'],
    gender?: Gender,
    surname?: string,
    age?: readonly [number, number],
  ) => {
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
      const p = addPerson(
        'APPLICANT',
        k === 0 ? template.applicantGender : undefined,
        undefined,
        template.applicantAge,
      );
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
    c = template.thirdParty.kind
      ? addOrg('THIRD_PARTY', template.thirdParty.kind)
      : anonymized(addPerson('THIRD_PARTY'));
  }
  return { parties, a, b, c };
}

function pickTemplate(rng: SeededRandom, village: VillageInfo, district6: string): CaseTemplate {
  const fits = (t: CaseTemplate) =>
    t.where === undefined || (t.where === 'rural' ? village.rural : !village.rural);
  const weight = (t: CaseTemplate) => t.weight * (t.districtBias === district6 ? 3 : 1);
  if (rng.chance(0.1)) {
    const epidemic = CASE_TEMPLATES.filter((t) => t.epidemic && fits(t));
    if (epidemic.length > 0) return rng.weighted(epidemic, epidemic.map(weight));
  }
  const eligible = CASE_TEMPLATES.filter((t) => !t.epidemic && fits(t));
  const categories = (Object.keys(CATEGORY_WEIGHTS) as CaseCategory[]).filter((category) =>
    eligible.some((t) => t.category === category),
  );
  const category = rng.weighted(
    categories,
    categories.map((c) => CATEGORY_WEIGHTS[c] * (village.rural ? (RURAL_BIAS[c] ?? 1) : 1)),
  );
  const templates = eligible.filter((t) => t.category === category);
  return rng.weighted(templates, templates.map(weight));
}

function pickSource(rng: SeededRandom, category: CaseCategory): CaseSource {
  const bias = SOURCE_BIAS[category] ?? {};
  const sources = Object.keys(SOURCE_WEIGHTS) as CaseSource[];
  return rng.weighted(
    sources,
    sources.map((source) => SOURCE_WEIGHTS[source] * (bias[source] ?? 1)),
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
  if (category === 'MEDICAL') return rng.weighted([d.medical, town.committee], [8, 2]);
  if (source === 'COURT_REFERRAL') return rng.weighted([d.center, d.lawFirm, town.committee], [5, 2.5, 2.5]);
  if (source === 'PETITION_REFERRAL')
    return rng.weighted([town.committee, d.center, town.judicialOffice], [5, 3, 2]);
  if (risk === 'HIGH' || risk === 'CRITICAL') {
    if (category === 'LABOR_WAGES') return rng.weighted([d.labor, town.committee, d.center], [5, 3, 2]);
    return rng.weighted([town.committee, d.center, town.judicialOffice], [5, 3, 2]);
  }
  switch (category) {
    case 'LABOR_WAGES':
      return rng.weighted([d.labor, town.committee, village.committee], [4, 4, 2]);
    case 'PROPERTY_MANAGEMENT':
      return rng.weighted([d.property, village.committee, town.committee], [3.5, 4.5, 2]);
    case 'TOURISM':
      return d.code6 === '330106'
        ? rng.weighted([d.industry, town.committee, village.committee], [6, 2, 2])
        : rng.weighted([town.committee, village.committee], [5, 5]);
    case 'CONSUMER':
      return d.code6 === '330105'
        ? rng.weighted([d.industry, town.committee, village.committee], [4, 3, 3])
        : rng.weighted([town.committee, village.committee, d.center], [4, 4, 2]);
    case 'TORT_DAMAGES':
      if (d.code6 === '330110')
        return rng.weighted([d.industry, town.committee, village.committee], [4, 3, 3]);
      break;
    default:
      break;
  }
  return rng.weighted([village.committee, town.committee, town.judicialOffice], [6, 3, 1]);
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
