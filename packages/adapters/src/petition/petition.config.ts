import { z } from 'zod';
import { adapterFields, webhookSecretList } from '../config-fields.js';

/** `adapters.petition`: the petition system (信访信息系统) of the deployment's region. */
export const petitionConfig = z.object({
  /** Base URL of the petition system's API; feedback goes to `<baseUrl>/api/feedback`. */
  baseUrl: adapterFields.url,
  /** Signs our feedback (Standard Webhooks headers) so the petition system can check it is ours. */
  signingSecret: adapterFields.webhookSecret,
  /** Secrets the petition system signs its referrals with (newest first while rotating). */
  webhookSecrets: webhookSecretList,
  /** Region (统计用区划代码) a referral without a region code is registered in. */
  defaultRegionCode: adapterFields.regionCode.optional(),
});

export type PetitionConfig = z.output<typeof petitionConfig>;
