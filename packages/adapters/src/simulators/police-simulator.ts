import type { PoliceFeedback, PoliceReferral } from '../police/police-referral.js';
import { chinaDay, chinaTime, demoPerson, demoRegion, runTag } from './demo-people.js';
import {
  type PartnerSimulatorOptions,
  type RunningPartnerSimulator,
  startPartnerSimulator,
} from './partner-simulator.js';

const incidents = [
  {
    summary: '邻里因停车位发生口角',
    details: '报警人称与邻居因小区车位归属发生争吵，民警到场后双方情绪平稳，无人员受伤，建议移交人民调解。',
    category: 'NEIGHBORHOOD',
  },
  {
    summary: '消费者与商家因退货争执',
    details: '报警人称在商场购买电器后要求退货被拒，双方发生争执。民警到场劝解，属消费纠纷，移交调解。',
    category: 'CONSUMER',
  },
  {
    summary: '夫妻因家务琐事争吵',
    details: '报警人称与丈夫因家务琐事争吵并摔砸物品，民警到场后双方冷静，无伤情，移交社区调解。',
    category: 'MARRIAGE_FAMILY',
  },
  {
    summary: '租客与房东因押金发生纠纷',
    details: '报警人称退租时房东以墙面损坏为由扣留押金三千元，双方争执不下，民警建议调解。',
    category: 'HOUSING_LEASE',
  },
] as const;

const stations = ['北山派出所', '留下派出所', '西溪派出所'];

export type PoliceSimulator = RunningPartnerSimulator<PoliceReferral, PoliceFeedback>;

/** The 110 dispatch system: hands over non-criminal disputes, receives feedback at `POST /api/jq/feedback`. */
export function startPoliceSimulator(options: PartnerSimulatorOptions): Promise<PoliceSimulator> {
  return startPartnerSimulator<PoliceReferral, PoliceFeedback>(
    {
      adapterId: 'police',
      feedbackPath: '/api/jq/feedback',
      makeReferral(sequence, overrides) {
        const now = new Date();
        const sample = incidents[sequence % incidents.length]!;
        return {
          incidentNo: `JQ330106${chinaDay(now)}${runTag}${String(sequence).padStart(5, '0')}`,
          reportedAt: chinaTime(now),
          policeStation: stations[sequence % stations.length]!,
          officer: { name: demoPerson(sequence * 3 + 100).name, badgeNo: String(330_000 + sequence) },
          summary: sample.summary,
          details: sample.details,
          category: sample.category,
          regionCode: demoRegion(sequence),
          parties: [
            { role: 'APPLICANT', ...demoPerson(sequence * 3) },
            { role: 'RESPONDENT', ...demoPerson(sequence * 3 + 1) },
          ],
          violence: false,
          escalationRisk: false,
          urgent: false,
          ...overrides,
        };
      },
    },
    options,
  );
}
