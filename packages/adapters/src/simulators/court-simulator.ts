import type { CourtReferral, CourtResult } from '../court/court-referral.js';
import { chinaTime, demoPerson, demoRegion, runTag } from './demo-people.js';
import {
  type PartnerSimulatorOptions,
  type RunningPartnerSimulator,
  startPartnerSimulator,
} from './partner-simulator.js';

const delegations = [
  {
    causeOfAction: '民间借贷纠纷',
    claims: '原告请求判令被告归还借款五万元及利息。双方系朋友关系，借款有借条为证，被告逾期未还。',
    category: 'DEBT',
    amount: '50000.00',
  },
  {
    causeOfAction: '房屋租赁合同纠纷',
    claims: '原告请求判令被告支付拖欠的房租一万二千元并腾退房屋。',
    category: 'HOUSING_LEASE',
    amount: '12000.00',
  },
  {
    causeOfAction: '买卖合同纠纷',
    claims: '原告请求判令被告支付货款八千六百元。原告向被告供应建材，被告验收后未付款。',
    category: 'CONTRACT',
    amount: '8600.00',
  },
  {
    causeOfAction: '机动车交通事故责任纠纷',
    claims: '原告请求判令被告赔偿车辆维修费及误工费共计一万五千元。',
    category: 'TORT_DAMAGES',
    amount: '15000.00',
  },
] as const;

export type CourtSimulator = RunningPartnerSimulator<CourtReferral, CourtResult>;

/** The court's 诉调对接 platform: delegates civil cases, receives results at `POST /api/mediation-results`. */
export function startCourtSimulator(options: PartnerSimulatorOptions): Promise<CourtSimulator> {
  return startPartnerSimulator<CourtReferral, CourtResult>(
    {
      adapterId: 'court',
      feedbackPath: '/api/mediation-results',
      makeReferral(sequence, overrides) {
        const now = new Date();
        const sample = delegations[sequence % delegations.length]!;
        const year = chinaTime(now).slice(0, 4);
        return {
          courtCaseNo: `(${year})浙0106民诉前调${runTag}${sequence}号`,
          court: '杭州市西湖区人民法院',
          delegatedAt: chinaTime(now),
          mediationDueAt: chinaTime(new Date(now.getTime() + 30 * 86_400_000)),
          causeOfAction: sample.causeOfAction,
          claims: sample.claims,
          category: sample.category,
          amount: sample.amount,
          regionCode: demoRegion(sequence),
          plaintiffs: [demoPerson(sequence * 5)],
          defendants: [demoPerson(sequence * 5 + 1)],
          thirdParties: [],
          ...overrides,
        };
      },
    },
    options,
  );
}
