import { readdirSync, readFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../src/cases/actor.js';
import { createCaseWorkflow } from '../src/cases/case-workflow.js';
import { PrismaClient } from '../src/generated/prisma/client.js';
import {
  CaseCategory,
  CaseSource,
  CaseStatus,
  LedgerKind,
  MediatorType,
  OrganizationType,
  RiskLevel,
} from '../src/generated/prisma/enums.js';
import { seedDemoData } from '../src/seed/demo-seed.js';

const NOW = new Date('2026-03-10T00:00:00.000Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const migrationsDir = new URL('../prisma/migrations/', import.meta.url);

/** A fresh in-memory database with the committed migrations applied. */
async function freshDatabase(): Promise<{ pglite: PGlite; prisma: PrismaClient; close(): Promise<void> }> {
  const pglite = new PGlite();
  const migrations = readdirSync(migrationsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  for (const name of migrations) {
    await pglite.exec(readFileSync(new URL(`${name}/migration.sql`, migrationsDir), 'utf8'));
  }
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
  return {
    pglite,
    prisma,
    async close() {
      await prisma.$disconnect();
      await pglite.close();
    },
  };
}

// Written out here rather than imported, so the test does not trust the code it checks.
function residentIdIsValid(id: string): boolean {
  if (!/^[1-9]\d{16}[\dX]$/.test(id)) return false;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(id[i]) * (weights[i] ?? 0);
  return '10X98765432'[sum % 11] === id[17];
}

function creditCodeIsValid(code: string): boolean {
  const chars = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  if (code.length !== 18 || [...code].some((ch) => !chars.includes(ch))) return false;
  const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += chars.indexOf(code[i] ?? '') * (weights[i] ?? 0);
  return chars[(31 - (sum % 31)) % 31] === code[17];
}

const shanghaiYear = (d: Date) => new Date(d.getTime() + 8 * HOUR).getUTCFullYear();
const time = (d: Date | null | undefined) => d?.getTime() ?? Number.NaN;

async function tableCounts(prisma: PrismaClient): Promise<Record<string, number>> {
  const [
    region,
    grid,
    gridMember,
    organization,
    mediator,
    mediatorGrid,
    user,
    kase,
    caseNumberSequence,
    party,
    caseCoMediator,
    mediationSession,
    agreement,
    followUp,
    caseEvent,
    ledgerEntry,
    screening,
  ] = await Promise.all([
    prisma.region.count(),
    prisma.grid.count(),
    prisma.gridMember.count(),
    prisma.organization.count(),
    prisma.mediator.count(),
    prisma.mediatorGrid.count(),
    prisma.user.count(),
    prisma.case.count(),
    prisma.caseNumberSequence.count(),
    prisma.party.count(),
    prisma.caseCoMediator.count(),
    prisma.mediationSession.count(),
    prisma.agreement.count(),
    prisma.followUp.count(),
    prisma.caseEvent.count(),
    prisma.ledgerEntry.count(),
    prisma.screening.count(),
  ]);
  return {
    region,
    grid,
    gridMember,
    organization,
    mediator,
    mediatorGrid,
    user,
    case: kase,
    caseNumberSequence,
    party,
    caseCoMediator,
    mediationSession,
    agreement,
    followUp,
    caseEvent,
    ledgerEntry,
    screening,
  };
}

describe('demo seed', () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let result: Awaited<ReturnType<typeof seedDemoData>>;

  beforeAll(async () => {
    db = await freshDatabase();
    result = await seedDemoData(db.prisma, { now: NOW });
  }, 120_000);
  afterAll(async () => {
    await db?.close();
  });

  it('reports the rows it created, table by table', async () => {
    expect(result.seeded).toBe(true);
    expect(result.counts).toEqual(await tableCounts(db.prisma));
    expect(result.counts.case).toBeGreaterThanOrEqual(550);
    expect(result.counts.case).toBeLessThanOrEqual(650);
  });

  it('builds the region tree with materialized id paths', async () => {
    const regions = await db.prisma.region.findMany({ orderBy: { id: 'asc' } });
    const byId = new Map(regions.map((r) => [r.id, r]));
    const count = (level: string) => regions.filter((r) => r.level === level).length;
    expect([count('PROVINCE'), count('CITY'), count('COUNTY')]).toEqual([1, 1, 3]);
    expect(count('TOWN')).toBeGreaterThanOrEqual(7);
    expect(count('VILLAGE')).toBeGreaterThanOrEqual(25);
    expect(regions.find((r) => r.code === '330100000000')?.name).toBe('杭州市');
    for (const r of regions) {
      expect(r.code).toMatch(/^\d{12}$/);
      const parent = r.parentId === null ? null : byId.get(r.parentId);
      expect(r.path).toBe(`${parent?.path ?? '/'}${r.id}/`);
      expect(r.depth).toBe(parent ? parent.depth + 1 : 0);
      if (parent) expect(r.code.startsWith(parent.code.replace(/0+$/, '').slice(0, 2))).toBe(true);
    }
  });

  it('gives every grid a leader and members, inside a village or community', async () => {
    const grids = await db.prisma.grid.findMany({ include: { members: true, region: true } });
    expect(grids.length).toBeGreaterThanOrEqual(55);
    for (const g of grids) {
      expect(g.region.level).toBe('VILLAGE');
      expect(g.code.startsWith(`${g.region.code}-`)).toBe(true);
      expect(g.name.startsWith(g.region.name)).toBe(true);
      expect(g.members.filter((m) => m.role === 'LEADER')).toHaveLength(1);
      const members = g.members.filter((m) => m.role === 'MEMBER').length;
      expect(members).toBeGreaterThanOrEqual(1);
      expect(members).toBeLessThanOrEqual(3);
      expect(g.households).toBeGreaterThan(0);
      expect(g.population).toBeGreaterThan(g.households);
    }
  });

  it('covers every organization type and mediator type, with mediators serving grids of their area', async () => {
    const organizations = await db.prisma.organization.findMany({ include: { region: true } });
    expect(new Set(organizations.map((o) => o.type))).toEqual(new Set(Object.values(OrganizationType)));
    const mediators = await db.prisma.mediator.findMany({
      include: {
        organization: { include: { region: true } },
        grids: { include: { grid: { include: { region: true } } } },
      },
    });
    expect(mediators.length).toBeGreaterThanOrEqual(70);
    expect(new Set(mediators.map((m) => m.type))).toEqual(new Set(Object.values(MediatorType)));
    expect(mediators.some((m) => !m.active)).toBe(true);
    const languages = new Set(mediators.flatMap((m) => m.languages));
    for (const language of ['普通话', '藏语', '蒙古语', '维吾尔语']) expect(languages).toContain(language);
    expect(
      mediators.filter((m) => m.languages.length === 1 && m.languages[0] === '普通话').length,
    ).toBeGreaterThan(mediators.length / 2);
    const specialties = new Set(mediators.flatMap((m) => m.specialties));
    expect(specialties).toEqual(new Set(Object.values(CaseCategory)));
    for (const m of mediators) {
      expect(m.specialties.length).toBeGreaterThanOrEqual(1);
      expect(m.specialties.length).toBeLessThanOrEqual(3);
      expect(m.capacity).toBeGreaterThanOrEqual(5);
      expect(m.capacity).toBeLessThanOrEqual(15);
      expect(m.grids.length).toBeGreaterThanOrEqual(1);
      expect(m.grids.length).toBeLessThanOrEqual(4);
      for (const { grid } of m.grids)
        expect(grid.region.path.startsWith(m.organization.region.path)).toBe(true);
    }
  });

  it('creates an admin, supervisors per region, mediator users and grid workers', async () => {
    const users = await db.prisma.user.findMany({ include: { region: true, gridMemberships: true } });
    expect(users.filter((u) => u.role === 'ADMIN').map((u) => u.username)).toEqual(['admin']);
    const supervisors = users.filter((u) => u.role === 'SUPERVISOR');
    for (const s of supervisors) expect(s.username).toBe(`supervisor-${s.region?.code}`);
    const levels = new Set(supervisors.map((s) => s.region?.level));
    expect(levels).toEqual(new Set(['CITY', 'COUNTY', 'TOWN']));
    const mediatorUsers = users.filter((u) => u.role === 'MEDIATOR');
    expect(mediatorUsers.length).toBeGreaterThanOrEqual(15);
    expect(mediatorUsers.every((u) => u.mediatorId !== null)).toBe(true);
    const gridWorkers = users.filter((u) => u.role === 'GRID_WORKER');
    expect(gridWorkers.length).toBeGreaterThanOrEqual(10);
    expect(gridWorkers.every((u) => u.gridMemberships.length === 1)).toBe(true);
    for (const u of users) expect(u.displayName).toMatch(/\p{Script=Han}/u);
  });

  it('has cases of every category, source, status and risk level, mostly low risk and mostly finished', async () => {
    const cases = await db.prisma.case.findMany({
      select: { category: true, source: true, status: true, riskLevel: true, tags: true },
    });
    expect(new Set(cases.map((c) => c.category))).toEqual(new Set(Object.values(CaseCategory)));
    expect(new Set(cases.map((c) => c.source))).toEqual(new Set(Object.values(CaseSource)));
    expect(new Set(cases.map((c) => c.status))).toEqual(new Set(Object.values(CaseStatus)));
    expect(new Set(cases.map((c) => c.riskLevel))).toEqual(new Set(Object.values(RiskLevel)));
    const share = (p: (c: (typeof cases)[number]) => boolean) => cases.filter(p).length / cases.length;
    expect(share((c) => c.riskLevel === 'LOW' || c.riskLevel === 'MEDIUM')).toBeGreaterThan(0.75);
    expect(share((c) => c.status === 'CLOSED' || c.status === 'RESOLVED')).toBeGreaterThan(0.5);
    const epidemic = share((c) => c.tags.includes('涉疫'));
    expect(epidemic).toBeGreaterThan(0.05);
    expect(epidemic).toBeLessThan(0.15);
    const tags = new Set(cases.flatMap((c) => c.tags));
    for (const tag of ['哄抬物价', '聚餐聚集', '拒不隔离', '口罩测温', '退订押金', '小区消杀'])
      expect(tags).toContain(tag);
  });

  it('numbers cases per district and year, and continues the counters', async () => {
    const cases = await db.prisma.case.findMany({ include: { region: true }, orderBy: { id: 'asc' } });
    const numbers = new Set(cases.map((c) => c.number));
    expect(numbers.size).toBe(cases.length);
    const highest = new Map<string, number>();
    for (const c of cases) {
      const match = /^(\d{6})-(\d{4})-(\d{6})$/.exec(c.number);
      expect(match, c.number).not.toBeNull();
      const [, county, year, sequence] = match ?? [];
      expect(county).toBe(c.region.code.slice(0, 6));
      expect(Number(year)).toBe(shanghaiYear(c.reportedAt));
      const prefix = `${county}-${year}`;
      highest.set(prefix, Math.max(highest.get(prefix) ?? 0, Number(sequence)));
    }
    const sequences = await db.prisma.caseNumberSequence.findMany();
    expect(new Map(sequences.map((s) => [s.prefix, s.lastValue]))).toEqual(highest);
    // sequences have no gaps: count per prefix equals the highest number
    for (const [prefix, last] of highest) {
      expect(cases.filter((c) => c.number.startsWith(`${prefix}-`)).length).toBe(last);
    }
  });

  it('places each case in a village, one of its grids, within the last 120 days', async () => {
    const cases = await db.prisma.case.findMany({ include: { region: true, grid: true } });
    for (const c of cases) {
      expect(c.region.level).toBe('VILLAGE');
      expect(c.grid?.regionId).toBe(c.regionId);
      expect(time(c.reportedAt)).toBeLessThan(NOW.getTime());
      expect(time(c.reportedAt)).toBeGreaterThan(NOW.getTime() - 125 * DAY);
      expect(c.title).toMatch(/\p{Script=Han}/u);
      expect(c.facts.length).toBeGreaterThan(40);
    }
  });

  it('gives every case an applicant and a respondent with valid ID numbers, phones and addresses', async () => {
    const cases = await db.prisma.case.findMany({ include: { parties: true, region: true } });
    let organizations = 0;
    for (const c of cases) {
      expect(c.parties.some((p) => p.role === 'APPLICANT')).toBe(true);
      expect(c.parties.some((p) => p.role === 'RESPONDENT')).toBe(true);
      for (const p of c.parties) {
        if (p.kind === 'PERSON') {
          expect(residentIdIsValid(p.idNumber ?? ''), `${p.idNumber}`).toBe(true);
          expect(p.idNumber?.slice(0, 6)).toBe(c.region.code.slice(0, 6));
          const born = Date.UTC(
            Number(p.idNumber?.slice(6, 10)),
            Number(p.idNumber?.slice(10, 12)) - 1,
            Number(p.idNumber?.slice(12, 14)),
          );
          const age = (NOW.getTime() - born) / (365.25 * DAY);
          expect(age).toBeGreaterThanOrEqual(18);
          expect(age).toBeLessThan(90);
          expect(p.phone).toMatch(/^1[3-9]\d{9}$/);
          expect(p.address).toMatch(/^杭州市/);
        } else {
          organizations++;
          if (p.idNumber !== null) expect(creditCodeIsValid(p.idNumber), p.idNumber).toBe(true);
        }
      }
    }
    expect(organizations).toBeGreaterThan(50);
  });

  it('keeps every case consistent with its status', async () => {
    const cases = await db.prisma.case.findMany({
      include: {
        agreement: true,
        followUps: true,
        sessions: true,
        coMediators: true,
        leadMediator: true,
        events: { orderBy: { id: 'asc' } },
      },
    });
    const open: string[] = ['REPORTED', 'ACCEPTED', 'ASSIGNED', 'IN_MEDIATION'];
    for (const c of cases) {
      const label = `${c.number} ${c.status}`;
      const resolvedPath = c.status === 'RESOLVED' || (c.status === 'CLOSED' && c.agreement !== null);
      const failedPath = c.status === 'FAILED' || (c.status === 'CLOSED' && c.agreement === null);

      // agreements exactly for resolved cases
      expect(c.agreement !== null, label).toBe(resolvedPath);
      if (open.includes(c.status) || ['REJECTED', 'WITHDRAWN', 'TRANSFERRED', 'FAILED'].includes(c.status)) {
        expect(c.agreement, label).toBeNull();
        expect(c.resolvedAt, label).toBeNull();
      }
      // reasons
      if (['REJECTED', 'WITHDRAWN', 'TRANSFERRED', 'FAILED'].includes(c.status))
        expect(c.statusReason, label).toBeTruthy();
      expect(c.failureGuidance !== null, label).toBe(failedPath);
      // handling organization and mediators
      if (c.status === 'REPORTED' || c.status === 'REJECTED') {
        expect(c.organizationId, label).toBeNull();
        expect(c.leadMediatorId, label).toBeNull();
      }
      if (['ASSIGNED', 'IN_MEDIATION', 'RESOLVED', 'FAILED', 'CLOSED'].includes(c.status)) {
        expect(c.organizationId, label).not.toBeNull();
        expect(c.leadMediatorId, label).not.toBeNull();
      }
      if (c.status === 'ACCEPTED') expect(c.organizationId, label).not.toBeNull();
      if (c.leadMediator) {
        expect(c.leadMediator.organizationId, label).toBe(c.organizationId);
        expect(c.leadMediator.active, label).toBe(true);
      }
      if (c.coMediators.length > 0)
        expect(c.coMediators.map((m) => m.mediatorId)).not.toContain(c.leadMediatorId);

      // deadlines
      const reported = time(c.reportedAt);
      const resolveDays = c.source === 'POLICE_REFERRAL' ? 5 : c.greenChannel ? 15 : 30;
      expect(time(c.resolveDeadline) - reported, label).toBe(resolveDays * DAY);
      if (c.greenChannel && c.source !== 'POLICE_REFERRAL') {
        expect(time(c.acceptDeadline)).toBeGreaterThan(reported);
        expect(shanghaiDay(c.acceptDeadline)).toBe(shanghaiDay(c.reportedAt));
      } else {
        expect(time(c.acceptDeadline) - reported, label).toBe(DAY);
      }
      if (resolvedPath) expect(time(c.followUpDeadline) - time(c.resolvedAt), label).toBe(15 * DAY);
      else expect(c.followUpDeadline, label).toBeNull();

      // timestamps in order: reported < accepted < sessions < resolved < closed < now
      const hasAccepted = c.events.some((e) => e.type === 'ACCEPTED');
      expect(c.acceptedAt !== null, label).toBe(hasAccepted);
      const held = c.sessions
        .filter((s) => s.status === 'HELD')
        .sort((x, y) => time(x.heldAt) - time(y.heldAt));
      const chain = [c.reportedAt, c.acceptedAt, ...held.map((s) => s.heldAt), c.resolvedAt, c.closedAt]
        .filter((d): d is Date => d !== null)
        .map((d) => d.getTime());
      for (let i = 1; i < chain.length; i++) expect(chain[i], label).toBeGreaterThan(chain[i - 1] ?? 0);
      expect(chain[chain.length - 1] ?? 0).toBeLessThan(NOW.getTime());
      expect(c.closedAt !== null, label).toBe(c.status === 'CLOSED');

      // sessions
      if (
        ['IN_MEDIATION', 'RESOLVED', 'FAILED', 'CLOSED'].includes(c.status) &&
        c.status !== 'IN_MEDIATION'
      ) {
        expect(held.length, label).toBeGreaterThanOrEqual(1);
      }
      if (['REPORTED', 'ACCEPTED', 'ASSIGNED', 'REJECTED'].includes(c.status))
        expect(c.sessions, label).toHaveLength(0);
      for (const s of held) {
        expect(s.outcome, label).not.toBeNull();
        expect(s.minutes, label).toBeTruthy();
        expect(time(s.heldAt)).toBeGreaterThanOrEqual(time(s.scheduledAt));
      }
      for (const s of c.sessions.filter((x) => x.status === 'SCHEDULED')) {
        expect(c.status, label).toBe('IN_MEDIATION');
        expect(time(s.scheduledAt)).toBeGreaterThan(NOW.getTime());
      }
      const lastHeld = held[held.length - 1];
      if (resolvedPath) expect(lastHeld?.outcome, label).toBe('AGREED');
      if (failedPath) expect(lastHeld?.outcome, label).toBe('NO_AGREEMENT');

      // follow-ups
      if (c.status === 'RESOLVED') {
        expect(
          c.followUps.map((f) => f.status),
          label,
        ).toEqual(['SCHEDULED']);
      } else if (c.status === 'CLOSED' && resolvedPath) {
        expect(
          c.followUps.map((f) => f.status),
          label,
        ).toEqual(['DONE']);
        const f = c.followUps[0];
        expect(f?.agreementKept, label).not.toBeNull();
        expect(time(f?.completedAt)).toBeGreaterThan(time(c.resolvedAt));
        expect(time(f?.completedAt)).toBeLessThan(time(c.closedAt));
      } else {
        expect(c.followUps, label).toHaveLength(0);
      }

      // escalation
      const escalated = c.riskLevel === 'HIGH' || c.riskLevel === 'CRITICAL';
      expect(c.escalatedAt !== null, label).toBe(escalated);
      expect(
        c.events.some((e) => e.type === 'ESCALATED'),
        label,
      ).toBe(escalated);

      // referrals
      const system = { PETITION_REFERRAL: 'petition', POLICE_REFERRAL: 'police', COURT_REFERRAL: 'court' }[
        c.source as string
      ];
      expect(c.externalSystem, label).toBe(system ?? null);
      expect(c.externalRef !== null, label).toBe(system !== undefined);
      if (c.amount !== null) expect(Number(c.amount)).toBeGreaterThan(0);
    }
    const refs = cases
      .filter((c) => c.externalRef !== null)
      .map((c) => `${c.externalSystem}:${c.externalRef}`);
    expect(new Set(refs).size).toBe(refs.length);
    expect(cases.some((c) => c.greenChannel)).toBe(true);
    expect(cases.some((c) => c.coMediators.length > 0)).toBe(true);
    // some open cases are overdue, as in real life
    expect(cases.some((c) => open.includes(c.status) && time(c.resolveDeadline) < NOW.getTime())).toBe(true);
    expect(cases.some((c) => c.status === 'REPORTED' && time(c.acceptDeadline) < NOW.getTime())).toBe(true);
  });

  it('records each case history as ordered events that replay to its status and version', async () => {
    const cases = await db.prisma.case.findMany({ include: { events: { orderBy: { id: 'asc' } } } });
    const statusChanging = new Set([
      'REPORTED',
      'ACCEPTED',
      'REJECTED',
      'ASSIGNED',
      'MEDIATION_STARTED',
      'AGREEMENT_RECORDED',
      'FAILED',
      'CLOSED',
      'WITHDRAWN',
      'TRANSFERRED',
    ]);
    for (const c of cases) {
      const label = `${c.number} ${c.status}`;
      const [first] = c.events;
      expect(first?.type, label).toBe('REPORTED');
      expect(first?.toStatus, label).toBe('REPORTED');
      expect(first?.fromStatus, label).toBeNull();
      expect(time(first?.createdAt)).toBe(time(c.reportedAt));
      let status: string | null = null;
      let changes = 0;
      let previous = 0;
      for (const e of c.events) {
        expect(time(e.createdAt), label).toBeGreaterThan(previous);
        previous = time(e.createdAt);
        expect(previous).toBeLessThan(NOW.getTime());
        expect(e.actorId !== null || e.actorLabel === 'seed', label).toBe(true);
        if (statusChanging.has(e.type)) {
          expect(e.fromStatus, `${label} ${e.type}`).toBe(status);
          expect(e.toStatus, `${label} ${e.type}`).not.toBeNull();
          status = e.toStatus;
          changes++;
        } else {
          expect(e.toStatus, `${label} ${e.type}`).toBeNull();
        }
        if (['REJECTED', 'WITHDRAWN', 'TRANSFERRED', 'FAILED'].includes(e.type))
          expect(e.reason, label).toBeTruthy();
      }
      expect(status, label).toBe(c.status);
      expect(c.version, label).toBe(changes);
      expect(time(c.updatedAt)).toBe(previous);
    }
    const types = new Set(cases.flatMap((c) => c.events.map((e) => e.type)));
    for (const type of [
      'SESSION_SCHEDULED',
      'SESSION_HELD',
      'FOLLOW_UP_SCHEDULED',
      'FOLLOW_UP_COMPLETED',
      'ESCALATED',
    ]) {
      expect(types).toContain(type);
    }
  });

  it('keeps grid ledgers of all four kinds and weekly screenings with zero reports', async () => {
    const ledger = await db.prisma.ledgerEntry.findMany({ include: { case: true } });
    expect(new Set(ledger.map((l) => l.kind))).toEqual(new Set(Object.values(LedgerKind)));
    for (const l of ledger.filter((x) => x.kind === 'DISPUTE')) {
      expect(l.case?.source).toBe('GRID_SCREENING');
      expect(l.case?.gridId).toBe(l.gridId);
    }
    const gridCases = await db.prisma.case.count({ where: { source: 'GRID_SCREENING' } });
    expect(ledger.filter((l) => l.kind === 'DISPUTE')).toHaveLength(gridCases);
    expect(new Set(ledger.map((l) => l.gridId)).size).toBeGreaterThan(30);

    const screenings = await db.prisma.screening.findMany();
    const grids = await db.prisma.grid.count();
    expect(screenings.length).toBeGreaterThan(grids * 6);
    expect(screenings.length).toBeLessThanOrEqual(grids * 8);
    for (const s of screenings) {
      expect(s.zeroReport).toBe(s.disputesFound === 0);
      expect(s.screenedOn.getTime()).toBeLessThan(NOW.getTime());
      expect(s.screenedOn.getTime()).toBeGreaterThanOrEqual(NOW.getTime() - 8 * 7 * DAY - 7 * DAY);
      expect(s.householdsVisited).toBeGreaterThan(0);
    }
    expect(screenings.some((s) => s.zeroReport)).toBe(true);
    expect(screenings.filter((s) => !s.zeroReport).length).toBeGreaterThan(screenings.length / 2);
  });

  it('lets a real report continue the case number counter of its district', async () => {
    const grid = await db.prisma.grid.findFirstOrThrow({ where: { code: '330106001001-01' } });
    const prefix = `330106-${shanghaiYear(NOW)}`;
    const before = await db.prisma.caseNumberSequence.findUnique({ where: { prefix } });
    const workflow = createCaseWorkflow({ prisma: db.prisma, clock: () => new Date(NOW.getTime() + HOUR) });
    const { case: created } = await workflow.report(systemActor('test'), {
      title: '黄龙社区邻里噪音纠纷',
      facts: '申请人反映楼上住户夜间噪音扰民,要求调解。',
      category: 'NEIGHBORHOOD',
      source: 'WALK_IN',
      gridId: grid.id,
      parties: [{ role: 'APPLICANT', name: '测试申请人' }],
    });
    expect(created.number).toBe(`${prefix}-${String((before?.lastValue ?? 0) + 1).padStart(6, '0')}`);
    await db.prisma.case.delete({ where: { id: created.id } });
    await db.prisma.caseNumberSequence.update({
      where: { prefix },
      data: { lastValue: before?.lastValue ?? 0 },
    });
  });

  it('does nothing when seeded again', async () => {
    const before = await tableCounts(db.prisma);
    const again = await seedDemoData(db.prisma, { now: NOW });
    expect(again.seeded).toBe(false);
    expect(await tableCounts(db.prisma)).toEqual(before);
  });
});

describe('demo seed determinism', () => {
  it('gives identical data for the same now on two fresh databases', async () => {
    const snapshot = async () => {
      const db = await freshDatabase();
      try {
        await seedDemoData(db.prisma, { now: NOW });
        const cases = await db.prisma.case.findMany({
          orderBy: { number: 'asc' },
          select: {
            number: true,
            title: true,
            facts: true,
            status: true,
            reportedAt: true,
            parties: { select: { name: true, idNumber: true }, orderBy: { id: 'asc' } },
          },
        });
        const events = await db.prisma.caseEvent.count();
        const mediators = await db.prisma.mediator.findMany({
          orderBy: { code: 'asc' },
          select: { code: true, name: true },
        });
        return { cases, events, mediators };
      } finally {
        await db.close();
      }
    };
    const first = await snapshot();
    const second = await snapshot();
    expect(second).toEqual(first);
    expect(first.cases.length).toBeGreaterThan(500);
  }, 120_000);
});

function shanghaiDay(d: Date | null): number {
  return Math.floor((time(d) + 8 * HOUR) / DAY);
}
