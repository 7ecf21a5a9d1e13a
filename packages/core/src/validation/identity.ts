/** Chinese mainland mobile numbers: 11 digits starting 13–19. An optional +86/86 prefix is accepted. */
const mainlandMobile = /^(?:\+?86)?(1[3-9]\d{9})$/;

export function normalizeMainlandMobile(value: string): string | null {
  const match = mainlandMobile.exec(value.replace(/[\s-]/g, ''));
  return match?.[1] ?? null;
}

const residentIdWeights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const residentIdCheckCharacters = '10X98765432';

/** The GB 11643-1999 check character of the first 17 digits of a resident ID number. */
export function residentIdCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * residentIdWeights[i]!;
  return residentIdCheckCharacters[sum % 11]!;
}

/**
 * Validates an 18-digit resident ID number (居民身份证号码): area code, a real birth date not in the
 * future, and the check character.
 */
export function isValidResidentId(value: string, today: Date = new Date()): boolean {
  if (!/^[1-9]\d{16}[\dX]$/.test(value)) return false;
  const year = Number(value.slice(6, 10));
  const month = Number(value.slice(10, 12));
  const day = Number(value.slice(12, 14));
  const birth = new Date(Date.UTC(year, month - 1, day));
  if (year < 1900 || birth.getUTCMonth() !== month - 1 || birth.getUTCDate() !== day) return false;
  if (birth.getTime() > today.getTime()) return false;
  return residentIdCheckCharacter(value.slice(0, 17)) === value[17];
}

const creditCodeCharacters = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const creditCodeWeights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** Validates an 18-character unified social credit code (统一社会信用代码, GB 32100-2015). */
export function isValidUnifiedSocialCreditCode(value: string): boolean {
  if (!/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(value)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += creditCodeCharacters.indexOf(value[i]!) * creditCodeWeights[i]!;
  const check = (31 - (sum % 31)) % 31;
  return creditCodeCharacters[check] === value[17];
}
