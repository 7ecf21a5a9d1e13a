import type { SeededRandom } from '../random.js';

const words = (text: string): readonly string[] => text.split(' ');

/** Fictitious trade names; any resemblance to a real company is accidental. */
const TRADE_WORDS = words(
  '锦绣 和家 安居 西溪 湖畔 运河 良辰 嘉园 金桂 恒达 新禾 鸿运 同心 明珠 汇丰源 长盛 瑞景 绿野 立信 宏泰 晨光 德润 禾苗 钱塘 之江 天悦',
);

export type OrgPartyKind =
  | 'property'
  | 'employer'
  | 'construction'
  | 'pharmacy'
  | 'supermarket'
  | 'hospital'
  | 'clinic'
  | 'homestay'
  | 'hotel'
  | 'travel'
  | 'fitness'
  | 'decoration'
  | 'platform'
  | 'insurer'
  | 'cooperative'
  | 'rental'
  | 'restaurant'
  | 'tea';

export function orgPartyName(rng: SeededRandom, kind: OrgPartyKind, village: string): string {
  const w = rng.pick(TRADE_WORDS);
  switch (kind) {
    case 'property':
      return `杭州${w}物业服务有限公司`;
    case 'employer':
      return `杭州${w}${rng.pick(['服饰', '电子', '食品', '包装', '机械'])}有限公司`;
    case 'construction':
      return `浙江${w}建设工程有限公司`;
    case 'pharmacy':
      return `杭州${w}大药房有限公司`;
    case 'supermarket':
      return `杭州${w}超市有限公司`;
    case 'hospital':
      return `杭州${w}医院`;
    case 'clinic':
      return `杭州${w}口腔门诊部有限公司`;
    case 'homestay':
      return `杭州${w}民宿管理有限公司`;
    case 'hotel':
      return `杭州${w}酒店管理有限公司`;
    case 'travel':
      return `杭州${w}国际旅行社有限公司`;
    case 'fitness':
      return `杭州${w}健身服务有限公司`;
    case 'decoration':
      return `杭州${w}装饰工程有限公司`;
    case 'platform':
      return `杭州${w}网络科技有限公司`;
    case 'insurer':
      return `${w}财产保险股份有限公司杭州中心支公司`;
    case 'cooperative':
      return `${village}股份经济合作社`;
    case 'rental':
      return `杭州${w}房屋租赁有限公司`;
    case 'restaurant':
      return `杭州${w}餐饮管理有限公司`;
    case 'tea':
      return `杭州${w}茶业有限公司`;
  }
}
