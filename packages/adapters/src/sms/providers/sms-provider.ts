import { AdapterDeliveryError } from '../../contract.js';
import type { SmsTemplateId } from '../sms-templates.js';

/** One text message to one phone, from a registered template. */
export interface SmsMessage {
  /** Mainland mobile number (11 digits). Personal data: log it only through `maskPhone`. */
  phone: string;
  template: SmsTemplateId;
  variables: Readonly<Record<string, string>>;
  /**
   * Idempotency key: the same key is never sent twice by a gateway that honours it (the generic
   * gateway's `Idempotency-Key` header, Alibaba's `OutId`).
   */
  key: string;
}

export interface SmsSendResult {
  /** The gateway's message id (Alibaba's `BizId`), kept for support. */
  messageId?: string;
}

/** A way to send SMS: the console in development, an HTTP gateway, a vendor's signed API. */
export interface SmsProvider {
  readonly id: string;
  send(message: SmsMessage, options: { signal?: AbortSignal }): Promise<SmsSendResult>;
}

/**
 * A provider refused or failed to send. Keeps the vendor's code and the underlying error; the
 * runtime retries it unless `retryable` is false (a bad number or an unknown template never
 * succeeds, a throttle or a 503 may).
 */
export class SmsProviderError extends AdapterDeliveryError {
  override name = 'SmsProviderError';
  constructor(
    readonly provider: string,
    message: string,
    options: { retryable: boolean; status?: number; vendorCode?: string; cause?: unknown },
  ) {
    super(`${provider}: ${message}`, options);
    this.vendorCode = options.vendorCode;
  }
  readonly vendorCode: string | undefined;
}
