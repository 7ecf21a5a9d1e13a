import { describe, expect, it } from 'vitest';
import { redactFreeText } from './masking.js';

describe('redactFreeText', () => {
  it('masks phones, ID numbers and credentials in text we did not write', () => {
    const partnerAnswer =
      '{"error":"bad opinion","echo":"联系电话13912345678，+86 13800138000，身份证11010519491231002X，旧证110105491231002","key":"whsec_c2VjcmV0LXNlY3JldA==","auth":"Bearer eyJhbGciOi.x.y","apiKey":"mdk_ab12_secretpart"}';
    const redacted = redactFreeText(partnerAnswer);
    for (const clear of [
      '13912345678',
      '13800138000',
      '11010519491231002X',
      '110105491231002',
      'c2VjcmV0LXNlY3JldA',
      'eyJhbGciOi',
      'secretpart',
    ]) {
      expect(redacted).not.toContain(clear);
    }
    expect(redacted).toContain('139****5678');
    expect(redacted).toContain('1101**********002X');
    expect(redacted).toContain('whsec_[redacted]');
    expect(redacted).toContain('Bearer [redacted]');
  });

  it('leaves case numbers, incident numbers and amounts alone', () => {
    const text = '案件 330106-2026-000123，警情 JJ202611023301100024，金额 12000.50 元';
    expect(redactFreeText(text)).toBe(text);
  });
});
