import { normalizeMainlandMobile } from '@mediation/core';
import { z } from 'zod';
import { adapterFields } from '../config-fields.js';
import { smsTemplateIds } from './sms-templates.js';

const mobile = z
  .string()
  .trim()
  .transform((value, ctx) => {
    const normalized = normalizeMainlandMobile(value);
    if (!normalized) {
      ctx.addIssue({ code: 'custom', message: 'must be a mainland China mobile number (11 digits)' });
      return z.NEVER;
    }
    return normalized;
  });

/**
 * `adapters.sms`: which provider sends the registered templates, and its credentials.
 * - `console` (default, development): logs each message with the phone masked.
 * - `http`: a generic gateway (`gatewayUrl`, optional `gatewayApiKey`).
 * - `aliyun`: Alibaba Cloud SMS (`accessKeyId`, `accessKeySecret`, a `templateCodes` entry for
 *   every template, approved in the console under `signName`).
 */
export const smsConfig = z
  .object({
    provider: z.enum(['console', 'http', 'aliyun']).default('console'),
    /** 短信签名, shown as 【人民调解】 before every message. */
    signName: z.string().trim().min(2).max(12).default('人民调解'),
    gatewayUrl: adapterFields.url.optional(),
    gatewayApiKey: z.string().min(8, 'must be at least 8 characters').optional(),
    accessKeyId: z.string().min(8, 'must be an AccessKey ID such as LTAI5t…').optional(),
    accessKeySecret: z.string().min(8, 'must be the AccessKey secret of accessKeyId').optional(),
    /** @default 'https://dysmsapi.aliyuncs.com' */
    endpoint: adapterFields.url.default('https://dysmsapi.aliyuncs.com'),
    regionId: z.string().min(2).default('cn-hangzhou'),
    /** Our template ids → the vendor's approved template codes, e.g. `{ "case-accepted": "SMS_123456789" }`. */
    templateCodes: z
      .partialRecord(z.enum(smsTemplateIds), z.string().regex(/^SMS_\d+$/, 'must look like SMS_123456789'))
      .default({}),
    /** Who hears of escalations (风险升级): staff accounts carry no phone numbers. */
    supervisorPhones: z
      .array(
        z.object({
          regionCode: adapterFields.regionCode,
          phone: mobile,
        }),
      )
      .default([]),
  })
  .superRefine((config, ctx) => {
    const need = (field: keyof typeof config, why: string) => {
      if (config[field] === undefined) ctx.addIssue({ code: 'custom', path: [field], message: why });
    };
    if (config.provider === 'http') need('gatewayUrl', 'set gatewayUrl for the http provider');
    if (config.provider === 'aliyun') {
      need('accessKeyId', 'set accessKeyId for the aliyun provider');
      need('accessKeySecret', 'set accessKeySecret for the aliyun provider');
      const missing = smsTemplateIds.filter((id) => !config.templateCodes[id]);
      if (missing.length) {
        ctx.addIssue({
          code: 'custom',
          path: ['templateCodes'],
          message: `the aliyun provider needs an approved template code for ${missing.join(', ')}`,
        });
      }
    }
  });

export type SmsConfig = z.output<typeof smsConfig>;
