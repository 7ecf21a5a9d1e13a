import { AdapterDeliveryError } from '../../contract.js';
import { postJson } from '../../runtime/http.js';
import { renderSms, renderSmsBody, smsTemplates } from '../sms-templates.js';
import { type SmsProvider, SmsProviderError } from './sms-provider.js';

export interface HttpGatewayOptions {
  /** The gateway's send endpoint, e.g. `https://sms.example.gov.cn/api/sms/send`. */
  url: string;
  /** Sent as `Authorization: Bearer <apiKey>`. */
  apiKey?: string;
  signName: string;
}

/**
 * A generic SMS gateway over HTTP (many provincial government platforms offer one): one JSON POST
 * per message, the idempotency key in `Idempotency-Key`. The body carries the template id and its
 * variables as well as the rendered message, so gateways that want either can use it:
 * `{ to, template, variables, signName, body, text, recipients }`, where `body` is the template
 * rendered without the signature, `text` the whole message as it is sent (【signName】body), and
 * `recipients` the template's recipient role. A 2xx answer may carry `{ messageId }`.
 */
export function createHttpGatewaySmsProvider(options: HttpGatewayOptions): SmsProvider {
  return {
    id: 'http',
    async send(message, { signal }) {
      const body = JSON.stringify({
        to: message.phone,
        template: message.template,
        variables: message.variables,
        signName: options.signName,
        body: renderSmsBody(message.template, message.variables),
        text: renderSms(options.signName, message.template, message.variables),
        recipients: smsTemplates[message.template].recipients,
      });
      try {
        const response = await postJson(options.url, body, {
          signal,
          headers: {
            'idempotency-key': message.key,
            ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}),
          },
        });
        const answer = (await response.json().catch(() => ({}))) as { messageId?: unknown };
        return typeof answer.messageId === 'string' ? { messageId: answer.messageId } : {};
      } catch (error) {
        if (error instanceof AdapterDeliveryError) {
          throw new SmsProviderError('http', error.message, {
            retryable: error.retryable,
            status: error.status,
            cause: error,
          });
        }
        throw error;
      }
    },
  };
}
