import { describe, expect, it } from 'vitest';
import { runAdapterContract, samplePayload, simulatorReceiver } from '../../tests/contract-suite.js';
import type { Delivery } from '../contract.js';
import { startCourtSimulator } from '../simulators/court-simulator.js';
import { courtAdapter, courtResult } from './court.adapter.js';

const referralSecret = `whsec_${Buffer.from('court-referral-secret-for-tests-32byte').toString('base64')}`;
const feedbackSecret = `whsec_${Buffer.from('court-feedback-secret-for-tests-32byte').toString('base64')}`;

runAdapterContract(() => courtAdapter, {
  validConfig: {
    baseUrl: 'http://127.0.0.1:9',
    signingSecret: feedbackSecret,
    webhookSecrets: referralSecret,
  },
  requiredField: 'signingSecret',
  inbound: {
    sampleBody: () => ({
      courtCaseNo: `(2026)浙0106民诉前调contract${Date.now()}${Math.random()}号`,
      court: '杭州市西湖区人民法院',
      delegatedAt: '2026-11-20T10:00:00+08:00',
      mediationDueAt: '2026-12-20T10:00:00+08:00',
      causeOfAction: '民间借贷纠纷',
      claims: '原告请求判令被告归还借款五万元及利息。',
      category: 'DEBT',
      amount: '50000.00',
      regionCode: '330106009001',
      plaintiffs: [{ name: '孙俊杰', phone: '13900003333' }],
      defendants: [{ name: '吴玉梅' }],
    }),
    receivedAtField: 'delegatedAt',
    malformedBody: { courtCaseNo: '(2026)1号', plaintiffs: [], defendants: [] },
  },
  outbound: {
    receiver: () => simulatorReceiver(() => startCourtSimulator({ referralSecret, feedbackSecret })),
    payload: (type) =>
      samplePayload(type, { externalSystem: 'court', externalRef: '(2026)浙0106民诉前调1号' }),
  },
});

describe('court results', () => {
  const delivery = (
    type: Parameters<typeof samplePayload>[0],
    data: Record<string, unknown> = {},
  ): Delivery => ({
    id: 9,
    adapterId: 'court',
    deliveryKey: 'case-event-55-court',
    attempt: 1,
    maxAttempts: 12,
    payload: {
      ...samplePayload(type, { externalSystem: 'court', externalRef: '(2026)浙0106民诉前调1号' }),
      data,
    },
  });

  it('reports an agreement with the request for judicial confirmation', () => {
    expect(
      courtResult(delivery('AGREEMENT_RECORDED', { judicialConfirmationRequested: true })),
    ).toMatchObject({
      resultId: 'case-event-55-court',
      courtCaseNo: '(2026)浙0106民诉前调1号',
      result: 'MEDIATED',
      resultName: '调解成功',
      judicialConfirmationRequested: true,
    });
  });

  it('sends a failed mediation back to the court for filing', () => {
    expect(courtResult(delivery('FAILED'))).toMatchObject({
      result: 'FAILED',
      resultName: '调解不成，退回法院立案',
      judicialConfirmationRequested: null,
    });
  });

  it('listens only to results, not to progress', () => {
    expect([...courtAdapter.outbound!.events].sort()).toEqual(
      ['AGREEMENT_RECORDED', 'CLOSED', 'FAILED', 'REJECTED', 'WITHDRAWN'].sort(),
    );
  });
});
