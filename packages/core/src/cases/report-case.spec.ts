import { describe, expect, it } from 'vitest';
import { reportCaseInput } from './report-case.js';

const referral = (externalReceivedAt: Date, external = true) => ({
  title: '信访转办的邻里纠纷',
  facts: '信访人反映邻居装修噪音扰民，要求调解。',
  category: 'NEIGHBORHOOD',
  source: 'PETITION_REFERRAL',
  regionId: 1,
  parties: [{ role: 'APPLICANT', name: '王建国' }],
  ...(external ? { externalSystem: 'petition', externalRef: 'XF20261122001' } : {}),
  externalReceivedAt,
});

describe('a referral’s time of receipt by the referring system', () => {
  it('is kept when it is a past time of a referral', () => {
    const at = new Date(Date.now() - 3_600_000);
    const parsed = reportCaseInput.parse(referral(at));
    expect(parsed.externalReceivedAt).toEqual(at);
  });

  it('is refused in the future, before 2000, or without a referring system', () => {
    for (const [input, message] of [
      [referral(new Date(Date.now() + 3_600_000)), 'must not be in the future'],
      [referral(new Date('1999-12-31T00:00:00Z')), 'must be in 2000 or later'],
      [referral(new Date(Date.now() - 60_000), false), 'only a referral'],
    ] as const) {
      const result = reportCaseInput.safeParse(input);
      expect(result.success).toBe(false);
      expect(result.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toContainEqual([
        'externalReceivedAt',
        expect.stringContaining(message),
      ]);
    }
  });
});
