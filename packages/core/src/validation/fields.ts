import { z } from 'zod';
import { isValidResidentId, isValidUnifiedSocialCreditCode, normalizeMainlandMobile } from './identity.js';

/** C0 and C1 controls (tab, line feed and carriage return aside) and the bidirectional overrides. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is this pattern's job.
const controlCharacters = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;
const lineBreaks = /[\t\n\r]/;
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const invisible = /[\s\u200B-\u200F\u2060\uFEFF]/g;

/**
 * A zod check for text people typed: no control characters (terminal escapes, NUL, bell),
 * no bidirectional overrides (which make a case title read differently from what it says), valid
 * Unicode, one line unless `multiline`, and at least `min` visible characters (zero-width spaces
 * do not count). Apply it with `.superRefine(plainText(...))`.
 */
export function plainText(options: { multiline?: boolean; min?: number } = {}) {
  return (value: string, ctx: z.RefinementCtx) => {
    if (controlCharacters.test(value) || (!options.multiline && lineBreaks.test(value))) {
      ctx.addIssue({
        code: 'custom',
        message: options.multiline
          ? 'must not contain control characters'
          : 'must be one line without control characters',
      });
    }
    if (loneSurrogate.test(value)) ctx.addIssue({ code: 'custom', message: 'must be valid Unicode text' });
    const min = options.min ?? 0;
    if (min > 0 && value.length >= min && value.replace(invisible, '').length < min) {
      ctx.addIssue({ code: 'custom', message: `must have at least ${min} visible characters` });
    }
  };
}

function mobileNumber(blankIsAbsent: boolean) {
  return z
    .string()
    .trim()
    .transform((value, ctx): string | undefined => {
      if (blankIsAbsent && value === '') return undefined;
      const normalized = normalizeMainlandMobile(value);
      if (!normalized) {
        ctx.addIssue({
          code: 'custom',
          message: 'must be a mainland China mobile number (11 digits, 13x–19x)',
        });
        return z.NEVER;
      }
      return normalized;
    });
}

/** Reusable zod fields with messages in the language integrators read (English; terms in Chinese). */
export const fields = {
  id: z.number().int().positive('must be a positive id'),
  name: (max = 100) =>
    z
      .string()
      .trim()
      .min(1, 'must not be empty')
      .max(max, `must be at most ${max} characters`)
      .superRefine(plainText({ min: 1 })),
  text: (min: number, max: number) =>
    z
      .string()
      .trim()
      .min(min, `must be at least ${min} characters`)
      .max(max, `must be at most ${max} characters`)
      .superRefine(plainText({ multiline: true, min })),
  /** An external system's id of a referral (信访件编号, 警情编号, 案号). */
  externalRef: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .superRefine(plainText({ min: 1 })),
  code: z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(32, 'must be at most 32 characters')
    .regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, 'may contain only letters, digits, "-" and "_"'),
  mobile: mobileNumber(false),
  /** An optional mobile number where "" (what many forms send for "none") means absent. */
  optionalMobile: mobileNumber(true).optional(),
  residentId: z
    .string()
    .trim()
    .toUpperCase()
    .refine(
      (value) => isValidResidentId(value),
      'must be a valid 18-digit resident ID number (居民身份证号码) with a correct check digit',
    ),
  creditCode: z
    .string()
    .trim()
    .toUpperCase()
    .refine(
      (value) => isValidUnifiedSocialCreditCode(value),
      'must be a valid 18-character unified social credit code (统一社会信用代码)',
    ),
  /** Yuan with up to two decimals, as a string so no precision is lost. */
  amount: z
    .string()
    .trim()
    .regex(
      /^\d{1,12}(\.\d{1,2})?$/,
      'must be a non-negative amount in yuan with at most 2 decimals, e.g. "12000.50"',
    ),
};
