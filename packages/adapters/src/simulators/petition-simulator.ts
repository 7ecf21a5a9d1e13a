import type { PetitionFeedback, PetitionReferral } from '../petition/petition-referral.js';
import { chinaDay, chinaTime, demoPerson, demoRegion, runTag } from './demo-people.js';
import {
  type PartnerSimulatorOptions,
  type RunningPartnerSimulator,
  startPartnerSimulator,
} from './partner-simulator.js';

const petitions = [
  {
    subject: '反映邻居装修噪音扰民',
    content: '信访人反映楼上住户长期夜间装修施工，噪音严重影响休息，多次协商未果，要求调解处理。',
    category: 'NEIGHBORHOOD',
  },
  {
    subject: '反映物业公司收费不合理',
    content: '信访人反映小区物业公司擅自上调物业费且服务质量下降，业主与物业多次发生争执，请求协调。',
    category: 'PROPERTY_MANAGEMENT',
  },
  {
    subject: '反映工地拖欠农民工工资',
    content: '信访人反映在某建筑工地务工三个月，工头以工程款未结清为由拖欠工资共计四万余元。',
    category: 'LABOR_WAGES',
  },
  {
    subject: '反映民宿押金退还纠纷',
    content: '信访人反映预订民宿后因疫情防控取消行程，民宿经营者拒绝退还押金两千元。',
    category: 'TOURISM',
  },
] as const;

export type PetitionSimulator = RunningPartnerSimulator<PetitionReferral, PetitionFeedback>;

/** The petition system (信访信息系统): refers petitions, receives feedback at `POST /api/feedback`. */
export function startPetitionSimulator(options: PartnerSimulatorOptions): Promise<PetitionSimulator> {
  return startPartnerSimulator<PetitionReferral, PetitionFeedback>(
    {
      adapterId: 'petition',
      feedbackPath: '/api/feedback',
      makeReferral(sequence, overrides) {
        const now = new Date();
        const sample = petitions[sequence % petitions.length]!;
        return {
          petitionNo: `XF${chinaDay(now)}${runTag}${String(sequence).padStart(4, '0')}`,
          channel: (['VISIT', 'LETTER', 'ONLINE', 'PHONE'] as const)[sequence % 4]!,
          receivedAt: chinaTime(now),
          subject: sample.subject,
          content: sample.content,
          category: sample.category,
          regionCode: demoRegion(sequence),
          petitioners: [demoPerson(sequence * 2)],
          respondents: [{ name: demoPerson(sequence * 2 + 1).name }],
          collective: false,
          ...overrides,
        };
      },
    },
    options,
  );
}
