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

const standalone = (pattern: string) => new RegExp(`(?<![0-9A-Za-z])(?:${pattern})(?![0-9A-Za-z])`, 'g');
const mobileInText = standalone('(?:\\+?86[- ]?)?1[3-9]\\d{9}');
const idNumberInText = standalone('\\d{17}[\\dXx]|\\d{15}');
const secretInText = /\b(whsec_|Bearer\s+|mdk_)[A-Za-z0-9+/=._-]+/g;

/**
 * Masks what looks like personal data or a credential in free text we did not write (a partner's
 * error answer, a body a simulator received) before it goes to a log or an error column: mainland
 * mobile numbers, 15/18-digit ID numbers, webhook secrets, bearer tokens and API keys.
 */
export function redactFreeText(text: string): string {
  return text
    .replace(secretInText, (_match, prefix: string) => `${prefix}[redacted]`)
    .replace(idNumberInText, (match) => maskIdNumber(match))
    .replace(mobileInText, (match) => maskPhone(match.replace(/^\+?86[- ]?/, '')));
}
