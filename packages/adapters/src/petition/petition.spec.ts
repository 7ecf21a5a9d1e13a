import type { RoutingNotice } from '@mediation/core';
import { describe, expect, it } from 'vitest';
import { runAdapterContract, samplePayload, simulatorReceiver } from '../../tests/contract-suite.js';
import type { Delivery } from '../contract.js';
import { startPetitionSimulator } from '../simulators/petition-simulator.js';
import { petitionAdapter, petitionFeedback } from './petition.adapter.js';

const referralSecret = `whsec_${Buffer.from('petition-referral-secret-for-tests-32b').toString('base64')}`;
const feedbackSecret = `whsec_${Buffer.from('petition-feedback-secret-for-tests-32b').toString('base64')}`;

runAdapterContract(() => petitionAdapter, {
  validConfig: {
    baseUrl: 'http://127.0.0.1:9',
    signingSecret: feedbackSecret,
    webhookSecrets: [referralSecret],
  },
  requiredField: 'baseUrl',
  inbound: {
    sampleBody: () => ({
      petitionNo: `XF-contract-${Date.now()}-${Math.random()}`,
      channel: 'VISIT',
      receivedAt: '2026-11-22T09:30:00+08:00',
      subject: '反映邻居装修噪音扰民',
      content: '信访人反映楼上住户长期夜间装修施工，噪音严重影响休息。',
      category: 'NEIGHBORHOOD',
      regionCode: '330106001001',
      petitioners: [{ name: '王建国', phone: '13900001111' }],
      respondents: [{ name: '李秀英' }],
    }),
    receivedAtField: 'receivedAt',
    malformedBody: { petitionNo: 42, petitioners: [] },
  },
  outbound: {
    receiver: () => simulatorReceiver(() => startPetitionSimulator({ referralSecret, feedbackSecret })),
    payload: (type) => samplePayload(type, { externalSystem: 'petition', externalRef: 'XF202611220001' }),
  },
});

describe('petition feedback', () => {
  const delivery = (
    type: Parameters<typeof samplePayload>[0],
    extra: Partial<Delivery['payload']> = {},
  ): Delivery => ({
    id: 7,
    adapterId: 'petition',
    deliveryKey: 'case-event-99-petition',
    attempt: 1,
    maxAttempts: 10,
    payload: {
      ...samplePayload(type, { externalSystem: 'petition', externalRef: 'XF202611220001' }),
      ...extra,
    },
  });

  it('names the stage in Chinese and carries the petition number and the key', () => {
    expect(petitionFeedback(delivery('ACCEPTED'))).toMatchObject({
      feedbackId: 'case-event-99-petition',
      petitionNo: 'XF202611220001',
      caseNumber: '330106-2026-004242',
      stage: 'ACCEPTED',
      stageName: '已受理',
      result: null,
    });
  });

  it('gives a result on final stages, with the guidance after a failure', () => {
    expect(petitionFeedback(delivery('AGREEMENT_RECORDED')).result).toBe('调解成功，已达成调解协议');
    const failed = petitionFeedback(
      delivery('FAILED', { reason: '双方分歧较大', data: { guidance: 'LITIGATION' } }),
    );
    expect(failed).toMatchObject({
      stageName: '调解不成',
      result: '调解不成，引导诉讼',
      opinion: '双方分歧较大',
    });
  });

  it('hears only of cases the petition system referred', () => {
    const accepts = petitionAdapter.outbound!.accepts!;
    const config = {} as never;
    const notice = (externalSystem: string | null): RoutingNotice => ({
      type: 'ACCEPTED' as const,
      data: {},
      case: { id: 1, status: 'ACCEPTED', riskLevel: 'LOW', externalSystem, externalRef: 'XF1' },
    });
    expect(accepts(notice('petition'), config)).toBe(true);
    expect(accepts(notice('police'), config)).toBe(false);
    expect(accepts(notice(null), config)).toBe(false);
  });
});
