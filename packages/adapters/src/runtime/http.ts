import { redactFreeText } from '@mediation/core';
import { AdapterDeliveryError } from '../contract.js';

/** Statuses worth retrying: timeouts, rate limits, conflicts still in progress, server errors. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 425 || status === 429 || status >= 500;
}

/**
 * POSTs a JSON body and resolves with the response when it is 2xx. Throws `AdapterDeliveryError`
 * otherwise: retryable for network errors, timeouts and the statuses above; not retryable for
 * other 4xx (the receiver refused the message for good). The cause (the answer's first 500
 * characters, personal data and secrets masked) is kept.
 */
export async function postJson(
  url: string,
  body: string,
  options: { headers?: Record<string, string>; signal?: AbortSignal },
): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...options.headers },
      body,
      signal: options.signal,
    });
  } catch (error) {
    throw new AdapterDeliveryError(`POST ${new URL(url).host} failed: ${(error as Error).name}`, {
      retryable: true,
      cause: error,
    });
  }
  if (response.ok) return response;
  const text = await response.text().catch(() => '');
  throw new AdapterDeliveryError(`POST ${new URL(url).host} answered ${response.status}`, {
    retryable: isRetryableStatus(response.status),
    status: response.status,
    // Partners often echo what they were sent: no phone, ID number or secret goes to logs or lastError.
    cause: new Error(redactFreeText(text.slice(0, 500))),
  });
}
