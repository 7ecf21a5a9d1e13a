import { z } from 'zod';

/** Reusable zod fields for adapter configs. */
export const adapterFields = {
  /** A Standard Webhooks secret: `whsec_` and at least 24 bytes of base64. */
  webhookSecret: z
    .string()
    .regex(
      /^(whsec_)?[A-Za-z0-9+/]{32,}={0,2}$/,
      'must be a Standard Webhooks secret such as whsec_<base64 of 24+ random bytes> (e.g. `echo whsec_$(openssl rand -base64 32)`)',
    ),
  /** A region's 12-digit code (统计用区划代码), e.g. 330106001001. */
  regionCode: z.string().regex(/^\d{12}$/, 'must be a 12-digit region code'),
  /** An http(s) URL of the external system. */
  url: z.url({
    protocol: /^https?$/,
    message: 'must be an http(s) URL such as https://partner.example.org/hook',
  }),
};

/** One or more webhook secrets (a single string is accepted); newest first while rotating. */
export const webhookSecretList = z
  .union([adapterFields.webhookSecret, z.array(adapterFields.webhookSecret).min(1).max(5)])
  .transform((value) => (Array.isArray(value) ? value : [value]));
