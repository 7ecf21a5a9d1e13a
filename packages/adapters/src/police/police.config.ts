import { z } from 'zod';
import { adapterFields, webhookSecretList } from '../config-fields.js';

/** `adapters.police`: the public security 110 dispatch system (110接处警系统), 警调对接. */
export const policeConfig = z.object({
  /** Base URL of the 110 system's API; feedback goes to `<baseUrl>/api/jq/feedback`. */
  baseUrl: adapterFields.url,
  /** Signs our feedback (Standard Webhooks headers). */
  signingSecret: adapterFields.webhookSecret,
  /** Secrets the 110 system signs its referrals with (newest first while rotating). */
  webhookSecrets: webhookSecretList,
  /** Region (统计用区划代码) a referral without a region code is registered in. */
  defaultRegionCode: adapterFields.regionCode.optional(),
});

export type PoliceConfig = z.output<typeof policeConfig>;
