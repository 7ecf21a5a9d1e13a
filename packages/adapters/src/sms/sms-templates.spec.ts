import { describe, expect, it } from 'vitest';
import { renderSms, renderSmsBody, SmsTemplateError, smsTemplateIds, smsTemplates } from './sms-templates.js';

describe('SMS templates', () => {
  it('renders the case-accepted message with its signature', () => {
    expect(renderSms('人民调解', 'case-accepted', { number: '330106-2026-000123' })).toBe(
      '【人民调解】您申请调解的纠纷（编号330106-2026-000123）已受理，我们将尽快安排调解员与您联系。',
    );
  });

  it('lists the variables of every template and refuses a message that lacks one', () => {
    expect(smsTemplates['session-scheduled'].variables).toEqual(['number', 'time', 'mode', 'place']);
    for (const id of smsTemplateIds) expect(smsTemplates[id].variables[0]).toBe('number');
    expect(() => renderSmsBody('deadline-due', { number: '1' })).toThrow(SmsTemplateError);
  });
});
