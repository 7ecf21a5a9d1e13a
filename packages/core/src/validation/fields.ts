import { z } from 'zod';
import { isValidResidentId, isValidUnifiedSocialCreditCode, normalizeMainlandMobile } from './identity.js';

/** Reusable zod fields with messages in the language integrators read (English; terms in Chinese). */
export const fields = {
  id: z.number().int().positive('must be a positive id'),
  name: (max = 100) =>
    z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`),
  text: (min: number, max: number) =>
    z
      .string()
      .trim()
      .min(min, `must be at least ${min} characters`)
      .max(max, `must be at most ${max} characters`),
  code: z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(32, 'must be at most 32 characters')
    .regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, 'may contain only letters, digits, "-" and "_"'),
  mobile: z
    .string()
    .trim()
    .transform((value, ctx) => {
      const normalized = normalizeMainlandMobile(value);
      if (!normalized) {
        ctx.addIssue({
          code: 'custom',
          message: 'must be a mainland China mobile number (11 digits, 13x–19x)',
        });
        return z.NEVER;
      }
      return normalized;
    }),
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
