import { residentIdCheckCharacter } from '../validation/identity.js';
import type { SeededRandom } from './random.js';

const words = (text: string): readonly string[] => text.split(' ');

// ───────────── Names ─────────────

/** Common surnames in Zhejiang, roughly by frequency (earlier = more likely). */
const SURNAMES: readonly string[] = [
  ...'王陈张李徐周吴刘杨黄朱沈金胡郑钱孙许何俞方楼蒋章施叶汪潘陆姚邵林马赵丁宋程卢戴应傅范孔严蔡韩毛冯',
];

const MALE_GIVEN = words(
  '建国 国强 志明 伟 军 海涛 建华 永康 立新 伟明 杰 浩 宇航 子轩 晓东 卫东 明辉 家豪 振华 文斌 春生 根法 阿大 水根 金荣 德兴 国平 剑锋 一鸣 俊杰 鹏 超 磊 云飞 学军 庆丰 炳荣 耀祖 忠良 天佑',
);

const FEMALE_GIVEN = words(
  '秀英 丽华 美玲 静 芳 敏 红梅 燕 雅琴 晓燕 婷 欣怡 梓涵 丽娟 月娥 彩凤 玉兰 佳怡 雨萱 慧 琳 素珍 桂芳 金凤 莉 海燕 淑芬 思琪 梦瑶 亚萍 小红 丹 蕾 颖 文静 春燕 爱华 菊英 银娣 巧云',
);

export type Gender = 'M' | 'F';

export interface PersonName {
  surname: string;
  given: string;
  name: string;
  gender: Gender;
}

export function personName(rng: SeededRandom, gender?: Gender, surname?: string): PersonName {
  const g: Gender = gender ?? (rng.chance(0.5) ? 'M' : 'F');
  // bias towards the frequent surnames
  const family = surname ?? SURNAMES[Math.floor(rng.next() ** 1.6 * SURNAMES.length)] ?? '王';
  const given = rng.pick(g === 'M' ? MALE_GIVEN : FEMALE_GIVEN);
  return { surname: family, given, name: family + given, gender: g };
}

/** "张某": how ledgers and titles refer to a person without naming them. */
export function anonymized(name: PersonName): string {
  return `${name.surname}某`;
}

// ───────────── 居民身份证号码 (GB 11643-1999) ─────────────

/**
 * A well-formed 18-digit ID number: area code, birth date, 3-digit sequence whose parity matches the
 * gender (odd = male), GB 11643 check digit.
 */
export function idNumber(rng: SeededRandom, areaCode6: string, birthDate: Date, gender: Gender): string {
  const y = birthDate.getUTCFullYear();
  const m = String(birthDate.getUTCMonth() + 1).padStart(2, '0');
  const d = String(birthDate.getUTCDate()).padStart(2, '0');
  let seq = rng.int(1, 499) * 2; // even
  if (gender === 'M') seq -= 1; // odd
  const first17 = `${areaCode6}${y}${m}${d}${String(seq).padStart(3, '0')}`;
  return first17 + residentIdCheckCharacter(first17);
}

/** A birth date for someone `minAge`–`maxAge` years old at `now`. */
export function birthDate(rng: SeededRandom, now: Date, minAge: number, maxAge: number): Date {
  const dayMs = 86_400_000;
  const ageDays = rng.int(minAge * 365 + 5, maxAge * 365 + 300);
  const t = Math.floor(now.getTime() / dayMs - ageDays) * dayMs;
  return new Date(t);
}

// ───────────── Mobile numbers ─────────────

const MOBILE_PREFIXES = words(
  '130 131 132 133 135 136 137 138 139 150 151 152 153 155 157 158 159 166 173 177 180 181 182 183 185 186 187 188 189 191 198 199',
);

export function mobile(rng: SeededRandom): string {
  return rng.pick(MOBILE_PREFIXES) + rng.digits(8);
}

/** A Hangzhou landline (区号 0571), as organizations publish them. */
export function landline(rng: SeededRandom): string {
  return `0571-8${rng.digits(7)}`;
}

// ───────────── 统一社会信用代码 (GB 32100-2015) ─────────────

const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
const ORG_CODE_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2] as const;

/** Check character of the 9-character organization code inside a credit code (GB 11714). */
function orgCodeCheck(body8: string): string {
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number(body8[i]) * (ORG_CODE_WEIGHTS[i] ?? 0);
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

function usccCheck(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_CHARS.indexOf(first17[i] ?? '0') * (USCC_WEIGHTS[i] ?? 0);
  return USCC_CHARS[(31 - (sum % 31)) % 31] ?? '0';
}

/** A credit code of an enterprise (登记管理部门 9, 企业 1) registered in the given county. */
export function creditCode(rng: SeededRandom, areaCode6: string): string {
  const body8 = rng.digits(8);
  const first17 = `91${areaCode6}${body8}${orgCodeCheck(body8)}`;
  return first17 + usccCheck(first17);
}
