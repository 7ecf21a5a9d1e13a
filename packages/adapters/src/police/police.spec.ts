import { describe, expect, it } from 'vitest';
import { runAdapterContract, samplePayload, simulatorReceiver } from '../../tests/contract-suite.js';
import { type Delivery, defaultDeliveryLimits } from '../contract.js';
import { backoffDelayMs } from '../runtime/dispatcher.js';
import { startPoliceSimulator } from '../simulators/police-simulator.js';
import { policeAdapter, policeFeedback } from './police.adapter.js';
import { policeReferralBody } from './police-referral.js';

const referralSecret = `whsec_${Buffer.from('police-referral-secret-for-tests-32by').toString('base64')}`;
const feedbackSecret = `whsec_${Buffer.from('police-feedback-secret-for-tests-32by').toString('base64')}`;

const sampleBody = () => ({
  incidentNo: `JQ-contract-${Date.now()}-${Math.random()}`,
  reportedAt: '2026-11-22T21:15:00+08:00',
  policeStation: '北山派出所',
  officer: { name: '赵志强', badgeNo: '330123' },
  summary: '邻里因停车位发生口角',
  details: '报警人称与邻居因车位归属发生争吵，民警到场后双方情绪平稳，无人员受伤。',
  category: 'NEIGHBORHOOD',
  regionCode: '330106001002',
  parties: [
    { role: 'APPLICANT', name: '陈海燕', phone: '13900002222' },
    { role: 'RESPONDENT', name: '周明' },
  ],
});

runAdapterContract(() => policeAdapter, {
  validConfig: {
    baseUrl: 'http://127.0.0.1:9',
    signingSecret: feedbackSecret,
    webhookSecrets: [referralSecret],
  },
  requiredField: 'webhookSecrets',
  inbound: {
    sampleBody,
    receivedAtField: 'reportedAt',
    malformedBody: { incidentNo: 'JQ1', parties: 'none' },
  },
  outbound: {
    receiver: () => simulatorReceiver(() => startPoliceSimulator({ referralSecret, feedbackSecret })),
    payload: (type) =>
      samplePayload(type, { externalSystem: 'police', externalRef: 'JQ3301062026112200001' }),
  },
});

describe('police referrals and feedback', () => {
  const delivery = (
    type: Parameters<typeof samplePayload>[0],
    data: Record<string, unknown> = {},
  ): Delivery => ({
    id: 8,
    adapterId: 'police',
    deliveryKey: 'case-event-77-police',
    attempt: 1,
    maxAttempts: 60,
    payload: { ...samplePayload(type, { externalSystem: 'police', externalRef: 'JQ1' }), data },
  });

  it('tells the police when one of their deadlines nears or passes', () => {
    const due = policeFeedback(
      delivery('DEADLINE_DUE_SOON', { kind: 'ACCEPT', deadline: '2026-11-23T13:15:00.000Z' }),
    );
    expect(due).toMatchObject({
      incidentNo: 'JQ1',
      stageName: '即将超期',
      deadline: { kind: 'ACCEPT', dueAt: '2026-11-23T13:15:00.000Z', overdue: false },
    });
    const overdue = policeFeedback(
      delivery('DEADLINE_OVERDUE', { kind: 'RESOLVE', deadline: '2026-11-27T13:15:00.000Z' }),
    );
    expect(overdue.deadline).toEqual({ kind: 'RESOLVE', dueAt: '2026-11-27T13:15:00.000Z', overdue: true });
    expect(policeFeedback(delivery('ACCEPTED')).deadline).toBeNull();
  });

  it('retries quickly enough to answer inside the 24-hour deadline', () => {
    const limits = { ...defaultDeliveryLimits, ...policeAdapter.delivery };
    // The longest the runtime can wait in total (jitter at its maximum) before the last attempt.
    let worst = 0;
    for (let attempt = 1; attempt < limits.maxAttempts; attempt++) {
      worst += backoffDelayMs(attempt, limits, () => 0.999_999) + limits.timeoutMs;
    }
    expect(worst).toBeLessThan(2 * 3_600_000);
    expect(backoffDelayMs(30, limits, () => 0.999_999)).toBeLessThan(60_000);
    expect(policeAdapter.outbound!.events).toEqual(
      expect.arrayContaining([
        'ACCEPTED',
        'AGREEMENT_RECORDED',
        'FAILED',
        'DEADLINE_DUE_SOON',
        'DEADLINE_OVERDUE',
      ]),
    );
  });

  it('maps a risk of turning criminal to a high-risk, green-channel case', async () => {
    const body = policeReferralBody.parse({ ...sampleBody(), escalationRisk: true, violence: true });
    const data = {
      regionByCode: async () => ({ id: 17, code: '330106001001', name: '村', level: 'VILLAGE' }),
    } as never;
    const referral = await policeAdapter.inbound!.parse(body, new Headers(), {
      adapterId: 'police',
      config: {} as never,
      logger: {} as never,
      data,
    });
    expect(referral).toMatchObject({
      source: 'POLICE_REFERRAL',
      riskLevel: 'HIGH',
      greenChannel: true,
      regionId: 17,
      tags: ['警调对接', '肢体冲突', '民转刑风险'],
    });
    expect(referral.facts).toContain('【110警情移交·北山派出所，处警民警赵志强】');
  });
});
