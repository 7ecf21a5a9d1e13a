import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createLogger } from '@mediation/core';
import { type PartnerSecrets, type PartnerSystem, startSimulators } from './start-simulators.js';

/**
 * Runs the four simulators on their own, next to a platform started separately:
 *
 *   npx tsx packages/adapters/src/simulators/cli.ts --config .data/simulators.json \
 *     --platform http://127.0.0.1:4000 --interval 20000 [--fail-rate 0.3] [--delay 200] [--timeout-rate 0.05] [--duplicates 1]
 *
 * `--config` is a platform config file (CONFIG_FILE): written with an `adapters` section pointing
 * at the simulators on the first run (fixed ports 4101–4104 unless `--port-base` says otherwise),
 * and read back for its secrets on later runs, so the platform and the simulators keep agreeing.
 */
const { values } = parseArgs({
  options: {
    config: { type: 'string', default: '.data/simulators.json' },
    platform: { type: 'string', default: 'http://127.0.0.1:4000' },
    interval: { type: 'string', default: '20000' },
    'port-base': { type: 'string', default: '4101' },
    'fail-rate': { type: 'string', default: '0' },
    'timeout-rate': { type: 'string', default: '0' },
    delay: { type: 'string', default: '0' },
    duplicates: { type: 'string', default: '0' },
  },
});

const logger = createLogger({ name: 'simulators' });
const base = Number(values['port-base']);
const configPath = values.config!;

type ConfigFile = { adapters?: Record<string, { signingSecret?: string; webhookSecrets?: string[] }> };
const existing: ConfigFile = existsSync(configPath) ? JSON.parse(readFileSync(configPath, 'utf8')) : {};
const secrets: Partial<Record<PartnerSystem, PartnerSecrets>> = {};
for (const system of ['petition', 'police', 'court'] as const) {
  const section = existing.adapters?.[system];
  if (section?.signingSecret && section.webhookSecrets?.[0]) {
    secrets[system] = { feedback: section.signingSecret, referral: section.webhookSecrets[0] };
  }
}

const sims = await startSimulators({
  secrets,
  ports: { petition: base, police: base + 1, court: base + 2, sms: base + 3 },
  referralIntervalMs: Number(values.interval),
  knobs: {
    failRate: Number(values['fail-rate']),
    timeoutRate: Number(values['timeout-rate']),
    delayMs: Number(values.delay),
    duplicates: Number(values.duplicates),
  },
  logger,
});
writeFileSync(
  configPath,
  `${JSON.stringify({ ...existing, adapters: { ...existing.adapters, ...sims.adapterSettings() } }, null, 2)}\n`,
);
sims.connect(values.platform!);
logger.info(
  {
    petition: sims.petition.url,
    police: sims.police.url,
    court: sims.court.url,
    sms: sims.sms.url,
    config: configPath,
  },
  `simulators running; start the platform with CONFIG_FILE=${configPath}; referrals go to ${values.platform}`,
);

const stop = async () => {
  await sims.stop();
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
