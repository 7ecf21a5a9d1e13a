import type { Prisma, PrismaClient } from '../generated/prisma/client.js';
import {
  CaseCategory,
  CaseSource,
  CaseStatus,
  MediatorType,
  OrganizationType,
  RiskLevel,
} from '../generated/prisma/enums.js';
import { buildCases, formatCaseNumber } from './build-cases.js';
import { buildGridWork } from './build-grid-work.js';
import { buildStructure } from './build-structure.js';
import { CITY, PROVINCE } from './data/regions.js';
import type { DemoDataset } from './dataset.js';
import { SeededRandom } from './random.js';
import { DAY, startOfUtcDay } from './time.js';

export interface SeedDemoOptions {
  /**
   * The moment the demo is "now": case dates, deadlines and overdue cases are placed relative to it.
   * The same `now` always gives the same data.
   * @default the start of the current day, UTC
   */
  now?: Date;
  /** Receives one line of progress, free of personal data. */
  log?: (message: string) => void;
}

export interface SeedDemoResult {
  /** False when the demo city already existed and nothing was written. */
  seeded: boolean;
  /** Rows created per table (model name, camelCase). */
  counts: Record<string, number>;
}

const DEMO_SEED = 0x2026_0330;
/** Key of the transaction-scoped advisory lock held while seeding. */
const SEED_LOCK_KEY = 7_330_100;

/** Builds the whole demo data set in memory, without touching a database. Deterministic in `now`. */
export function buildDemoDataset(now: Date): DemoDataset {
  const data: DemoDataset = {
    establishedAt: new Date(startOfUtcDay(now).getTime() - 400 * DAY),
    regions: [],
    grids: [],
    gridMembers: [],
    organizations: [],
    mediators: [],
    mediatorGrids: [],
    users: [],
    cases: [],
    parties: [],
    coMediators: [],
    sessions: [],
    agreements: [],
    followUps: [],
    events: [],
    ledger: [],
    screenings: [],
    sequences: [],
  };
  // One stream per part, so that changing one part leaves the others as they were.
  const structure = buildStructure(streamFor('structure'), data);
  buildCases(streamFor('cases'), data, structure, now);
  buildGridWork(streamFor('grid-work'), data, structure, now);
  assertCoverage(data);
  return data;
}

/**
 * Seeds the demo city (杭州市, three districts, their towns, communities, grids, mediators, users and
 * about 600 cases with their whole history) in one transaction. Does nothing when the city exists.
 */
export async function seedDemoData(
  prisma: PrismaClient,
  options: SeedDemoOptions = {},
): Promise<SeedDemoResult> {
  const now = options.now ?? startOfUtcDay(new Date());
  const log = options.log ?? (() => {});
  const started = performance.now();

  if (await prisma.region.findUnique({ where: { code: CITY.code }, select: { id: true } })) {
    log(`demo data: ${CITY.name} (${CITY.code}) already exists, nothing seeded`);
    return { seeded: false, counts: {} };
  }
  const data = buildDemoDataset(now);

  const result = await prisma.$transaction(
    async (tx) => {
      // Two processes may start seeding at once (several instances on one PostgreSQL): the lock makes
      // the second wait for the first to commit, and the check then finds the city.
      await tx.$queryRaw`SELECT 1 AS locked FROM pg_advisory_xact_lock(${SEED_LOCK_KEY})`;
      if (await tx.region.findUnique({ where: { code: CITY.code }, select: { id: true } })) {
        return { seeded: false, counts: {} };
      }
      return { seeded: true, counts: await writeDataset(tx, data) };
    },
    { timeout: 120_000, maxWait: 60_000 },
  );

  const ms = Math.round(performance.now() - started);
  if (result.seeded) {
    const c = result.counts;
    log(
      `demo data seeded in ${ms} ms (now = ${now.toISOString()}): ${c.region} regions, ${c.grid} grids, ` +
        `${c.mediator} mediators, ${c.user} users, ${c.case} cases, ${c.caseEvent} case events`,
    );
  } else {
    log('demo data: seeded concurrently by another process, nothing seeded');
  }
  return result;
}

function streamFor(part: string): SeededRandom {
  // FNV-1a of the part's name, mixed into the fixed seed
  let h = 0x811c9dc5;
  for (let i = 0; i < part.length; i++) {
    h ^= part.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return new SeededRandom((DEMO_SEED ^ h) >>> 0);
}

/** The demo promises every category, source, status, risk level and mediator type at least once. */
function assertCoverage(data: DemoDataset): void {
  const missing = (name: string, all: readonly string[], seen: Iterable<string>) => {
    const have = new Set(seen);
    return all.filter((v) => !have.has(v)).map((v) => `${name}.${v}`);
  };
  const problems = [
    ...missing(
      'CaseCategory',
      Object.values(CaseCategory),
      data.cases.map((c) => c.category),
    ),
    ...missing(
      'CaseSource',
      Object.values(CaseSource),
      data.cases.map((c) => c.source),
    ),
    ...missing(
      'CaseStatus',
      Object.values(CaseStatus),
      data.cases.map((c) => c.status),
    ),
    ...missing(
      'RiskLevel',
      Object.values(RiskLevel),
      data.cases.map((c) => c.riskLevel),
    ),
    ...missing(
      'MediatorType',
      Object.values(MediatorType),
      data.mediators.map((m) => m.type),
    ),
    ...missing(
      'OrganizationType',
      Object.values(OrganizationType),
      data.organizations.map((o) => o.type),
    ),
  ];
  if (problems.length > 0) throw new Error(`demo data set does not cover: ${problems.join(', ')}`);
}

// ───────────────────────────── writing ─────────────────────────────

type Tx = Prisma.TransactionClient;

/** Takes `count` ids from a table's serial sequence, so rows can be written in bulk with known ids. */
async function reserveIds(tx: Tx, table: string, count: number): Promise<number[]> {
  if (count === 0) return [];
  const rows = await tx.$queryRawUnsafe<{ id: number }[]>(
    `SELECT nextval(pg_get_serial_sequence('"${table}"', 'id'))::int AS id FROM generate_series(1, $1::int)`,
    count,
  );
  return rows.map((r) => Number(r.id)).sort((a, b) => a - b);
}

/** The rows each table takes, as Prisma types them, so that the bulk insert stays type-checked. */
interface TableRows {
  Region: Prisma.RegionCreateManyInput;
  Grid: Prisma.GridCreateManyInput;
  GridMember: Prisma.GridMemberCreateManyInput;
  Organization: Prisma.OrganizationCreateManyInput;
  Mediator: Prisma.MediatorCreateManyInput;
  MediatorGrid: Prisma.MediatorGridCreateManyInput;
  User: Prisma.UserCreateManyInput;
  Case: Prisma.CaseCreateManyInput;
  Party: Prisma.PartyCreateManyInput;
  CaseCoMediator: Prisma.CaseCoMediatorCreateManyInput;
  MediationSession: Prisma.MediationSessionCreateManyInput;
  Agreement: Prisma.AgreementCreateManyInput;
  FollowUp: Prisma.FollowUpCreateManyInput;
  CaseEvent: Prisma.CaseEventCreateManyInput;
  LedgerEntry: Prisma.LedgerEntryCreateManyInput;
  Screening: Prisma.ScreeningCreateManyInput;
}

/**
 * Inserts rows in bulk: each statement sends one JSON document that PostgreSQL expands with
 * json_populate_recordset. On embedded PGlite this is several times faster than createMany, whose
 * per-value work dominated the seed (about 1 s of 3 s for the case events alone).
 * Every row must carry the same keys; columns left out take their database default.
 */
async function insertAll<T extends keyof TableRows>(tx: Tx, table: T, rows: TableRows[T][]): Promise<number> {
  const first = rows[0];
  if (!first) return 0;
  const columns = Object.keys(first)
    .map((c) => `"${c}"`)
    .join(', ');
  const sql = `INSERT INTO "${table}" (${columns}) SELECT ${columns} FROM json_populate_recordset(NULL::"${table}", $1::json)`;
  let count = 0;
  for (let i = 0; i < rows.length; i += 2000)
    count += await tx.$executeRawUnsafe(sql, JSON.stringify(rows.slice(i, i + 2000)));
  return count;
}

function idOf(ids: readonly number[], ref: number): number {
  const id = ids[ref];
  if (id === undefined) throw new Error(`demo seed: no id for row ${ref}`);
  return id;
}

async function writeDataset(tx: Tx, data: DemoDataset): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  const created = data.establishedAt;

  // ── regions: ids first, then the materialized paths ──
  const existingProvince = await tx.region.findUnique({ where: { code: PROVINCE.code } });
  const regionIds = await reserveIds(tx, 'Region', data.regions.length - (existingProvince ? 1 : 0));
  if (existingProvince) regionIds.unshift(existingProvince.id);
  const paths: string[] = [];
  data.regions.forEach((r, ref) => {
    const parentPath = r.parent === null ? '/' : (paths[r.parent] ?? '/');
    paths[ref] =
      ref === 0 && existingProvince ? existingProvince.path : `${parentPath}${idOf(regionIds, ref)}/`;
  });
  const regionRows = data.regions
    .map((r, ref) => ({
      id: idOf(regionIds, ref),
      code: r.code,
      name: r.name,
      level: r.level,
      parentId: r.parent === null ? null : idOf(regionIds, r.parent),
      path: paths[ref] ?? '/',
      depth: r.depth,
      createdAt: created,
      updatedAt: created,
    }))
    .filter((_, ref) => !(ref === 0 && existingProvince));
  counts.region = await insertAll(tx, 'Region', regionRows);

  // ── grids, organizations, mediators ──
  const gridIds = await reserveIds(tx, 'Grid', data.grids.length);
  counts.grid = await insertAll(
    tx,
    'Grid',
    data.grids.map((g, ref) => ({
      id: idOf(gridIds, ref),
      code: g.code,
      name: g.name,
      regionId: idOf(regionIds, g.region),
      households: g.households,
      population: g.population,
      description: g.description,
      createdAt: created,
      updatedAt: created,
    })),
  );

  const orgIds = await reserveIds(tx, 'Organization', data.organizations.length);
  counts.organization = await insertAll(
    tx,
    'Organization',
    data.organizations.map((o, ref) => ({
      id: idOf(orgIds, ref),
      code: o.code,
      name: o.name,
      type: o.type,
      regionId: idOf(regionIds, o.region),
      address: o.address,
      phone: o.phone,
      createdAt: created,
      updatedAt: created,
    })),
  );

  const mediatorIds = await reserveIds(tx, 'Mediator', data.mediators.length);
  counts.mediator = await insertAll(
    tx,
    'Mediator',
    data.mediators.map((m, ref) => ({
      id: idOf(mediatorIds, ref),
      code: m.code,
      name: m.name,
      type: m.type,
      organizationId: idOf(orgIds, m.organization),
      phone: m.phone,
      specialties: m.specialties,
      languages: m.languages,
      capacity: m.capacity,
      active: m.active,
      createdAt: created,
      updatedAt: created,
    })),
  );
  counts.mediatorGrid = await insertAll(
    tx,
    'MediatorGrid',
    data.mediatorGrids.map((mg) => ({
      mediatorId: idOf(mediatorIds, mg.mediator),
      gridId: idOf(gridIds, mg.grid),
    })),
  );

  // ── users (an existing account with a demo username, e.g. `admin`, is kept and reused) ──
  const existingUsers = await tx.user.findMany({
    where: { username: { in: data.users.map((u) => u.username) } },
    select: { id: true, username: true },
  });
  const existingByName = new Map(existingUsers.map((u) => [u.username, u.id]));
  const newUserIds = await reserveIds(tx, 'User', data.users.length - existingByName.size);
  let nextUser = 0;
  const userIds = data.users.map((u) => existingByName.get(u.username) ?? idOf(newUserIds, nextUser++));
  counts.user = await insertAll(
    tx,
    'User',
    data.users
      .map((u, ref) => ({
        id: idOf(userIds, ref),
        username: u.username,
        displayName: u.displayName,
        role: u.role,
        regionId: u.region === null ? null : idOf(regionIds, u.region),
        mediatorId: u.mediator === null ? null : idOf(mediatorIds, u.mediator),
        createdAt: created,
        updatedAt: created,
      }))
      .filter((u) => !existingByName.has(u.username)),
  );
  const userId = (ref: number | null) => (ref === null ? null : idOf(userIds, ref));

  counts.gridMember = await insertAll(
    tx,
    'GridMember',
    data.gridMembers.map((m) => ({
      gridId: idOf(gridIds, m.grid),
      role: m.role,
      name: m.name,
      phone: m.phone,
      userId: userId(m.user),
      createdAt: created,
    })),
  );

  // ── cases; numbers continue any counter that already exists ──
  const existingSequences = await tx.caseNumberSequence.findMany({
    where: { prefix: { in: data.sequences.map((s) => s.prefix) } },
  });
  const offset = new Map(existingSequences.map((s) => [s.prefix, s.lastValue]));
  const numberOf = (prefix: string, sequence: number) =>
    formatCaseNumber(prefix, sequence + (offset.get(prefix) ?? 0));

  const caseIds = await reserveIds(tx, 'Case', data.cases.length);
  counts.case = await insertAll(
    tx,
    'Case',
    data.cases.map((c, ref) => ({
      id: idOf(caseIds, ref),
      number: numberOf(c.prefix, c.sequence),
      title: c.title,
      facts: c.facts,
      category: c.category,
      tags: c.tags,
      source: c.source,
      externalSystem: c.externalSystem,
      externalRef: c.externalRef,
      regionId: idOf(regionIds, c.region),
      gridId: idOf(gridIds, c.grid),
      organizationId: c.organization === null ? null : idOf(orgIds, c.organization),
      leadMediatorId: c.leadMediator === null ? null : idOf(mediatorIds, c.leadMediator),
      amount: c.amount,
      riskLevel: c.riskLevel,
      greenChannel: c.greenChannel,
      status: c.status,
      statusReason: c.statusReason,
      failureGuidance: c.failureGuidance,
      reportedAt: c.reportedAt,
      acceptDeadline: c.acceptDeadline,
      resolveDeadline: c.resolveDeadline,
      followUpDeadline: c.followUpDeadline,
      acceptedAt: c.acceptedAt,
      resolvedAt: c.resolvedAt,
      closedAt: c.closedAt,
      escalatedAt: c.escalatedAt,
      reportedById: userId(c.reportedBy),
      version: c.version,
      createdAt: c.reportedAt,
      updatedAt: c.updatedAt,
    })),
  );
  counts.caseNumberSequence = 0;
  for (const s of data.sequences) {
    const lastValue = s.lastValue + (offset.get(s.prefix) ?? 0);
    await tx.caseNumberSequence.upsert({
      where: { prefix: s.prefix },
      create: { prefix: s.prefix, lastValue },
      update: { lastValue },
    });
    if (!offset.has(s.prefix)) counts.caseNumberSequence++;
  }

  counts.party = await insertAll(
    tx,
    'Party',
    data.parties.map((p) => ({
      caseId: idOf(caseIds, p.case),
      role: p.role,
      kind: p.kind,
      name: p.name,
      idNumber: p.idNumber,
      phone: p.phone,
      address: p.address,
      createdAt: data.cases[p.case]?.reportedAt ?? created,
    })),
  );
  counts.caseCoMediator = await insertAll(
    tx,
    'CaseCoMediator',
    data.coMediators.map((m) => ({
      caseId: idOf(caseIds, m.case),
      mediatorId: idOf(mediatorIds, m.mediator),
      assignedAt: m.assignedAt,
    })),
  );

  const sessionIds = await reserveIds(tx, 'MediationSession', data.sessions.length);
  counts.mediationSession = await insertAll(
    tx,
    'MediationSession',
    data.sessions.map((s, ref) => ({
      id: idOf(sessionIds, ref),
      caseId: idOf(caseIds, s.case),
      mediatorId: s.mediator === null ? null : idOf(mediatorIds, s.mediator),
      mode: s.mode,
      status: s.status,
      scheduledAt: s.scheduledAt,
      location: s.location,
      link: s.link,
      heldAt: s.heldAt,
      outcome: s.outcome,
      minutes: s.minutes,
      createdAt: s.createdAt,
      updatedAt: s.updatedAt,
    })),
  );

  const agreementIds = await reserveIds(tx, 'Agreement', data.agreements.length);
  counts.agreement = await insertAll(
    tx,
    'Agreement',
    data.agreements.map((a, ref) => ({
      id: idOf(agreementIds, ref),
      caseId: idOf(caseIds, a.case),
      form: a.form,
      terms: a.terms,
      signedAt: a.signedAt,
      amount: a.amount,
      judicialConfirmationRequested: a.judicialConfirmationRequested,
      fulfillmentStatus: a.fulfillmentStatus,
      createdAt: a.signedAt,
      updatedAt: a.updatedAt,
    })),
  );

  const followUpIds = await reserveIds(tx, 'FollowUp', data.followUps.length);
  counts.followUp = await insertAll(
    tx,
    'FollowUp',
    data.followUps.map((f, ref) => ({
      id: idOf(followUpIds, ref),
      caseId: idOf(caseIds, f.case),
      method: f.method,
      status: f.status,
      dueAt: f.dueAt,
      completedAt: f.completedAt,
      agreementKept: f.agreementKept,
      notes: f.notes,
      createdAt: f.createdAt,
    })),
  );

  // ── case events: ids follow time within each case ──
  const eventIds = await reserveIds(tx, 'CaseEvent', data.events.length);
  counts.caseEvent = await insertAll(
    tx,
    'CaseEvent',
    data.events.map((e, ref) => {
      const payload: Record<string, Prisma.InputJsonValue | null> = { ...e.data };
      const c = data.cases[e.case];
      if (e.type === 'REPORTED' && c) payload.number = numberOf(c.prefix, c.sequence);
      const { refs } = e;
      if (refs.organization !== undefined) payload.organizationId = idOf(orgIds, refs.organization);
      if (refs.mediator !== undefined) {
        payload.mediatorId = idOf(mediatorIds, refs.mediator);
        payload.coMediatorIds = (refs.coMediators ?? []).map((m) => idOf(mediatorIds, m));
      }
      if (refs.session !== undefined) {
        const session = data.sessions[refs.session];
        payload.sessionId = idOf(sessionIds, refs.session);
        if (session) {
          payload.scheduledAt = session.scheduledAt.toISOString();
          payload.mode = session.mode;
        }
      }
      if (refs.agreement !== undefined) {
        const agreement = data.agreements[refs.agreement];
        payload.agreementId = idOf(agreementIds, refs.agreement);
        if (agreement && e.type === 'AGREEMENT_RECORDED') {
          payload.form = agreement.form;
          payload.amount = agreement.amount;
        }
      }
      if (refs.followUp !== undefined) {
        const followUp = data.followUps[refs.followUp];
        payload.followUpId = idOf(followUpIds, refs.followUp);
        if (followUp && e.type === 'FOLLOW_UP_SCHEDULED') {
          payload.dueAt = followUp.dueAt.toISOString();
          payload.method = followUp.method;
        }
      }
      return {
        id: idOf(eventIds, ref),
        caseId: idOf(caseIds, e.case),
        type: e.type,
        fromStatus: e.fromStatus,
        toStatus: e.toStatus,
        reason: e.reason,
        data: payload as Prisma.InputJsonObject,
        actorId: userId(e.actor),
        actorLabel: e.actor === null ? 'seed' : null,
        createdAt: e.createdAt,
      };
    }),
  );

  // ── grid work ──
  counts.ledgerEntry = await insertAll(
    tx,
    'LedgerEntry',
    data.ledger.map((l) => ({
      gridId: idOf(gridIds, l.grid),
      kind: l.kind,
      title: l.title,
      content: l.content,
      caseId: l.case === null ? null : idOf(caseIds, l.case),
      recordedById: userId(l.recordedBy),
      recordedAt: l.recordedAt,
    })),
  );
  counts.screening = await insertAll(
    tx,
    'Screening',
    data.screenings.map((s) => ({
      gridId: idOf(gridIds, s.grid),
      reporterId: userId(s.reporter),
      screenedOn: s.screenedOn,
      householdsVisited: s.householdsVisited,
      disputesFound: s.disputesFound,
      zeroReport: s.zeroReport,
      campaign: s.campaign,
      notes: s.notes,
      createdAt: s.createdAt,
    })),
  );

  return counts;
}
