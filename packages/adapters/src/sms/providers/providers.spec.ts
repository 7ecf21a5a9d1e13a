import type { Logger } from '@mediation/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSmsGateway, startSmsGatewaySimulator } from '../../simulators/sms-gateway-simulator.js';
import { createConsoleSmsProvider } from './console-provider.js';
import { createHttpGatewaySmsProvider } from './http-gateway-provider.js';
import { SmsProviderError } from './sms-provider.js';

const message = {
  phone: '13812345678',
  template: 'case-accepted' as const,
  variables: { number: '330106-2026-000123' },
  key: 'case-event-9-sms:party-3',
};

/** A logger that keeps what it was given, serialized as a log line would be. */
function recordingLogger() {
  const lines: string[] = [];
  const logger = {
    info: (fields: unknown, text: string) => lines.push(JSON.stringify({ ...(fields as object), msg: text })),
  };
  return { logger: logger as unknown as Logger, lines };
}

describe('console SMS provider', () => {
  it('logs the text with the phone masked, never in clear', async () => {
    const { logger, lines } = recordingLogger();
    await createConsoleSmsProvider({ logger, signName: '人民调解' }).send(message, {});
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('138****5678');
    expect(lines[0]).toContain('【人民调解】您申请调解的纠纷（编号330106-2026-000123）已受理');
    expect(lines[0]).not.toContain('13812345678');
  });
});

describe('HTTP gateway SMS provider', () => {
  let gateway: RunningSmsGateway;
  beforeAll(async () => {
    gateway = await startSmsGatewaySimulator({ apiKey: 'gateway-key-123' });
  });
  afterAll(() => gateway.stop());

  it('posts the template, variables and text with the key, once per key', async () => {
    const provider = createHttpGatewaySmsProvider({
      url: gateway.sendUrl,
      apiKey: 'gateway-key-123',
      signName: '人民调解',
    });
    expect(await provider.send(message, {})).toEqual({ messageId: `sim-${message.key}` });
    await provider.send(message, {});
    expect(gateway.sms()).toEqual([
      {
        key: message.key,
        phone: '13812345678',
        template: 'case-accepted',
        variables: message.variables,
        via: 'http',
      },
    ]);
    expect(gateway.received[0]!.body).toMatchObject({
      text: '【人民调解】您申请调解的纠纷（编号330106-2026-000123）已受理，我们将尽快安排调解员与您联系。',
    });
  });

  it('wraps refusals in SmsProviderError: 401/422 for good, 503 retryable', async () => {
    const wrongKey = createHttpGatewaySmsProvider({
      url: gateway.sendUrl,
      apiKey: 'nope-nope-nope',
      signName: '人民调解',
    });
    await expect(wrongKey.send({ ...message, key: 'a' }, {})).rejects.toMatchObject({
      retryable: false,
      status: 401,
    });
    const provider = createHttpGatewaySmsProvider({
      url: gateway.sendUrl,
      apiKey: 'gateway-key-123',
      signName: '人民调解',
    });
    await expect(provider.send({ ...message, phone: '010-1234567', key: 'b' }, {})).rejects.toMatchObject({
      retryable: false,
      status: 422,
    });
    gateway.knobs.failFirst = 1;
    try {
      const error = await provider.send({ ...message, key: 'c' }, {}).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SmsProviderError);
      expect(error).toMatchObject({ retryable: true, provider: 'http' });
      expect([500, 503]).toContain((error as SmsProviderError).status);
    } finally {
      gateway.knobs.failFirst = 0;
    }
  });

  it('gives up when the signal aborts (a gateway that never answers)', async () => {
    gateway.knobs.timeoutRate = 1;
    try {
      const provider = createHttpGatewaySmsProvider({
        url: gateway.sendUrl,
        apiKey: 'gateway-key-123',
        signName: '人民调解',
      });
      await expect(
        provider.send({ ...message, key: 'd' }, { signal: AbortSignal.timeout(200) }),
      ).rejects.toMatchObject({
        retryable: true,
      });
      // The gateway took it before the answer was lost: a retry is answered as a duplicate.
      gateway.knobs.timeoutRate = 0;
      await provider.send({ ...message, key: 'd' }, {});
      expect(gateway.calls.filter((c) => c.key === 'd').map((c) => c.outcome)).toEqual([
        'timed-out',
        'duplicate',
      ]);
    } finally {
      gateway.knobs.timeoutRate = 0;
    }
  });
});
