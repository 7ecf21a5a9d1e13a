import {
  CaseEventType,
  createAdapterData,
  createCaseWorkflow,
  createLogger,
  type Database,
} from '@mediation/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../tests/support/test-database.js';
import {
  AdapterConfigError,
  AdapterDeliveryError,
  type AnyAdapter,
  adapterIdPattern,
  type Delivery,
  type OutboxPayload,
} from '../src/contract.js';
import { createAdapterRegistry, redacted } from '../src/registry.js';
import { signWebhook } from '../src/runtime/webhook-signature.js';
import { createWebhookHandler } from '../src/runtime/webhooks.js';
import type { RunningSimulator } from '../src/simulators/simulator-server.js';

/** A receiver the suite delivers to: usually a simulator or a small local HTTP server. */
export interface ContractReceiver {
  /** Config fields that point the adapter at this receiver (merged over `validConfig`). */
  config: Record<string, unknown>;
  /** Idempotency keys of the deliveries it accepted, in order. */
  receivedKeys(): string[];
  /** The next call answers this HTTP status (or fails like the adapter's real receiver would). */
  failNext(status: number): void;
  close(): Promise<void>;
}

/** A partner simulator as the suite's receiver: its base URL as `baseUrl`, its fault knobs for `failNext`. */
export async function simulatorReceiver(start: () => Promise<RunningSimulator>): Promise<ContractReceiver> {
  const sim = await start();
  return {
    config: { baseUrl: sim.url },
    receivedKeys: () => sim.received.map((m) => m.key),
    failNext: () => {
      sim.knobs.failNextCalls++;
    },
    close: () => sim.stop(),
  };
}

export interface AdapterContractOptions {
  /** A config the adapter must accept (secrets included). */
  validConfig: Record<string, unknown>;
  /** A required config field: the suite removes it and expects a message naming it. */
  requiredField?: string;
  inbound?: {
    /** A body the external system would send (its region must exist in the seeded database). */
    sampleBody: () => Record<string, unknown>;
    /** A body of the wrong shape (answered 400). */
    malformedBody: Record<string, unknown>;
    /** The body's field saying when the system received the matter (kept on the REPORTED event). */
    receivedAtField?: string;
  };
  outbound?: {
    /** Starts a receiver; the suite closes it. */
    receiver: () => Promise<ContractReceiver>;
    /** The payload delivered (one of the adapter's event types). */
    payload: (type: CaseEventType) => OutboxPayload;
  };
}

const logger = createLogger({ level: 'silent' });

/** A payload for the suite's deliveries; adapters override pieces through `options.outbound.payload`. */
export function samplePayload(
  type: CaseEventType,
  overrides: Partial<OutboxPayload['case']> = {},
): OutboxPayload {
  return {
    eventId: 424242,
    type,
    fromStatus: 'ACCEPTED',
    toStatus: 'IN_MEDIATION',
    reason: null,
    data: {},
    occurredAt: '2026-11-23T02:00:00.000Z',
    case: {
      id: 4242,
      number: '330106-2026-004242',
      status: 'IN_MEDIATION',
      riskLevel: 'LOW',
      version: 3,
      externalSystem: null,
      externalRef: null,
      ...overrides,
    },
  };
}

/**
 * The contract every adapter passes: run it from the adapter's spec with a factory returning the
 * adapter definition and the options above. Inbound adapters are exercised through the real
 * webhook handler and case workflow on a private copy of the seeded database.
 */
export function runAdapterContract(adapterFactory: () => AnyAdapter, options: AdapterContractOptions): void {
  const adapter = adapterFactory();
  const enabled = (config: Record<string, unknown>) =>
    createAdapterRegistry([adapter], { [adapter.id]: { enabled: true, ...config } });

  describe(`adapter contract: ${adapter.id}`, () => {
    it('declares a valid id, a kind, a display name and at least one direction', () => {
      expect(adapter.id).toMatch(adapterIdPattern);
      expect(adapter.kind.length).toBeGreaterThan(0);
      expect(adapter.displayName.length).toBeGreaterThan(0);
      expect(adapter.inbound ?? adapter.outbound).toBeDefined();
    });

    it('accepts its valid config and hides every secret from the public config', () => {
      const registry = enabled(options.validConfig);
      const config = registry.require(adapter.id).config;
      const shown = registry.publicConfig(adapter.id)!;
      const text = JSON.stringify(shown);
      for (const secret of adapter.secrets) {
        expect(secret in adapter.config.shape).toBe(true);
        const value = config[secret];
        if (value === undefined) continue;
        expect(shown[secret]).toBe(redacted);
        for (const part of Array.isArray(value) ? value : [value]) expect(text).not.toContain(String(part));
      }
    });

    if (options.requiredField) {
      it('refuses a config without a required field, naming the adapter and the field', () => {
        const { [options.requiredField!]: _, ...rest } = options.validConfig;
        expect(() => enabled(rest)).toThrow(AdapterConfigError);
        expect(() => enabled(rest)).toThrow(`adapters.${adapter.id}.${options.requiredField}`);
      });
    }

    it('does not validate the config of a disabled adapter', () => {
      const registry = createAdapterRegistry([adapter], { [adapter.id]: { enabled: false } });
      expect(registry.get(adapter.id).enabled).toBe(false);
    });

    if (adapter.outbound) {
      it('listens to known case event types', () => {
        expect(adapter.outbound!.events.length).toBeGreaterThan(0);
        for (const type of adapter.outbound!.events) expect(Object.values(CaseEventType)).toContain(type);
      });
    }

    if (adapter.outbound && options.outbound) {
      const outboundOptions = options.outbound;
      describe('outbound', () => {
        let receiver: ContractReceiver;
        // Deliveries read the platform through the same read-only view the dispatcher gives them.
        let db: Database;
        beforeAll(async () => {
          db = await openTestDatabase();
          receiver = await outboundOptions.receiver();
        });
        afterAll(async () => {
          await receiver?.close();
          await db?.close();
        });
        const deliver = (delivery: Delivery, signal = new AbortController().signal) => {
          const registry = enabled({ ...options.validConfig, ...receiver.config });
          const { config } = registry.require(adapter.id);
          return adapter.outbound!.deliver(delivery, {
            adapterId: adapter.id,
            config,
            logger,
            signal,
            data: createAdapterData(db.prisma),
          });
        };
        const delivery = (key: string): Delivery => ({
          id: 1,
          adapterId: adapter.id,
          deliveryKey: key,
          attempt: 1,
          maxAttempts: 3,
          payload: outboundOptions.payload(adapter.outbound!.events[0]!),
        });

        it('sends the delivery key as the idempotency key', async () => {
          await deliver(delivery('contract-key-1'));
          expect(receiver.receivedKeys()).toContain('contract-key-1');
        });

        it('sends the same key again on a repeated attempt (the receiver dedupes)', async () => {
          await deliver(delivery('contract-key-2'));
          await deliver({ ...delivery('contract-key-2'), attempt: 2 });
          expect(receiver.receivedKeys().filter((k) => k === 'contract-key-2').length).toBeGreaterThanOrEqual(
            1,
          );
        });

        it('throws a retryable AdapterDeliveryError when the receiver fails with 503', async () => {
          receiver.failNext(503);
          const error = await deliver(delivery('contract-key-3')).catch((e: unknown) => e);
          expect(error).toBeInstanceOf(AdapterDeliveryError);
          expect((error as AdapterDeliveryError).retryable).toBe(true);
        });

        it('throws when the delivery is aborted (the runtime timeout)', async () => {
          const controller = new AbortController();
          controller.abort(new Error('timeout'));
          await expect(deliver(delivery('contract-key-4'), controller.signal)).rejects.toBeDefined();
        });
      });
    }

    if (adapter.inbound && options.inbound) {
      const inboundOptions = options.inbound;
      describe('inbound', () => {
        let db: Database;
        beforeAll(async () => {
          db = await openTestDatabase();
        });
        afterAll(async () => {
          await db?.close();
        });
        const handler = () =>
          createWebhookHandler({
            prisma: db.prisma,
            registry: enabled(options.validConfig),
            workflow: createCaseWorkflow({ prisma: db.prisma }),
            logger,
          });
        const secret = () => {
          const { config } = enabled(options.validConfig).require(adapter.id);
          return adapter.inbound!.signingSecrets(config)[0]!;
        };
        const post = (handle: ReturnType<typeof handler>, body: unknown, sign = true) => {
          const signed = signWebhook(secret(), JSON.stringify(body));
          return handle(
            adapter.id,
            new Request(`http://test/adapters/${adapter.id}/webhook`, {
              method: 'POST',
              headers: sign ? signed.headers : { 'content-type': 'application/json' },
              body: signed.body,
            }),
          );
        };

        it('has at least one signing secret in its valid config', () => {
          expect(secret().length).toBeGreaterThan(0);
        });

        it('turns a signed sample into a case and answers its number; a repeat answers the same case', async () => {
          const handle = handler();
          const body = inboundOptions.sampleBody();
          const first = await post(handle, body);
          expect(first.status, JSON.stringify(first.body)).toBe(200);
          expect(first.body).toMatchObject({ duplicate: false, caseNumber: expect.any(String) });
          const kase = await db.prisma.case.findUniqueOrThrow({
            where: { number: String(first.body.caseNumber) },
          });
          expect(kase.externalSystem).toBe(adapter.id);
          if (inboundOptions.receivedAtField) {
            const reported = await db.prisma.caseEvent.findFirstOrThrow({
              where: { caseId: kase.id, type: 'REPORTED' },
            });
            expect(reported.data).toMatchObject({
              externalReceivedAt: new Date(String(body[inboundOptions.receivedAtField])).toISOString(),
            });
          }
          const again = await post(handle, body);
          expect(again).toEqual({ status: 200, body: { ...first.body, duplicate: true } });
        });

        it('refuses an unsigned call with 401 and a malformed body with 400', async () => {
          const handle = handler();
          expect((await post(handle, inboundOptions.sampleBody(), false)).status).toBe(401);
          expect((await post(handle, inboundOptions.malformedBody)).status).toBe(400);
        });
      });
    }

    if (adapter.health) {
      it('answers its health check with ok true or false (never throws)', async () => {
        const { config } = enabled(options.validConfig).require(adapter.id);
        const health = await adapter.health!({ adapterId: adapter.id, config, logger });
        expect(typeof health.ok).toBe('boolean');
      });
    }
  });
}
