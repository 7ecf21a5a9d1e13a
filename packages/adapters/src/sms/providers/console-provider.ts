import { type Logger, maskPhone } from '@mediation/core';
import { renderSms } from '../sms-templates.js';
import type { SmsProvider } from './sms-provider.js';

/**
 * Development provider: writes the message to the log instead of sending it. The phone is masked
 * (`138****5678`); the text carries only case numbers, times and places, never personal data.
 */
export function createConsoleSmsProvider(options: { logger: Logger; signName: string }): SmsProvider {
  return {
    id: 'console',
    async send(message) {
      const text = renderSms(options.signName, message.template, message.variables);
      options.logger.info(
        { to: maskPhone(message.phone), template: message.template, key: message.key },
        `SMS ${text}`,
      );
      return { messageId: `console-${message.key}` };
    },
  };
}
