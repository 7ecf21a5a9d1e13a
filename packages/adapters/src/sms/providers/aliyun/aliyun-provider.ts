import { randomUUID } from 'node:crypto';
import { isRetryableStatus } from '../../../runtime/http.js';
import type { SmsTemplateId } from '../../sms-templates.js';
import { type SmsProvider, SmsProviderError } from '../sms-provider.js';
import { rpcTimestamp, signedQuery } from './aliyun-signature.js';

export interface AliyunSmsOptions {
  accessKeyId: string;
  accessKeySecret: string;
  /** 短信签名 approved in the console, e.g. 人民调解. */
  signName: string;
  /** Our template ids → the approved template codes (`SMS_123456789`). */
  templateCodes: Partial<Record<SmsTemplateId, string>>;
  /** @default 'https://dysmsapi.aliyuncs.com' */
  endpoint?: string;
  /** @default 'cn-hangzhou' */
  regionId?: string;
  /** For fixed test vectors. */
  clock?: () => Date;
  nonce?: () => string;
}

/** Business codes worth retrying: throttles and the vendor's own failures. Everything else is final. */
const retryableCodes = [
  'isv.BUSINESS_LIMIT_CONTROL',
  'isp.SYSTEM_ERROR',
  'ServiceUnavailable',
  'InternalError',
  'Throttling',
];

/** The `SendSms` parameters (API version 2017-05-25), before signing. */
export function sendSmsParams(
  options: AliyunSmsOptions,
  message: { phone: string; templateCode: string; variables: Readonly<Record<string, string>>; key: string },
): Record<string, string> {
  return {
    AccessKeyId: options.accessKeyId,
    Action: 'SendSms',
    Format: 'JSON',
    OutId: message.key,
    PhoneNumbers: message.phone,
    RegionId: options.regionId ?? 'cn-hangzhou',
    SignName: options.signName,
    SignatureMethod: 'HMAC-SHA1',
    SignatureNonce: options.nonce?.() ?? randomUUID(),
    SignatureVersion: '1.0',
    TemplateCode: message.templateCode,
    TemplateParam: JSON.stringify(message.variables),
    Timestamp: rpcTimestamp(options.clock?.() ?? new Date()),
    Version: '2017-05-25',
  };
}

/**
 * Alibaba Cloud SMS (阿里云短信) `SendSms`, RPC style: a form POST of the signed parameters. The
 * delivery key travels as `OutId`. Answers carry `Code`: `OK`, or a reason such as
 * `isv.MOBILE_NUMBER_ILLEGAL` (final) or `isv.BUSINESS_LIMIT_CONTROL` (a throttle: retried).
 */
export function createAliyunSmsProvider(options: AliyunSmsOptions): SmsProvider {
  const endpoint = options.endpoint ?? 'https://dysmsapi.aliyuncs.com';
  return {
    id: 'aliyun',
    async send(message, { signal }) {
      const templateCode = options.templateCodes[message.template];
      if (!templateCode) {
        throw new SmsProviderError('aliyun', `no template code configured for ${message.template}`, {
          retryable: false,
        });
      }
      const params = sendSmsParams(options, { ...message, templateCode });
      let response: Response;
      try {
        response = await fetch(new URL('/', endpoint), {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: signedQuery('POST', params, options.accessKeySecret),
          signal,
        });
      } catch (error) {
        throw new SmsProviderError('aliyun', `SendSms failed: ${(error as Error).name}`, {
          retryable: true,
          cause: error,
        });
      }
      const text = await response.text().catch(() => '');
      let answer: { Code?: string; Message?: string; BizId?: string; RequestId?: string } = {};
      try {
        answer = JSON.parse(text);
      } catch {
        // A proxy's HTML error page: judged by status alone.
      }
      if (response.ok && answer.Code === 'OK') return answer.BizId ? { messageId: answer.BizId } : {};
      const code = answer.Code ?? `HTTP ${response.status}`;
      const retryable =
        retryableCodes.some((c) => code.startsWith(c)) ||
        (!answer.Code && isRetryableStatus(response.status));
      throw new SmsProviderError('aliyun', `SendSms answered ${code}`, {
        retryable: retryable || response.status >= 500,
        status: response.status,
        vendorCode: code,
        cause: new Error(
          `${code}: ${answer.Message ?? text.slice(0, 300)} (RequestId ${answer.RequestId ?? '-'})`,
        ),
      });
    },
  };
}
