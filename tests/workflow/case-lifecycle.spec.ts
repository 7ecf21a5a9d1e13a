import {
  type CaseCommandName,
  type CaseEventNotice,
  CaseStatus,
  caseTransitions,
  createCaseWorkflow,
  IllegalTransitionError,
  StaleVersionError,
  systemActor,
  ValidationError,
} from '@mediation/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testNow } from '../support/template.js';
import { createTestApi, type TestApi } from '../support/test-api.js';

let api: TestApi;
beforeAll(async () => {
  api = await createTestApi();
});
afterAll(() => api.close());

const gid = (type: string, id: number) => Buffer.from(`${type}:${id}`).toString('base64');
const actor = systemActor('test');
const hour = 3_600_000;

async function newCase(overrides: Record<string, unknown> = {}) {
  const grid = await api.db.prisma.grid.findFirstOrThrow({ orderBy: { id: 'asc' } });
  const { body } = await api.graphql(
    `mutation($input: ReportCaseInput!) { reportCase(input: $input) {
      __typename ... on ReportCaseSuccess { case { id version status riskLevel events { edges { node { type } } } } }
      ... on Error { code message } } }`,
    {
      input: {
        title: '物业费纠纷',
        facts: '业主以服务质量差为由拒交物业费两年，物业公司申请调解。',
        category: 'PROPERTY_MANAGEMENT',
        source: 'WALK_IN',
        gridId: gid('Grid', grid.id),
        parties: [
          { role: 'APPLICANT', kind: 'ORGANIZATION', name: '杭州某物业服务有限公司' },
          { role: 'RESPONDENT', name: '孙明' },
        ],
        ...overrides,
      },
    },
  );
  expect(body.data?.reportCase.__typename, JSON.stringify(body)).toBe('ReportCaseSuccess');
  return body.data!.reportCase.case as {
    id: string;
    version: number;
    status: string;
    riskLevel: string;
    events: any;
  };
}

const caseFields = `__typename
  ... on Error { code message }
  ... on StaleVersionError { expectedVersion actualVersion }
  ... on IllegalTransitionError { command status }
  ... on ValidationError { issues { path message } }`;

async function run(mutation: string, id: string, input: Record<string, unknown>, select = 'status version') {
  const { body } = await api.graphql(
    `mutation($id: ID!, $input: ${mutation[0]!.toUpperCase()}${mutation.slice(1)}Input!) {
      ${mutation}(id: $id, input: $input) { ${caseFields} ... on ${mutation[0]!.toUpperCase()}${mutation.slice(1)}Success { case { ${select} } } } }`,
    { id, input },
  );
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
  return body.data![mutation] as Record<string, any>;
}

describe('the case lifecycle through GraphQL', () => {
  it('takes a case from report to close: accept, assign, mediate, agree, follow up, close', async () => {
    const mediators = await api.db.prisma.mediator.findMany({
      where: { active: true },
      take: 2,
      orderBy: { id: 'asc' },
    });
    const organization = await api.db.prisma.organization.findFirstOrThrow({
      where: { type: 'TOWN_COMMITTEE' },
    });
    const kase = await newCase();
    let v = kase.version;
    expect(kase).toMatchObject({ status: 'REPORTED', version: 1 });

    const accepted = await run(
      'acceptCase',
      kase.id,
      { version: v, organizationId: gid('Organization', organization.id) },
      'status version acceptedAt organization { id }',
    );
    expect(accepted.case).toMatchObject({
      status: 'ACCEPTED',
      version: 2,
      organization: { id: gid('Organization', organization.id) },
    });
    v = accepted.case.version;

    const assigned = await run(
      'assignCase',
      kase.id,
      {
        version: v,
        leadMediatorId: gid('Mediator', mediators[0]!.id),
        coMediatorIds: [gid('Mediator', mediators[1]!.id)],
      },
      'status version leadMediator { id } coMediators { id }',
    );
    expect(assigned.case).toMatchObject({
      status: 'ASSIGNED',
      leadMediator: { id: gid('Mediator', mediators[0]!.id) },
      coMediators: [{ id: gid('Mediator', mediators[1]!.id) }],
    });
    v = assigned.case.version;

    const started = await run('startMediation', kase.id, { version: v });
    expect(started.case.status).toBe('IN_MEDIATION');
    v = started.case.version;

    const scheduled = await run(
      'scheduleSession',
      kase.id,
      {
        version: v,
        mode: 'VIDEO',
        scheduledAt: new Date(testNow.getTime() + 24 * hour).toISOString(),
        link: 'https://meeting.example.cn/room/123',
      },
      'status version sessions { id mode status mediator { id } }',
    );
    const session = scheduled.case.sessions[0];
    expect(session).toMatchObject({
      mode: 'VIDEO',
      status: 'SCHEDULED',
      mediator: { id: gid('Mediator', mediators[0]!.id) },
    });
    v = scheduled.case.version;

    const rescheduled = await run(
      'rescheduleSession',
      kase.id,
      {
        version: v,
        sessionId: session.id,
        scheduledAt: new Date(testNow.getTime() + 48 * hour).toISOString(),
        reason: '申请人出差，改期',
      },
      'version sessions { scheduledAt }',
    );
    expect(new Date(rescheduled.case.sessions[0].scheduledAt).getTime()).toBe(testNow.getTime() + 48 * hour);
    v = rescheduled.case.version;

    const held = await run(
      'recordSessionOutcome',
      kase.id,
      {
        version: v,
        sessionId: session.id,
        outcome: 'AGREED',
        minutes: '双方同意分期缴纳物业费，物业公司整改绿化。',
      },
      'version sessions { status outcome minutes }',
    );
    expect(held.case.sessions[0]).toMatchObject({ status: 'HELD', outcome: 'AGREED' });
    v = held.case.version;

    const agreed = await run(
      'recordAgreement',
      kase.id,
      {
        version: v,
        form: 'WRITTEN',
        terms: '业主于三个月内分三期缴清欠费；物业公司一个月内完成整改。',
        amount: '4800.00',
        judicialConfirmationRequested: true,
      },
      'status version resolvedAt followUpDeadline agreement { form amount judicialConfirmationRequested fulfillmentStatus }',
    );
    expect(agreed.case).toMatchObject({
      status: 'RESOLVED',
      agreement: {
        form: 'WRITTEN',
        amount: '4800.00',
        judicialConfirmationRequested: true,
        fulfillmentStatus: 'PENDING',
      },
    });
    expect(new Date(agreed.case.followUpDeadline).getTime()).toBeGreaterThan(
      new Date(agreed.case.resolvedAt).getTime(),
    );
    v = agreed.case.version;

    const early = await run('closeCase', kase.id, { version: v });
    expect(early).toMatchObject({ __typename: 'IllegalTransitionError', code: 'ILLEGAL_TRANSITION' });

    const followUpScheduled = await run(
      'scheduleFollowUp',
      kase.id,
      { version: v, method: 'PHONE', dueAt: new Date(testNow.getTime() + 10 * 24 * hour).toISOString() },
      'version followUps { id status }',
    );
    v = followUpScheduled.case.version;
    const followUp = followUpScheduled.case.followUps[0];
    const done = await run(
      'completeFollowUp',
      kase.id,
      { version: v, followUpId: followUp.id, agreementKept: true, notes: '电话回访，已缴纳第一期' },
      'version followUps { status agreementKept }',
    );
    expect(done.case.followUps[0]).toEqual({ status: 'DONE', agreementKept: true });
    v = done.case.version;

    const fulfilled = await run(
      'updateFulfillment',
      kase.id,
      { version: v, fulfillmentStatus: 'PARTIAL' },
      'version agreement { fulfillmentStatus }',
    );
    expect(fulfilled.case.agreement.fulfillmentStatus).toBe('PARTIAL');
    v = fulfilled.case.version;

    const closed = await run(
      'closeCase',
      kase.id,
      { version: v, note: '回访完毕，结案' },
      'status version closedAt events { edges { node { type fromStatus toStatus } } }',
    );
    expect(closed.case.status).toBe('CLOSED');
    expect(closed.case.events.edges.map((e: any) => e.node.type)).toEqual([
      'REPORTED',
      'ACCEPTED',
      'ASSIGNED',
      'MEDIATION_STARTED',
      'SESSION_SCHEDULED',
      'SESSION_RESCHEDULED',
      'SESSION_HELD',
      'AGREEMENT_RECORDED',
      'FOLLOW_UP_SCHEDULED',
      'FOLLOW_UP_COMPLETED',
      'FULFILLMENT_UPDATED',
      'CLOSED',
    ]);
    expect(closed.case.version).toBe(12);
  });

  it('rejects with a reason, and a reason is required', async () => {
    const kase = await newCase();
    const missing = await run('rejectCase', kase.id, { version: 1, reason: ' ' });
    expect(missing).toMatchObject({ __typename: 'ValidationError', issues: [{ path: 'reason' }] });
    const rejected = await run(
      'rejectCase',
      kase.id,
      { version: 1, reason: '不属于人民调解受理范围' },
      'status statusReason',
    );
    expect(rejected.case).toEqual({ status: 'REJECTED', statusReason: '不属于人民调解受理范围' });
  });

  it('fails mediation with the guidance given, then closes', async () => {
    const mediator = await api.db.prisma.mediator.findFirstOrThrow({ where: { active: true } });
    const kase = await newCase();
    await run('acceptCase', kase.id, { version: 1 });
    await run('assignCase', kase.id, { version: 2, leadMediatorId: gid('Mediator', mediator.id) });
    await run('startMediation', kase.id, { version: 3 });
    const failed = await run(
      'markCaseFailed',
      kase.id,
      { version: 4, guidance: 'LITIGATION', reason: '双方分歧过大，引导诉讼' },
      'status version',
    );
    expect(failed.case).toEqual({ status: 'FAILED', version: 5 });
    expect((await run('closeCase', kase.id, { version: 5 })).case.status).toBe('CLOSED');
  });

  it('reassigns with a reason, cancels a session, withdraws and transfers open cases', async () => {
    const [first, second] = await api.db.prisma.mediator.findMany({
      where: { active: true },
      take: 2,
      orderBy: { id: 'desc' },
    });
    const kase = await newCase();
    await run('acceptCase', kase.id, { version: 1 });
    await run('assignCase', kase.id, { version: 2, leadMediatorId: gid('Mediator', first!.id) });
    const noReason = await run('assignCase', kase.id, {
      version: 3,
      leadMediatorId: gid('Mediator', second!.id),
    });
    expect(noReason).toMatchObject({ __typename: 'ValidationError', issues: [{ path: 'reason' }] });
    const reassigned = await run(
      'assignCase',
      kase.id,
      { version: 3, leadMediatorId: gid('Mediator', second!.id), reason: '原调解员回避' },
      'status leadMediator { id }',
    );
    expect(reassigned.case).toEqual({
      status: 'ASSIGNED',
      leadMediator: { id: gid('Mediator', second!.id) },
    });
    const s = await run(
      'scheduleSession',
      kase.id,
      { version: 4, mode: 'IN_PERSON', scheduledAt: testNow.toISOString(), location: '社区调解室' },
      'sessions { id }',
    );
    const cancelled = await run(
      'cancelSession',
      kase.id,
      { version: 5, sessionId: s.case.sessions[0].id, reason: '当事人临时有事' },
      'sessions { status }',
    );
    expect(cancelled.case.sessions[0].status).toBe('CANCELLED');
    const withdrawn = await run('withdrawCase', kase.id, { version: 6, reason: '双方已自行和解' }, 'status');
    expect(withdrawn.case.status).toBe('WITHDRAWN');

    const other = await newCase();
    const org = await api.db.prisma.organization.findFirstOrThrow({ where: { type: 'MEDICAL_COMMITTEE' } });
    const transferred = await run(
      'transferCase',
      other.id,
      { version: 1, reason: '属医疗纠纷，移交医调委', toOrganizationId: gid('Organization', org.id) },
      'status events(last: 1) { edges { node { type reason } } }',
    );
    expect(transferred.case).toEqual({
      status: 'TRANSFERRED',
      events: { edges: [{ node: { type: 'TRANSFERRED', reason: '属医疗纠纷，移交医调委' } }] },
    });
  });

  it('escalates at once when a case is reported HIGH or raised to CRITICAL', async () => {
    const high = await newCase({ riskLevel: 'HIGH' });
    expect(high.events.edges.map((e: any) => e.node.type)).toEqual(['REPORTED', 'ESCALATED']);
    const low = await newCase();
    const raised = await run(
      'changeCaseRisk',
      low.id,
      { version: 1, riskLevel: 'CRITICAL', reason: '当事人扬言报复，有民转刑风险' },
      'riskLevel escalatedAt events { edges { node { type } } }',
    );
    expect(raised.case.riskLevel).toBe('CRITICAL');
    expect(raised.case.escalatedAt).not.toBeNull();
    expect(raised.case.events.edges.map((e: any) => e.node.type)).toEqual([
      'REPORTED',
      'RISK_CHANGED',
      'ESCALATED',
    ]);
  });

  it('answers a stale version with StaleVersionError and changes nothing', async () => {
    const kase = await newCase();
    await run('acceptCase', kase.id, { version: 1 });
    const stale = await run('rejectCase', kase.id, { version: 1, reason: '重复登记' });
    expect(stale.__typename).toBe('IllegalTransitionError');
    const staleWithdraw = await run('withdrawCase', kase.id, { version: 1, reason: '重复登记' });
    expect(staleWithdraw).toMatchObject({
      __typename: 'StaleVersionError',
      expectedVersion: 1,
      actualVersion: 2,
    });
    const row = await api.db.prisma.case.findUniqueOrThrow({
      where: { id: Number(Buffer.from(kase.id, 'base64').toString().split(':')[1]) },
    });
    expect(row).toMatchObject({ status: 'ACCEPTED', version: 2 });
  });
});

/** A valid input for each command, so that only the lifecycle can refuse it. */
function validInput(command: CaseCommandName, version: number): Record<string, unknown> {
  const at = new Date(testNow.getTime() + 24 * hour);
  switch (command) {
    case 'accept':
    case 'startMediation':
    case 'close':
      return { version };
    case 'reject':
    case 'withdraw':
      return { version, reason: '测试理由' };
    case 'assign':
    case 'reassign':
      return { version, leadMediatorId: 1, reason: '测试理由' };
    case 'scheduleSession':
      return { version, mode: 'PHONE', scheduledAt: at };
    case 'rescheduleSession':
      return { version, sessionId: 1, scheduledAt: at, reason: '测试理由' };
    case 'cancelSession':
      return { version, sessionId: 1, reason: '测试理由' };
    case 'recordSessionOutcome':
      return { version, sessionId: 1, outcome: 'AGREED', minutes: '测试笔录内容' };
    case 'recordAgreement':
      return { version, form: 'ORAL', terms: '测试协议条款' };
    case 'updateFulfillment':
      return { version, fulfillmentStatus: 'FULFILLED' };
    case 'markFailed':
      return { version, guidance: 'ARBITRATION', reason: '测试理由' };
    case 'transfer':
      return { version, reason: '测试理由', toExternalSystem: 'court' };
    case 'scheduleFollowUp':
      return { version, method: 'VISIT', dueAt: at };
    case 'completeFollowUp':
      return { version, followUpId: 1, agreementKept: true };
    case 'changeRisk':
      return { version, riskLevel: 'MEDIUM', reason: '测试理由' };
  }
}

const workflowMethod: Record<CaseCommandName, string> = {
  accept: 'accept',
  reject: 'reject',
  assign: 'assign',
  reassign: 'assign',
  startMediation: 'startMediation',
  scheduleSession: 'scheduleSession',
  rescheduleSession: 'rescheduleSession',
  cancelSession: 'cancelSession',
  recordSessionOutcome: 'recordSessionOutcome',
  recordAgreement: 'recordAgreement',
  updateFulfillment: 'updateFulfillment',
  markFailed: 'markFailed',
  withdraw: 'withdraw',
  transfer: 'transfer',
  scheduleFollowUp: 'scheduleFollowUp',
  completeFollowUp: 'completeFollowUp',
  close: 'close',
  changeRisk: 'changeRisk',
};

describe('every illegal transition', () => {
  const statuses = Object.values(CaseStatus);
  const illegal = (Object.keys(caseTransitions) as CaseCommandName[]).flatMap((command) =>
    statuses
      .filter((status) => !caseTransitions[command].from.includes(status))
      .map((status) => ({ command, status })),
  );

  it(`refuses all ${illegal.length} (command, status) pairs outside the table with a typed error and changes nothing`, async () => {
    const published: CaseEventNotice[] = [];
    const workflow = createCaseWorkflow({
      prisma: api.db.prisma,
      clock: () => testNow,
      onCommitted: (n) => published.push(...n),
    });
    const before = {
      events: await api.db.prisma.caseEvent.count(),
      sessions: await api.db.prisma.mediationSession.count(),
    };
    let checked = 0;
    for (const { command, status } of illegal) {
      // assign and reassign are one method: it picks reassign once a case is assigned.
      if (command === 'assign' && caseTransitions.reassign.from.includes(status)) continue;
      if (command === 'reassign' && caseTransitions.assign.from.includes(status)) continue;
      const kase = await api.db.prisma.case.findFirstOrThrow({ where: { status }, orderBy: { id: 'asc' } });
      const call = (workflow as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>)[
        workflowMethod[command]
      ]!;
      const error = await call(actor, kase.id, validInput(command, kase.version)).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error, `${command} on ${status}`).toBeInstanceOf(IllegalTransitionError);
      expect(await api.db.prisma.case.findUniqueOrThrow({ where: { id: kase.id } })).toEqual(kase);
      checked++;
    }
    expect(checked).toBeGreaterThan(120);
    expect(await api.db.prisma.caseEvent.count()).toBe(before.events);
    expect(await api.db.prisma.mediationSession.count()).toBe(before.sessions);
    expect(published).toEqual([]);
  });
});

describe('concurrency', () => {
  it('lets exactly one of two conflicting commands on one case succeed', async () => {
    const workflow = createCaseWorkflow({ prisma: api.db.prisma, clock: () => testNow });
    for (let round = 0; round < 5; round++) {
      const kase = await newCase();
      const id = Number(Buffer.from(kase.id, 'base64').toString().split(':')[1]);
      const results = await Promise.allSettled([
        workflow.accept(actor, id, { version: 1 }),
        workflow.reject(actor, id, { version: 1, reason: '不予受理的理由' }),
      ]);
      const ok = results.filter((r) => r.status === 'fulfilled');
      const refused = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
      expect(ok).toHaveLength(1);
      expect(refused).toHaveLength(1);
      expect(
        refused[0]!.reason instanceof StaleVersionError ||
          refused[0]!.reason instanceof IllegalTransitionError,
      ).toBe(true);
      const row = await api.db.prisma.case.findUniqueOrThrow({ where: { id }, include: { events: true } });
      expect(row.version).toBe(2);
      expect(row.events.filter((e) => e.type === 'ACCEPTED' || e.type === 'REJECTED')).toHaveLength(1);
    }
  });
});

describe('outbox', () => {
  it('writes the outbox rows of each event in the same transaction, and none for a refused command', async () => {
    const workflow = createCaseWorkflow({
      prisma: api.db.prisma,
      clock: () => testNow,
      routeOutbox: (notice) => (notice.event.type === 'ACCEPTED' ? ['sms', 'petition'] : []),
    });
    const kase = await newCase();
    const id = Number(Buffer.from(kase.id, 'base64').toString().split(':')[1]);
    const { notices } = await workflow.accept(actor, id, { version: 1 });
    const rows = await api.db.prisma.outboxMessage.findMany({
      where: { eventId: notices[0]!.event.id },
      orderBy: { adapterId: 'asc' },
    });
    expect(rows.map((r) => [r.adapterId, r.status, r.deliveryKey])).toEqual([
      ['petition', 'PENDING', `case-event-${notices[0]!.event.id}-petition`],
      ['sms', 'PENDING', `case-event-${notices[0]!.event.id}-sms`],
    ]);
    const before = await api.db.prisma.outboxMessage.count();
    await expect(workflow.accept(actor, id, { version: 2 })).rejects.toBeInstanceOf(IllegalTransitionError);
    await expect(workflow.reject(actor, id, { version: 2, reason: 'x' })).rejects.toBeInstanceOf(
      ValidationError,
    );
    expect(await api.db.prisma.outboxMessage.count()).toBe(before);
  });
});
