import { type CaseWorkflow, createLogger, type Database, systemActor } from '@mediation/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../tests/support/test-database.js';
import type { AnyAdapter } from '../contract.js';
import { courtAdapter } from '../court/court.adapter.js';
import { petitionAdapter } from '../petition/petition.adapter.js';
import { policeAdapter } from '../police/police.adapter.js';
import { smsAdapter } from '../sms/sms.adapter.js';
import { startCourtSimulator } from './court-simulator.js';
import { type LocalPlatform, startLocalPlatform } from './local-platform.js';
import type { RunningPartnerSimulator } from './partner-simulator.js';
import { startPetitionSimulator } from './petition-simulator.js';
import { startPoliceSimulator } from './police-simulator.js';
import { type RunningSmsGateway, startSmsGatewaySimulator } from './sms-gateway-simulator.js';

const logger = createLogger({ level: 'silent' });
const secret = (label: string) =>
  `whsec_${Buffer.from(`${label}-round-trip-secret-0123456789abcdef`).toString('base64')}`;

interface System {
  adapter: AnyAdapter;
  start: typeof startPetitionSimulator | typeof startPoliceSimulator | typeof startCourtSimulator;
  source: string;
  /** The referral's own id field. */
  externalRefOf: (referral: Record<string, unknown>) => string;
  /** A command that produces an event the system hears of, and that event's type. */
  act: (workflow: CaseWorkflow, kase: { id: number; version: number }) => Promise<unknown>;
  event: string;
  /** Whether the act texts the applicant (case-accepted). */
  texts: boolean;
}

const actor = systemActor('round-trip test');
const systems: System[] = [
  {
    adapter: petitionAdapter,
    start: startPetitionSimulator,
    source: 'PETITION_REFERRAL',
    externalRefOf: (r) => String(r.petitionNo),
    act: (workflow, kase) => workflow.accept(actor, kase.id, { version: kase.version }),
    event: 'ACCEPTED',
    texts: true,
  },
  {
    adapter: policeAdapter,
    start: startPoliceSimulator,
    source: 'POLICE_REFERRAL',
    externalRefOf: (r) => String(r.incidentNo),
    act: (workflow, kase) => workflow.accept(actor, kase.id, { version: kase.version }),
    event: 'ACCEPTED',
    texts: true,
  },
  {
    adapter: courtAdapter,
    start: startCourtSimulator,
    source: 'COURT_REFERRAL',
    externalRefOf: (r) => String(r.courtCaseNo),
    act: (workflow, kase) =>
      workflow.withdraw(actor, kase.id, { version: kase.version, reason: '原告撤回调解申请' }),
    event: 'WITHDRAWN',
    texts: false,
  },
];

describe.each(systems)('round trip: $adapter.id simulator ↔ adapter', (system) => {
  let db: Database;
  let sim: RunningPartnerSimulator<Record<string, unknown>, Record<string, unknown>>;
  let gateway: RunningSmsGateway;
  let platform: LocalPlatform;
  const id = system.adapter.id;

  beforeAll(async () => {
    db = await openTestDatabase();
    sim = (await system.start({
      referralSecret: secret(`${id}-in`),
      feedbackSecret: secret(`${id}-out`),
    })) as never;
    gateway = await startSmsGatewaySimulator();
    // No backoff (retries are due at once); a timeout short enough for the lost-answer round, long
    // enough that a loaded machine does not time out a normal call.
    const fast = { backoffBaseMs: 0, backoffMaxMs: 0, timeoutMs: 1_500, maxAttempts: 8 };
    const adapterSettings = {
      [id]: {
        enabled: true,
        baseUrl: sim.url,
        signingSecret: secret(`${id}-out`),
        webhookSecrets: [secret(`${id}-in`)],
        delivery: fast,
      },
      sms: {
        enabled: true,
        provider: 'http',
        gatewayUrl: gateway.sendUrl,
        delivery: { ...fast, timeoutMs: 5_000 },
      },
    };
    platform = await startLocalPlatform({
      prisma: db.prisma,
      adapters: [system.adapter, smsAdapter],
      adapterSettings,
      logger,
      dispatcher: { random: () => 0 },
    });
    sim.connect(platform.url);
  });
  afterAll(async () => {
    await platform?.stop();
    await sim?.stop();
    await gateway?.stop();
    await db?.close();
  });

  let caseId: number;
  let referral: Record<string, unknown>;

  it('a signed referral becomes a case with the right source and external ref; duplicates return the same case', async () => {
    sim.knobs.duplicates = 2;
    referral = sim.makeReferral();
    const answers = await sim.sendReferral(referral);
    sim.knobs.duplicates = 0;

    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(new Set(answers.map((a) => a.webhookId)).size).toBe(3);
    const bodies = answers.map((a) => a.body as { caseNumber: string; duplicate: boolean });
    expect(bodies.map((b) => b.duplicate)).toEqual([false, true, true]);
    expect(new Set(bodies.map((b) => b.caseNumber)).size).toBe(1);

    const externalRef = system.externalRefOf(referral);
    const cases = await db.prisma.case.findMany({ where: { externalRef } });
    expect(cases).toHaveLength(1);
    expect(cases[0]).toMatchObject({
      number: bodies[0]!.caseNumber,
      source: system.source,
      externalSystem: id,
      externalRef,
      status: 'REPORTED',
    });
    caseId = cases[0]!.id;
  });

  it('a referral signed with a wrong secret changes nothing', async () => {
    const stranger = await system.start({ referralSecret: secret('stranger'), platformUrl: platform.url });
    try {
      const before = await db.prisma.case.count();
      const [answer] = await stranger.sendReferral();
      expect(answer!.status).toBe(401);
      expect(await db.prisma.case.count()).toBe(before);
    } finally {
      await stranger.stop();
    }
  });

  it('feedback reaches the simulator once per idempotency key through failures, a lost answer and retries', async () => {
    const kase = await db.prisma.case.findUniqueOrThrow({ where: { id: caseId } });
    await system.act(platform.workflow, kase);
    const rows = await db.prisma.outboxMessage.findMany({
      where: { event: { caseId } },
      orderBy: { id: 'asc' },
    });
    expect(rows.map((r) => r.adapterId).sort()).toEqual(system.texts ? [id, 'sms'].sort() : [id]);
    const row = rows.find((r) => r.adapterId === id)!;

    // Rounds 1–2: the system answers 500/503. Round 3: it takes the feedback but the answer is
    // lost (the dispatcher times out). Round 4: the retry is a duplicate it acknowledges.
    sim.knobs.failFirst = 2;
    gateway.knobs.failFirst = 1;
    const script: Record<number, () => void> = {
      3: () => {
        sim.knobs.timeoutRate = 1;
      },
      4: () => {
        sim.knobs.timeoutRate = 0;
      },
    };
    for (let round = 1; round <= 8; round++) {
      script[round]?.();
      await platform.dispatcher.dispatchOnce();
      const open = await db.prisma.outboxMessage.count({
        where: { id: { in: rows.map((r) => r.id) }, status: { not: 'DELIVERED' } },
      });
      if (!open) break;
    }
    sim.knobs.failFirst = 0;

    const settled = await db.prisma.outboxMessage.findUniqueOrThrow({ where: { id: row.id } });
    expect(settled).toMatchObject({ status: 'DELIVERED', attempts: 4 });
    expect(sim.calls.filter((c) => c.key === row.deliveryKey).map((c) => c.outcome)).toEqual([
      'failed',
      'failed',
      'timed-out',
      'duplicate',
    ]);
    expect(sim.received.filter((m) => m.key === row.deliveryKey)).toHaveLength(1);
    const feedback = sim.feedback();
    expect(feedback).toHaveLength(1);
    const kaseNow = await db.prisma.case.findUniqueOrThrow({ where: { id: caseId } });
    expect(feedback[0]).toMatchObject({ caseNumber: kaseNow.number });
    expect(Object.values(feedback[0]!)).toContain(system.externalRefOf(referral));
    expect(JSON.stringify(feedback[0])).toContain(system.event);

    if (system.texts) {
      const applicant = await db.prisma.party.findFirstOrThrow({ where: { caseId, role: 'APPLICANT' } });
      const smsRow = rows.find((r) => r.adapterId === 'sms')!;
      expect(await db.prisma.outboxMessage.findUniqueOrThrow({ where: { id: smsRow.id } })).toMatchObject({
        status: 'DELIVERED',
        attempts: 2,
      });
      expect(gateway.sms()).toEqual([
        expect.objectContaining({
          phone: applicant.phone,
          template: 'case-accepted',
          variables: { number: kaseNow.number },
        }),
      ]);
    }
  });
});
