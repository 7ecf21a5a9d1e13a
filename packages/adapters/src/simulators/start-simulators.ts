import { type Logger, redactFreeText } from '@mediation/core';
import { generateWebhookSecret } from '../runtime/webhook-signature.js';
import { type CourtSimulator, startCourtSimulator } from './court-simulator.js';
import type { PartnerSimulatorOptions, RunningPartnerSimulator } from './partner-simulator.js';
import { type PetitionSimulator, startPetitionSimulator } from './petition-simulator.js';
import { type PoliceSimulator, startPoliceSimulator } from './police-simulator.js';
import type { SimulatorKnobs } from './simulator-server.js';
import { describeSms, type RunningSmsGateway, startSmsGatewaySimulator } from './sms-gateway-simulator.js';

export type PartnerSystem = 'petition' | 'police' | 'court';
const partnerSystems: readonly PartnerSystem[] = ['petition', 'police', 'court'];

/** The two secrets a partner system shares with the platform. */
export interface PartnerSecrets {
  /** Signs the system's referrals: the adapter's `webhookSecrets`. */
  referral: string;
  /** Signs the platform's feedback: the adapter's `signingSecret`. */
  feedback: string;
}

export interface SimulatorsOptions {
  /** The platform's base URL for referrals; or call `connect` once it listens. */
  platformUrl?: string;
  /** Shared secrets per system; fresh random ones when absent. */
  secrets?: Partial<Record<PartnerSystem, PartnerSecrets>>;
  /** @default '127.0.0.1' */
  host?: string;
  /** @default 0 for each (any free port) */
  ports?: Partial<Record<PartnerSystem | 'sms', number>>;
  /** Faults every simulator starts with (change them later on each `knobs`). */
  knobs?: Partial<SimulatorKnobs>;
  /**
   * Once connected, one of the three systems (in turn) sends a referral this often, so a demo
   * shows cases arriving. 0 sends none (tests call `sendReferral` themselves). @default 0
   */
  referralIntervalMs?: number;
  /** Logs what the simulated systems send and receive (phones masked). */
  logger?: Logger;
}

export interface RunningSimulators {
  petition: PetitionSimulator;
  police: PoliceSimulator;
  court: CourtSimulator;
  sms: RunningSmsGateway;
  secrets: Record<PartnerSystem, PartnerSecrets>;
  /**
   * The `adapters` section of the platform config that enables the built-in adapters and points
   * them at these simulators (SMS through the `http` provider).
   */
  adapterSettings(): Record<string, Record<string, unknown>>;
  /** Points referrals at the platform and starts the referral interval, if any. */
  connect(platformUrl: string): void;
  stop(): Promise<void>;
}

/**
 * Starts the petition, police and court simulators and the SMS gateway simulator, for the demo
 * (`SIMULATORS=true`) and for tests. Typical wiring in a start command:
 *
 * ```ts
 * const sims = await startSimulators({ referralIntervalMs: 20_000, logger });
 * const config = { ...platformConfig, adapters: { ...sims.adapterSettings(), ...platformConfig.adapters } };
 * const server = await startPlatform(config);
 * sims.connect(`http://127.0.0.1:${server.port}`);
 * ```
 */
export async function startSimulators(options: SimulatorsOptions = {}): Promise<RunningSimulators> {
  const secrets = Object.fromEntries(
    partnerSystems.map((system) => [
      system,
      options.secrets?.[system] ?? { referral: generateWebhookSecret(), feedback: generateWebhookSecret() },
    ]),
  ) as Record<PartnerSystem, PartnerSecrets>;
  const logger = options.logger;
  const partnerOptions = (system: PartnerSystem): PartnerSimulatorOptions => ({
    host: options.host,
    port: options.ports?.[system],
    knobs: options.knobs,
    platformUrl: options.platformUrl,
    referralSecret: secrets[system].referral,
    feedbackSecret: secrets[system].feedback,
    onReceive: (message) =>
      logger?.info(
        { simulator: system, key: message.key, body: redactFreeText(JSON.stringify(message.body)) },
        `${system} simulator received feedback`,
      ),
  });

  const started: { stop(): Promise<void> }[] = [];
  try {
    const petition = await startPetitionSimulator(partnerOptions('petition'));
    started.push(petition);
    const police = await startPoliceSimulator(partnerOptions('police'));
    started.push(police);
    const court = await startCourtSimulator(partnerOptions('court'));
    started.push(court);
    const sms = await startSmsGatewaySimulator({
      host: options.host,
      port: options.ports?.sms,
      knobs: options.knobs,
      onReceive: (message) => {
        if (!logger) return;
        // The generic route keeps JSON (`to`), the Alibaba-compatible one the form (`PhoneNumbers`).
        const body = message.body as Record<string, string | undefined>;
        const phone = body.to ?? body.PhoneNumbers ?? '';
        const template = body.template ?? body.TemplateCode ?? '';
        const via = body.to ? 'http' : 'aliyun';
        logger.info(
          { simulator: 'sms', key: message.key },
          `SMS gateway simulator: ${describeSms({ key: message.key, phone, template, variables: {}, via })} ${body.text ?? ''}`,
        );
      },
    });
    started.push(sms);

    const partners: Record<PartnerSystem, RunningPartnerSimulator<unknown, unknown>> = {
      petition: petition as never,
      police: police as never,
      court: court as never,
    };
    let timer: NodeJS.Timeout | undefined;
    let turn = 0;
    const sendOne = async () => {
      const system = partnerSystems[turn++ % partnerSystems.length]!;
      try {
        const answers = await partners[system].sendReferral();
        for (const answer of answers) {
          logger?.info(
            { simulator: system, status: answer.status, answer: answer.body },
            `${system} simulator sent a referral`,
          );
        }
      } catch (error) {
        logger?.warn(
          { simulator: system, err: { type: (error as Error).name } },
          `${system} simulator could not reach the platform`,
        );
      }
    };

    return {
      petition,
      police,
      court,
      sms,
      secrets,
      adapterSettings: () => ({
        ...Object.fromEntries(
          partnerSystems.map((system) => [
            system,
            {
              enabled: true,
              baseUrl: partners[system].url,
              signingSecret: secrets[system].feedback,
              webhookSecrets: [secrets[system].referral],
            },
          ]),
        ),
        sms: { enabled: true, provider: 'http', gatewayUrl: sms.sendUrl },
      }),
      connect(platformUrl) {
        for (const system of partnerSystems) partners[system].connect(platformUrl);
        if (options.referralIntervalMs && !timer) {
          timer = setInterval(() => void sendOne(), options.referralIntervalMs);
          timer.unref();
        }
      },
      async stop() {
        clearInterval(timer);
        await Promise.all(started.map((sim) => sim.stop()));
      },
    };
  } catch (error) {
    await Promise.all(started.map((sim) => sim.stop()));
    throw error;
  }
}
