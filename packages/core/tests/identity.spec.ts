import { describe, expect, it } from 'vitest';
import { maskAddress, maskIdNumber, maskPhone } from '../src/privacy/masking.js';
import {
  isValidResidentId,
  isValidUnifiedSocialCreditCode,
  normalizeMainlandMobile,
  residentIdCheckCharacter,
} from '../src/validation/identity.js';

describe('resident ID numbers (GB 11643)', () => {
  it('accepts valid numbers, including the X check character', () => {
    expect(isValidResidentId('11010519491231002X')).toBe(true);
    expect(residentIdCheckCharacter('11010519491231002')).toBe('X');
  });
  it('rejects a wrong check digit, impossible or future birth dates, and bad shapes', () => {
    expect(isValidResidentId('110105194912310021')).toBe(false);
    expect(isValidResidentId(`1101051990023000${'1'}${residentIdCheckCharacter('11010519900230001')}`)).toBe(
      false,
    );
    const future = `11010520990101001`;
    expect(isValidResidentId(future + residentIdCheckCharacter(future))).toBe(false);
    expect(isValidResidentId('11010519491231002')).toBe(false);
    expect(isValidResidentId('01010519491231002X')).toBe(false);
  });
});

describe('unified social credit codes (GB 32100)', () => {
  it('checks the check character', () => {
    expect(isValidUnifiedSocialCreditCode('91350100M000100Y43')).toBe(true);
    expect(isValidUnifiedSocialCreditCode('91350100M000100Y44')).toBe(false);
  });
});

describe('mainland mobile numbers', () => {
  it('normalizes +86 and separators, rejects others', () => {
    expect(normalizeMainlandMobile('+86 139-0013-9000')).toBe('13900139000');
    expect(normalizeMainlandMobile('12345678901')).toBeNull();
    expect(normalizeMainlandMobile('1390013900')).toBeNull();
    expect(normalizeMainlandMobile('0571-88886666')).toBeNull();
  });
});

describe('masking', () => {
  it('masks ID numbers, phones and addresses', () => {
    expect(maskIdNumber('330106199001011234')).toBe('3301**********1234');
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskAddress('杭州市西湖区文三路100号')).toBe('杭州市西湖区****');
  });
});
