import { createAdapterData, createLogger, type Database, type Logger } from '@mediation/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../tests/support/test-database.js';
import { runAdapterContract, samplePayload } from '../../tests/contract-suite.js';
import { AdapterConfigError, type Delivery, type OutboxPayload } from '../contract.js';
import { createAdapterRegistry } from '../registry.js';
import { type RunningSmsGateway, startSmsGatewaySimulator } from '../simulators/sms-gateway-simulator.js';
import { smsAdapter, smsTime } from './sms.adapter.js';
import type { SmsConfig } from './sms.config.js';

let db: Database;
/** A seeded case with an applicant who has a mobile phone. */
let caseWithApplicant: { id: number; number: string; phone: string };

beforeAll(async () => {
  db = await openTestDatabase();
  const party = await db.prisma.party.findFirstOrThrow({
    where: { role: 'APPLICANT', phone: { startsWith: '1' } },
    select: { phone: true, case: { select: { id: true, number: true } } },
    orderBy: { id: 'asc' },
  });
  caseWithApplicant = { ...party.case, phone: party.phone! };
});
afterAll(async () => {
  await db?.close();
});

runAdapterContract(() => smsAdapter, {
  validConfig: {
    provider: 'http',
    gatewayUrl: 'http://127.0.0.1:9/sms/send',
    gatewayApiKey: 'gateway-key-123',
  },
  requiredField: 'gatewayUrl',
  outbound: {
    async receiver() {
      const gateway = await startSmsGatewaySimulator({ apiKey: 'gateway-key-123' });
      return {
        config: { gatewayUrl: gateway.sendUrl },
        // One delivery may text several people: each SMS key is `<delivery key>:<recipient>`.
        receivedKeys: () => gateway.received.map((m) => m.key.split(':')[0]!),
        failNext: () => {
          gateway.knobs.failNextCalls++;
        },
        close: () => gateway.stop(),
      };
    },
    payload: (type) => samplePayload(type, { id: caseWithApplicant.id, number: caseWithApplicant.number }),
  },
});

describe('sms adapter', () => {
  let gateway: RunningSmsGateway;
  beforeAll(async () => {
    gateway = await startSmsGatewaySimulator();
  });
  afterAll(() => gateway.stop());

  const configOf = (settings: Record<string, unknown>): SmsConfig =>
    createAdapterRegistry([smsAdapter], { sms: { enabled: true, ...settings } }).require('sms')
      .config as SmsConfig;

  const deliver = async (payload: OutboxPayload, settings: Record<string, unknown> = {}, logger?: Logger) => {
    const key = `case-event-${payload.eventId}-sms`;
    const delivery: Delivery = {
      id: 1,
      adapterId: 'sms',
      deliveryKey: key,
      attempt: 1,
      maxAttempts: 8,
      payload,
    };
    await smsAdapter.outbound!.deliver(delivery, {
      adapterId: 'sms',
      config: configOf({ provider: 'http', gatewayUrl: gateway.sendUrl, ...settings }),
      logger: logger ?? createLogger({ level: 'silent' }),
      signal: new AbortController().signal,
      data: createAdapterData(db.prisma),
    });
    return gateway.sms().filter((sms) => sms.key.startsWith(`${key}:`));
  };

  it('texts the applicant that the case was accepted', async () => {
    const payload = {
      ...samplePayload('ACCEPTED', { id: caseWithApplicant.id, number: caseWithApplicant.number }),
      eventId: 1001,
    };
    const sent = await deliver(payload);
    expect(
      sent.map((s) => ({ phone: s.phone, template: s.template, variables: s.variables })),
    ).toContainEqual({
      phone: caseWithApplicant.phone,
      template: 'case-accepted',
      variables: { number: caseWithApplicant.number },
    });
    const applicants = await db.prisma.party.count({
      where: { caseId: caseWithApplicant.id, role: 'APPLICANT', phone: { not: null } },
    });
    expect(sent).toHaveLength(applicants);
  });

  it('texts every party with a phone the time, manner and place of a scheduled session', async () => {
    const session = await db.prisma.mediationSession.findFirstOrThrow({
      where: { mode: 'IN_PERSON', location: { not: null } },
      select: { id: true, scheduledAt: true, location: true, case: { select: { id: true, number: true } } },
      orderBy: { id: 'asc' },
    });
    const payload = {
      ...samplePayload('SESSION_SCHEDULED', { id: session.case.id, number: session.case.number }),
      eventId: 1002,
      data: { sessionId: session.id, mode: 'IN_PERSON' },
    };
    const sent = await deliver(payload);
    const phones = await db.prisma.party.findMany({
      where: { caseId: session.case.id, phone: { not: null } },
      select: { phone: true },
    });
    // Organizations' landlines (0571-…) cannot take an SMS: only mobiles are texted.
    const mobiles = phones.map((p) => p.phone!).filter((phone) => /^1[3-9]\d{9}$/.test(phone));
    expect(mobiles.length).toBeGreaterThan(0);
    expect(new Set(sent.map((s) => s.phone))).toEqual(new Set(mobiles));
    expect(sent[0]!.variables).toEqual({
      number: session.case.number,
      time: smsTime(session.scheduledAt),
      mode: '面对面调解',
      place: `地点：${session.location}`,
    });
  });

  it('texts the assigned mediators, and the lead mediator when a deadline is due', async () => {
    const mediators = await db.prisma.mediator.findMany({
      where: { phone: { startsWith: '1' } },
      select: { id: true, phone: true },
      take: 2,
      orderBy: { id: 'asc' },
    });
    const assigned = await deliver({
      ...samplePayload('ASSIGNED', { id: caseWithApplicant.id, number: caseWithApplicant.number }),
      eventId: 1003,
      data: { leadMediatorId: mediators[0]!.id, coMediatorIds: [mediators[1]!.id] },
    });
    expect(assigned.map((s) => s.phone).sort()).toEqual(mediators.map((m) => m.phone).sort());
    expect(assigned[0]!.template).toBe('mediator-assigned');

    const led = await db.prisma.case.findFirstOrThrow({
      where: { leadMediator: { phone: { startsWith: '1' } } },
      select: { id: true, number: true, leadMediator: { select: { phone: true } } },
    });
    const due = await deliver({
      ...samplePayload('DEADLINE_OVERDUE', { id: led.id, number: led.number }),
      eventId: 1004,
      data: { kind: 'RESOLVE', deadline: '2026-11-30T09:00:00.000Z' },
    });
    expect(due).toEqual([
      expect.objectContaining({
        phone: led.leadMediator!.phone,
        template: 'deadline-due',
        variables: { number: led.number, deadline: '调结', due: '11月30日 17:00', stage: '现已超期' },
      }),
    ]);
  });

  it('texts only the supervisors configured for the case region or above on an escalation', async () => {
    const kase = await db.prisma.case.findFirstOrThrow({
      select: { id: true, number: true, region: { select: { code: true } } },
      orderBy: { id: 'asc' },
    });
    const county = `${kase.region.code.slice(0, 6)}000000`;
    const sent = await deliver(
      {
        ...samplePayload('ESCALATED', { id: kase.id, number: kase.number }),
        eventId: 1005,
        data: { riskLevel: 'CRITICAL' },
      },
      {
        supervisorPhones: [
          { regionCode: county, phone: '13700000001' },
          { regionCode: '330105000000', phone: '13700000002' },
        ],
      },
    );
    expect(sent.map((s) => [s.phone, s.template, s.variables.risk])).toEqual([
      ['13700000001', 'case-escalated', '极高(可能民转刑)'],
    ]);
  });

  it('logs through the console provider with phones masked', async () => {
    const lines: string[] = [];
    const logger = {
      info: (fields: unknown, text: string) =>
        lines.push(JSON.stringify({ ...(fields as object), msg: text })),
    } as unknown as Logger;
    const payload = {
      ...samplePayload('ACCEPTED', { id: caseWithApplicant.id, number: caseWithApplicant.number }),
      eventId: 1006,
    };
    await smsAdapter.outbound!.deliver(
      { id: 1, adapterId: 'sms', deliveryKey: 'k', attempt: 1, maxAttempts: 8, payload },
      {
        adapterId: 'sms',
        config: configOf({}),
        logger,
        signal: new AbortController().signal,
        data: createAdapterData(db.prisma),
      },
    );
    expect(lines.join('\n')).toContain(
      `${caseWithApplicant.phone.slice(0, 3)}****${caseWithApplicant.phone.slice(-4)}`,
    );
    expect(lines.join('\n')).not.toContain(caseWithApplicant.phone);
  });

  it('says what an aliyun config lacks', () => {
    const attempt = () => configOf({ provider: 'aliyun', accessKeyId: 'LTAI5tExample' });
    expect(attempt).toThrow(AdapterConfigError);
    expect(attempt).toThrow('adapters.sms.accessKeySecret: set accessKeySecret for the aliyun provider');
    expect(attempt).toThrow(
      'adapters.sms.templateCodes: the aliyun provider needs an approved template code for case-accepted',
    );
  });
});
