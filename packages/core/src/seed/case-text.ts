import type { CaseSource, FulfillmentStatus, SessionOutcome } from '../generated/prisma/enums.js';
import type { TownInfo } from './build-structure.js';
import type { TemplateContext } from './data/case-templates.js';
import type { SeededRandom } from './random.js';
import { HOUR } from './time.js';

/** Reference numbers in the style of each system: 信访件编号, 110 接警单号, 诉前调解案号. */
export function externalReference(system: string, reportedAt: Date, district6: string, n: number): string {
  const local = new Date(reportedAt.getTime() + 8 * HOUR);
  const year = local.getUTCFullYear();
  const ymd = `${year}${String(local.getUTCMonth() + 1).padStart(2, '0')}${String(local.getUTCDate()).padStart(2, '0')}`;
  if (system === 'petition') return `XF${year}${district6}${String(n).padStart(5, '0')}`;
  if (system === 'police') return `JJ${ymd}${district6}${String(n).padStart(4, '0')}`;
  return `(${year})浙${district6.slice(2)}民诉前调${1000 + n}号`;
}

export function sourceSentence(
  source: CaseSource,
  c: TemplateContext,
  town: TownInfo,
  gridName: string,
): string {
  switch (source) {
    case 'GRID_SCREENING':
      return `该纠纷由${gridName}网格员在日常走访排查中发现并上报。`;
    case 'WALK_IN':
      return `当事人到${c.village}人民调解委员会当面申请调解。`;
    case 'HOTLINE':
      return `当事人拨打12345政务服务便民热线反映,工单转派${c.town}办理。`;
    case 'ONLINE':
      return `当事人通过"浙里办"矛盾纠纷在线化解平台提交了调解申请。`;
    case 'PETITION_REFERRAL':
      return `当事人曾到${c.district}信访局反映,信访部门依"访调对接"机制转交人民调解。`;
    case 'POLICE_REFERRAL':
      return `${c.district}公安分局${town.def.short}派出所接110报警后出警,认定属民间纠纷,依"警调对接"机制移交调解。`;
    case 'COURT_REFERRAL':
      return `当事人向${c.district}人民法院起诉,法院征得双方同意后委派诉前调解。`;
    case 'OTHER':
      return `${c.town}社会治理中心转来。`;
  }
}

export function sessionMinutes(
  rng: SeededRandom,
  outcome: SessionOutcome,
  c: TemplateContext,
  mediator: string,
): string {
  const opening = `调解员${mediator}主持调解,申请人${c.a}、被申请人${c.b}到场。调解员告知双方权利义务,分别听取陈述并核对证据材料。`;
  switch (outcome) {
    case 'AGREED':
      return `${opening}调解员结合《中华人民共和国民法典》相关规定释法明理,采用"背对背"方式分别做双方工作。经耐心疏导,双方互谅互让,达成一致意见并当场签订调解协议。`;
    case 'PARTIAL':
      return `${opening}双方就部分事项达成一致,${c.amount ? '但在具体金额上仍有差距' : '但在具体履行方式上仍有分歧'},约定${rng.pick(['三日', '一周', '十日'])}后继续调解。`;
    case 'ADJOURNED':
      return `${opening}${rng.pick(['被申请人未携带相关票据,', '一方当事人情绪激动,', '双方需征求家属意见,'])}调解员决定暂时休会,另行安排时间继续调解。`;
    case 'NO_AGREEMENT':
      return `${opening}双方各执己见,${c.b}坚持不同意申请人的主要请求,调解未能达成一致。调解员告知当事人其他救济途径及相关时效。`;
  }
}

export function followUpNotes(fulfillment: FulfillmentStatus, c: TemplateContext): string {
  switch (fulfillment) {
    case 'FULFILLED':
      return `回访${c.a},当事人表示对方已按协议履行,双方关系缓和,对调解结果满意。`;
    case 'PARTIAL':
      return `回访${c.a},对方已履行首期义务,其余按约分期履行中。`;
    case 'BREACHED':
      return `回访${c.a},对方逾期未履行协议,已告知申请人申请司法确认及强制执行的途径。`;
    case 'PENDING':
      return '';
  }
}

export function roundAmount(value: number): number {
  const step = value < 2000 ? 10 : value < 200_000 ? 100 : 1000;
  return Math.max(step, Math.round(value / step) * step);
}

export function formatYuan(value: number): string {
  return `${String(Math.round(value)).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}元`;
}
