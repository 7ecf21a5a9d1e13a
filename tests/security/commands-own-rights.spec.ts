import { replayDelivery } from '@mediation/adapters';
import {
  type CaseWorkflow,
  createApiKey,
  createCaseWorkflow,
  createGrid,
  createMediator,
  createOrganization,
  ForbiddenError,
  fileScreening,
  loadUserPrincipal,
  NotFoundError,
  type Principal,
  revealPartyContact,
  revokeApiKey,
  setCalendarDays,
  systemActor,
  updateGrid,
  updateMediator,
  updateOrganization,
} from '@mediation/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testNow } from '../support/template.js';
import { openTestDatabase } from '../support/test-database.js';

/*
 * Rights belong to the commands: every core command is called here directly, with no GraphQL in
 * between, by principals who must be refused. The list of workflow commands is read from the
 * workflow itself, so a new command without a case here fails this test.
 */

let db: Awaited<ReturnType<typeof openTestDatabase>>;
let workflow: CaseWorkflow;
/** A case in district A with everything the commands can name (a session, a follow-up). */
let kase: { id: number; version: number; regionPath: string; gridId: number; leadMediatorId: number };
let foreignSupervisor: Principal;
let gridWorker: Principal;
let readOnlyKey: Principal;
let sessionId: number;
let followUpId: number;
let organizationId: number;
let mediatorId: number;
let villageId: number;

async function principal(username: string): Promise<Principal> {
  const found = await loadUserPrincipal(db.prisma, { username });
  if (!found) throw new Error(`no active user ${username}`);
  return found;
}

beforeAll(async () => {
  db = await openTestDatabase();
  workflow = createCaseWorkflow({ prisma: db.prisma, clock: () => testNow });
  const found = await db.prisma.case.findFirstOrThrow({
    where: {
      status: 'IN_MEDIATION',
      gridId: { not: null },
      leadMediatorId: { not: null },
      sessions: { some: {} },
      grid: { members: { some: { userId: { not: null } } } },
    },
    include: { region: true, sessions: true },
    orderBy: { id: 'asc' },
  });
  kase = {
    id: found.id,
    version: found.version,
    regionPath: found.region.path,
    gridId: found.gridId!,
    leadMediatorId: found.leadMediatorId!,
  };
  sessionId = found.sessions[0]!.id;
  followUpId = (await db.prisma.followUp.findFirstOrThrow({ orderBy: { id: 'asc' } })).id;
  const county = found.region.path.split('/').filter(Boolean).slice(0, 3).join('/');
  const supervisor = await db.prisma.user.findFirstOrThrow({
    where: {
      role: 'SUPERVISOR',
      active: true,
      region: { level: 'COUNTY', path: { not: { startsWith: `/${county}/` } } },
    },
    orderBy: { id: 'asc' },
  });
  foreignSupervisor = await principal(supervisor.username);
  const worker = await db.prisma.user.findFirstOrThrow({
    where: { role: 'GRID_WORKER', active: true, gridMemberships: { some: { gridId: kase.gridId } } },
  });
  gridWorker = await principal(worker.username);
  readOnlyKey = {
    kind: 'integration',
    apiKeyId: 1,
    name: 'reader',
    scopes: ['cases:read'],
    regionPath: null,
    expiresAt: null,
  };
  const organization = await db.prisma.organization.findFirstOrThrow({
    where: { region: { path: { startsWith: kase.regionPath.split('/').slice(0, 4).join('/') } } },
  });
  organizationId = organization.id;
  mediatorId = kase.leadMediatorId;
  // The case's own village: inside district A, outside the foreign supervisor's.
  villageId = found.regionId;
});
afterAll(async () => {
  await db?.close();
});

/** A valid input for every workflow command, so only the caller's rights can refuse it. */
const commandInputs = (): Record<Exclude<keyof CaseWorkflow, 'report'>, unknown> => ({
  accept: { version: kase.version },
  reject: { version: kase.version, reason: '不属于人民调解受理范围' },
  assign: { version: kase.version, leadMediatorId: mediatorId, reason: '改派给熟悉情况的调解员' },
  startMediation: { version: kase.version },
  scheduleSession: {
    version: kase.version,
    mode: 'PHONE',
    scheduledAt: new Date(testNow.getTime() + 86_400_000),
  },
  rescheduleSession: {
    version: kase.version,
    sessionId,
    scheduledAt: new Date(testNow.getTime() + 2 * 86_400_000),
    reason: '当事人外出务工',
  },
  cancelSession: { version: kase.version, sessionId, reason: '当事人申请取消' },
  recordSessionOutcome: {
    version: kase.version,
    sessionId,
    outcome: 'ADJOURNED',
    minutes: '双方各自陈述，择期再调。',
  },
  recordAgreement: { version: kase.version, form: 'WRITTEN', terms: '被申请人于十日内支付维修费二千元。' },
  updateFulfillment: { version: kase.version, fulfillmentStatus: 'FULFILLED' },
  markFailed: { version: kase.version, guidance: 'LITIGATION', reason: '双方分歧过大' },
  withdraw: { version: kase.version, reason: '申请人撤回申请' },
  transfer: { version: kase.version, reason: '移交上级调委会', toOrganizationId: organizationId },
  scheduleFollowUp: {
    version: kase.version,
    method: 'PHONE',
    dueAt: new Date(testNow.getTime() + 86_400_000),
  },
  completeFollowUp: { version: kase.version, followUpId, agreementKept: true },
  close: { version: kase.version },
  changeRisk: { version: kase.version, riskLevel: 'CRITICAL', reason: '当事人情绪激动' },
});

describe('core commands check their own rights', () => {
  it('every workflow command: NotFound for a case outside the caller, Forbidden where the caller may only read', async () => {
    const inputs = commandInputs();
    const commands = Object.keys(workflow).filter((name) => name !== 'report') as (keyof typeof inputs)[];
    expect(commands.sort()).toEqual(Object.keys(inputs).sort());
    const before = await db.prisma.case.findUniqueOrThrow({ where: { id: kase.id } });
    const events = await db.prisma.caseEvent.count({ where: { caseId: kase.id } });
    for (const command of commands) {
      const run = workflow[command] as (actor: Principal, id: number, input: unknown) => Promise<unknown>;
      await expect(run(foreignSupervisor, kase.id, inputs[command]), command).rejects.toBeInstanceOf(
        NotFoundError,
      );
      await expect(run(gridWorker, kase.id, inputs[command]), command).rejects.toBeInstanceOf(ForbiddenError);
      await expect(run(readOnlyKey, kase.id, inputs[command]), command).rejects.toBeInstanceOf(
        ForbiddenError,
      );
      await expect(run({ kind: 'anonymous' }, kase.id, inputs[command]), command).rejects.toBeInstanceOf(
        NotFoundError,
      );
    }
    expect(await db.prisma.case.findUniqueOrThrow({ where: { id: kase.id } })).toEqual(before);
    expect(await db.prisma.caseEvent.count({ where: { caseId: kase.id } })).toBe(events);
    // The same commands run for the platform itself (a system actor), which jurisdiction does not bind.
    await expect(
      workflow.changeRisk(systemActor('test'), kase.id, {
        version: kase.version,
        riskLevel: 'CRITICAL',
        reason: '系统测试',
      }),
    ).resolves.toMatchObject({ case: { riskLevel: 'CRITICAL' } });
  });

  it('report: refused outside the reporter’s region and to anyone not signed in', async () => {
    const count = await db.prisma.case.count();
    const input = {
      title: '相邻关系纠纷',
      facts: '邻居搭建雨棚影响采光，双方协商未果。',
      category: 'NEIGHBORHOOD' as const,
      source: 'WALK_IN' as const,
      gridId: kase.gridId,
      parties: [{ role: 'APPLICANT' as const, name: '周建华' }],
    };
    await expect(workflow.report(foreignSupervisor, input)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(workflow.report(readOnlyKey, input)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(workflow.report({ kind: 'anonymous' }, input)).rejects.toBeInstanceOf(ForbiddenError);
    expect(await db.prisma.case.count()).toBe(count);
  });

  it('registry, screening, keys, calendar, personal data and deliveries: refused to those without the right', async () => {
    const counts = async () => ({
      grids: await db.prisma.grid.count(),
      organizations: await db.prisma.organization.count(),
      mediators: await db.prisma.mediator.count(),
      screenings: await db.prisma.screening.count(),
      keys: await db.prisma.apiKey.count(),
      days: await db.prisma.calendarDay.count(),
      accesses: await db.prisma.personalDataAccess.count(),
    });
    const before = await counts();
    const forbidden = (promise: Promise<unknown>) => expect(promise).rejects.toBeInstanceOf(ForbiddenError);
    await forbidden(
      createGrid(db.prisma, foreignSupervisor, { code: 'X-1', name: '测试网格', regionId: villageId }),
    );
    await forbidden(updateGrid(db.prisma, gridWorker, kase.gridId, { name: '改名' }));
    await forbidden(
      createOrganization(db.prisma, gridWorker, {
        code: 'ORG-X',
        name: '测试调委会',
        type: 'VILLAGE_COMMITTEE',
        regionId: villageId,
      }),
    );
    await forbidden(updateOrganization(db.prisma, readOnlyKey, organizationId, { name: '改名' }));
    await forbidden(
      createMediator(db.prisma, readOnlyKey, {
        code: 'M-X',
        name: '张三',
        type: 'PART_TIME',
        organizationId,
      }),
    );
    await forbidden(updateMediator(db.prisma, foreignSupervisor, mediatorId, { capacity: 3 }));
    await forbidden(
      fileScreening(
        db.prisma,
        readOnlyKey,
        {
          gridId: kase.gridId,
          screenedOn: '2026-11-20',
          householdsVisited: 5,
          disputesFound: 0,
          zeroReport: true,
        },
        { now: testNow },
      ),
    );
    await forbidden(
      createApiKey(db.prisma, foreignSupervisor, { name: '偷偷的密钥', scopes: ['cases:read'] }),
    );
    await forbidden(revokeApiKey(db.prisma, gridWorker, 1));
    await forbidden(
      setCalendarDays(db.prisma, foreignSupervisor, [{ date: '2027-01-01', kind: 'HOLIDAY', name: '元旦' }]),
    );
    await forbidden(replayDelivery(db.prisma, foreignSupervisor, 1));
    const party = await db.prisma.party.findFirstOrThrow({ where: { caseId: kase.id } });
    await forbidden(revealPartyContact(db.prisma, gridWorker, party.id, { reason: '核实当事人身份' }));
    await expect(
      revealPartyContact(db.prisma, foreignSupervisor, party.id, { reason: '核实当事人身份' }),
    ).rejects.toBeInstanceOf(NotFoundError);
    expect(await counts()).toEqual(before);
  });
});
