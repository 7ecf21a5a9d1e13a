import { z } from 'zod';
import { adapterFields, webhookSecretList } from '../config-fields.js';

/** `adapters.court`: the court's diversified dispute resolution platform (诉调对接平台). */
export const courtConfig = z.object({
  /** Base URL of the court platform's API; results go to `<baseUrl>/api/mediation-results`. */
  baseUrl: adapterFields.url,
  /** Signs our results (Standard Webhooks headers). */
  signingSecret: adapterFields.webhookSecret,
  /** Secrets the court platform signs its delegations with (newest first while rotating). */
  webhookSecrets: webhookSecretList,
  /** Region (统计用区划代码) a delegation without a region code is registered in. */
  defaultRegionCode: adapterFields.regionCode.optional(),
});

export type CourtConfig = z.output<typeof courtConfig>;
