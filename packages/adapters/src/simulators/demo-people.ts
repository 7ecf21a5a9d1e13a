import { randomBytes } from 'node:crypto';

/**
 * Deterministic sample people and places for simulated referrals: fictitious names, mobile
 * numbers in the 139 range, and village/community codes of the demo city (西湖区, 拱墅区).
 */
const surnames = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙'];
const givenNames = ['建国', '秀英', '伟', '芳', '海燕', '志强', '丽华', '明', '桂兰', '俊杰', '晓东', '玉梅'];

/** Village/community codes of the seeded demo city. */
export const demoRegionCodes = ['330106001001', '330106001002', '330106001003', '330106009001'] as const;

export function demoPerson(seed: number): { name: string; phone: string } {
  const name = `${surnames[seed % surnames.length]}${givenNames[(seed * 7) % givenNames.length]}`;
  const phone = `139${String((seed * 7_919 + 10_000_000) % 100_000_000).padStart(8, '0')}`;
  return { name, phone };
}

export function demoRegion(seed: number): string {
  return demoRegionCodes[seed % demoRegionCodes.length]!;
}

/** `20261123`, China date. */
export function chinaDay(date: Date): string {
  return new Date(date.getTime() + 8 * 3_600_000).toISOString().slice(0, 10).replaceAll('-', '');
}

/** ISO 8601 with the +08:00 offset, as Chinese government systems write times. */
export function chinaTime(date: Date): string {
  return `${new Date(date.getTime() + 8 * 3_600_000).toISOString().slice(0, 19)}+08:00`;
}

/** Tells this process's external ids from those of an earlier run against the same database. */
export const runTag = randomBytes(2).toString('hex').toUpperCase();
