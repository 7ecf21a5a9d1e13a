import { z } from 'zod';
import { adapterFields, webhookSecretList } from '../../src/config-fields.js';

/** The example partner's configuration (`adapters.example` in the config file). */
export const exampleConfig = z.object({
  /** Where case events are POSTed. */
  url: adapterFields.url,
  /** Signs outgoing deliveries so the receiver can check they come from us. */
  signingSecret: adapterFields.webhookSecret,
  /** Secrets the partner signs its referrals with (several while rotating, newest first). */
  webhookSecrets: webhookSecretList,
  /** Region code (统计用区划代码) a referral without one is registered in. */
  defaultRegionCode: adapterFields.regionCode.optional(),
});

export type ExampleConfig = z.output<typeof exampleConfig>;
