import { randomUUID, timingSafeEqual } from 'node:crypto';
import { maskPhone } from '@mediation/core';
import { rpcSignature } from '../sms/providers/aliyun/aliyun-signature.js';
import {
  header,
  type ReceivedMessage,
  type RunningSimulator,
  type SimulatorOptions,
  startSimulatorServer,
} from './simulator-server.js';

export interface SmsGatewaySimulatorOptions extends SimulatorOptions {
  /** Bearer key the generic route requires; none means any caller. */
  apiKey?: string;
  /** AccessKey pairs the Alibaba-compatible route accepts (id → secret). */
  aliyunKeys?: Readonly<Record<string, string>>;
}

/** An SMS as the gateway took it. `phone` is personal data: tests read it, logs must not. */
export interface SentSms {
  key: string;
  phone: string;
  template: string;
  variables: Record<string, string>;
  via: 'http' | 'aliyun';
}

export interface RunningSmsGateway extends RunningSimulator {
  /** The messages, one per idempotency key. */
  sms(): SentSms[];
  /** Where the generic provider posts (`<url>/sms/send`). */
  sendUrl: string;
}

const mobile = /^1[3-9]\d{9}$/;

/**
 * A simulated SMS gateway with two faces: the generic JSON route the `http` provider calls
 * (`POST /sms/send`, `Idempotency-Key`), and an Alibaba Cloud compatible `SendSms` endpoint
 * (`POST /`, form-encoded, RPC signature checked against `aliyunKeys`, `OutId` as the key).
 */
export async function startSmsGatewaySimulator(
  options: SmsGatewaySimulatorOptions = {},
): Promise<RunningSmsGateway> {
  const aliyunKeys = options.aliyunKeys ?? {};
  const sim = await startSimulatorServer(
    [
      {
        method: 'POST',
        path: '/sms/send',
        handle({ body, headers }) {
          if (
            options.apiKey &&
            !safeEqual(header(headers, 'authorization') ?? '', `Bearer ${options.apiKey}`)
          ) {
            return { kind: 'reply', status: 401, body: { error: 'bad api key' } };
          }
          const key = header(headers, 'idempotency-key');
          const sms = body as { to?: unknown; template?: unknown } | null;
          if (!key) return { kind: 'reply', status: 400, body: { error: 'Idempotency-Key header required' } };
          if (typeof sms?.to !== 'string' || !mobile.test(sms.to)) {
            return { kind: 'reply', status: 422, body: { error: 'to must be a mainland mobile number' } };
          }
          if (typeof sms.template !== 'string') {
            return { kind: 'reply', status: 422, body: { error: 'template required' } };
          }
          return { kind: 'accept', key };
        },
        answer: (message) => ({ messageId: `sim-${message.key}` }),
      },
      {
        method: 'POST',
        path: '/',
        handle({ rawBody }) {
          const params = Object.fromEntries(new URLSearchParams(rawBody));
          const requestId = randomUUID();
          const refuse = (status: number, code: string, message: string) => ({
            kind: 'reply' as const,
            status,
            body: { Code: code, Message: message, RequestId: requestId },
          });
          const secret = aliyunKeys[params.AccessKeyId ?? ''];
          if (!secret)
            return refuse(404, 'InvalidAccessKeyId.NotFound', 'Specified access key is not found.');
          const { Signature: signature, ...signed } = params;
          if (!signature || !safeEqual(signature, rpcSignature('POST', signed, secret))) {
            return refuse(
              400,
              'SignatureDoesNotMatch',
              'Specified signature is not matched with our calculation.',
            );
          }
          if (params.Action !== 'SendSms')
            return refuse(400, 'InvalidAction', `unknown action ${params.Action}`);
          if (!mobile.test(params.PhoneNumbers ?? '')) {
            return {
              kind: 'reply',
              status: 200,
              body: { Code: 'isv.MOBILE_NUMBER_ILLEGAL', Message: '非法手机号', RequestId: requestId },
            };
          }
          if (!params.TemplateCode?.startsWith('SMS_')) {
            return {
              kind: 'reply',
              status: 200,
              body: { Code: 'isv.SMS_TEMPLATE_ILLEGAL', Message: '模板不合法', RequestId: requestId },
            };
          }
          return { kind: 'accept', key: params.OutId ?? params.SignatureNonce ?? requestId, record: params };
        },
        answer: (message) => ({
          Code: 'OK',
          Message: 'OK',
          BizId: `sim-${message.key}`,
          RequestId: randomUUID(),
        }),
      },
    ],
    options,
  );
  // The Alibaba route's body is a form: keep its parameters where the JSON route keeps its body.
  const toSms = (message: ReceivedMessage): SentSms => {
    if (message.route === 'POST /sms/send') {
      const body = message.body as { to: string; template: string; variables?: Record<string, string> };
      return {
        key: message.key,
        phone: body.to,
        template: body.template,
        variables: body.variables ?? {},
        via: 'http',
      };
    }
    const params = message.body as Record<string, string>;
    return {
      key: message.key,
      phone: params.PhoneNumbers!,
      template: params.TemplateCode!,
      variables: JSON.parse(params.TemplateParam ?? '{}'),
      via: 'aliyun',
    };
  };
  return { ...sim, sendUrl: `${sim.url}/sms/send`, sms: () => sim.received.map(toSms) };
}

/** A one-line, phone-masked description of a sent SMS (for the demo's logs). */
export function describeSms(sms: SentSms): string {
  return `${sms.via} ${sms.template} → ${maskPhone(sms.phone)}`;
}

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
