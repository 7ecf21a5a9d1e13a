import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type RunningSmsGateway,
  startSmsGatewaySimulator,
} from '../../../simulators/sms-gateway-simulator.js';
import { SmsProviderError } from '../sms-provider.js';
import { createAliyunSmsProvider, sendSmsParams } from './aliyun-provider.js';
import {
  canonicalizedQuery,
  percentEncode,
  rpcSignature,
  rpcTimestamp,
  stringToSign,
} from './aliyun-signature.js';

/**
 * The fixed vector below was computed outside this code, from the algorithm as Alibaba Cloud
 * documents it, with two independent tools:
 *
 *   python3: quote(s, safe='~') for each name and value, pairs sorted and joined with '&',
 *            StringToSign = 'GET&%2F&' + quote(canonicalized, safe='~'),
 *            base64(hmac.new(b'testsecret&', StringToSign, sha1))
 *   openssl: printf '%s' "$StringToSign" | openssl dgst -sha1 -hmac 'testsecret&' -binary | base64
 *
 * Both give yTeUWEP/q3LTpzcSmChM07dooPg= for these parameters (a SendSms with a Chinese sign name
 * and a JSON template parameter, so UTF-8 and reserved characters are both exercised).
 */
const vectorParams = {
  AccessKeyId: 'LTAItestaccesskey',
  Action: 'SendSms',
  Format: 'JSON',
  OutId: 'case-event-1-sms',
  PhoneNumbers: '13812345678',
  RegionId: 'cn-hangzhou',
  SignName: '人民调解',
  SignatureMethod: 'HMAC-SHA1',
  SignatureNonce: '2f0c6a3e-7d1b-4c55-9a8e-4b1f00000001',
  SignatureVersion: '1.0',
  TemplateCode: 'SMS_100000001',
  TemplateParam: '{"number":"330106-2026-000123"}',
  Timestamp: '2026-11-23T02:00:00Z',
  Version: '2017-05-25',
};

describe('Alibaba Cloud RPC signature', () => {
  it('percent-encodes as the documentation says: only A-Z a-z 0-9 - _ . ~ stay', () => {
    expect(percentEncode("a b*c~d!'()+/:")).toBe('a%20b%2Ac~d%21%27%28%29%2B%2F%3A');
    expect(percentEncode('人')).toBe('%E4%BA%BA');
  });

  it('matches the fixed vector computed with python and openssl', () => {
    expect(canonicalizedQuery(vectorParams)).toBe(
      'AccessKeyId=LTAItestaccesskey&Action=SendSms&Format=JSON&OutId=case-event-1-sms&PhoneNumbers=13812345678' +
        '&RegionId=cn-hangzhou&SignName=%E4%BA%BA%E6%B0%91%E8%B0%83%E8%A7%A3&SignatureMethod=HMAC-SHA1' +
        '&SignatureNonce=2f0c6a3e-7d1b-4c55-9a8e-4b1f00000001&SignatureVersion=1.0&TemplateCode=SMS_100000001' +
        '&TemplateParam=%7B%22number%22%3A%22330106-2026-000123%22%7D&Timestamp=2026-11-23T02%3A00%3A00Z' +
        '&Version=2017-05-25',
    );
    expect(stringToSign('GET', vectorParams).startsWith('GET&%2F&AccessKeyId%3DLTAItestaccesskey%26')).toBe(
      true,
    );
    expect(rpcSignature('GET', vectorParams, 'testsecret')).toBe('yTeUWEP/q3LTpzcSmChM07dooPg=');
  });

  it('ignores a Signature parameter and the order parameters come in', () => {
    const shuffled = Object.fromEntries(Object.entries(vectorParams).reverse());
    expect(rpcSignature('GET', { ...shuffled, Signature: 'x' }, 'testsecret')).toBe(
      'yTeUWEP/q3LTpzcSmChM07dooPg=',
    );
  });

  it('builds the SendSms parameters the vector uses', () => {
    const params = sendSmsParams(
      {
        accessKeyId: 'LTAItestaccesskey',
        accessKeySecret: 'testsecret',
        signName: '人民调解',
        templateCodes: {},
        clock: () => new Date('2026-11-23T02:00:00.000Z'),
        nonce: () => '2f0c6a3e-7d1b-4c55-9a8e-4b1f00000001',
      },
      {
        phone: '13812345678',
        templateCode: 'SMS_100000001',
        variables: { number: '330106-2026-000123' },
        key: 'case-event-1-sms',
      },
    );
    expect(params).toEqual(vectorParams);
    expect(rpcTimestamp(new Date('2026-11-23T02:00:00.987Z'))).toBe('2026-11-23T02:00:00Z');
  });
});

describe('Alibaba Cloud SMS provider against the gateway simulator', () => {
  let gateway: RunningSmsGateway;
  const options = {
    accessKeyId: 'LTAI5tSimulatorKey',
    accessKeySecret: 'simulator-secret-0123456789',
    signName: '人民调解',
    templateCodes: { 'case-accepted': 'SMS_200000001' },
  };
  const message = {
    phone: '13812345678',
    template: 'case-accepted' as const,
    variables: { number: '330106-2026-000123' },
    key: 'case-event-7-sms:party-1',
  };

  beforeAll(async () => {
    gateway = await startSmsGatewaySimulator({
      aliyunKeys: { [options.accessKeyId]: options.accessKeySecret },
    });
  });
  afterAll(() => gateway.stop());

  it('sends a signed SendSms the simulator verifies, once per OutId', async () => {
    const provider = createAliyunSmsProvider({ ...options, endpoint: gateway.url });
    const first = await provider.send(message, {});
    const again = await provider.send(message, {});
    expect(first.messageId).toBe('sim-case-event-7-sms:party-1');
    expect(again.messageId).toBe(first.messageId);
    expect(gateway.sms()).toEqual([
      {
        key: message.key,
        phone: '13812345678',
        template: 'SMS_200000001',
        variables: { number: '330106-2026-000123' },
        via: 'aliyun',
      },
    ]);
    expect(gateway.calls.filter((c) => c.key === message.key).map((c) => c.outcome)).toEqual([
      'recorded',
      'duplicate',
    ]);
  });

  it('refuses for good a wrong secret, an unknown template and a bad number', async () => {
    const wrongSecret = createAliyunSmsProvider({
      ...options,
      accessKeySecret: 'not-the-secret',
      endpoint: gateway.url,
    });
    const refusal = await wrongSecret.send({ ...message, key: 'k-2' }, {}).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(SmsProviderError);
    expect(refusal).toMatchObject({ retryable: false, vendorCode: 'SignatureDoesNotMatch', status: 400 });

    const provider = createAliyunSmsProvider({ ...options, endpoint: gateway.url });
    await expect(
      provider.send({ ...message, template: 'deadline-due', key: 'k-3' }, {}),
    ).rejects.toMatchObject({
      retryable: false,
      message: 'aliyun: no template code configured for deadline-due',
    });
    await expect(provider.send({ ...message, phone: '12345', key: 'k-4' }, {})).rejects.toMatchObject({
      retryable: false,
      vendorCode: 'isv.MOBILE_NUMBER_ILLEGAL',
    });
  });

  it('retries a 5xx and keeps the cause', async () => {
    gateway.knobs.failFirst = 1;
    try {
      const provider = createAliyunSmsProvider({ ...options, endpoint: gateway.url });
      const error = await provider.send({ ...message, key: 'k-5' }, {}).catch((e: unknown) => e);
      expect(error).toMatchObject({ name: 'SmsProviderError', retryable: true });
      expect((error as Error).cause).toBeInstanceOf(Error);
      await expect(provider.send({ ...message, key: 'k-5' }, {})).resolves.toEqual({ messageId: 'sim-k-5' });
    } finally {
      gateway.knobs.failFirst = 0;
    }
  });
});
