/**
 * Default masking of personal data (个人信息). The clear value is only ever returned through an
 * audited reveal; everywhere else these masks apply.
 */

/** `330106199001011234` → `3301**********1234` */
export function maskIdNumber(value: string): string {
  if (value.length <= 8) return '*'.repeat(value.length);
  return `${value.slice(0, 4)}${'*'.repeat(value.length - 8)}${value.slice(-4)}`;
}

/** `13812345678` → `138****5678` */
export function maskPhone(value: string): string {
  if (value.length <= 7) return '*'.repeat(value.length);
  return `${value.slice(0, 3)}${'*'.repeat(value.length - 7)}${value.slice(-4)}`;
}

/** Keeps the first 6 characters (district and street level), masks the rest: `杭州市西湖区****`. */
export function maskAddress(value: string): string {
  const characters = [...value];
  if (characters.length <= 6) return `${characters.slice(0, 2).join('')}****`;
  return `${characters.slice(0, 6).join('')}****`;
}
