import { isResearchExempt, retentionDueOn } from './retention';

describe('retentionDueOn (SoL 12:1, five years after the last entry)', () => {
  it('is the same date five years later', () => {
    expect(retentionDueOn('2021-06-15')).toBe('2026-06-15');
    expect(retentionDueOn('2021-06-15', 5)).toBe('2026-06-15');
  });

  it('moves a last entry on 29 February to 28 February of a common year', () => {
    expect(retentionDueOn('2024-02-29', 5)).toBe('2029-02-28');
    expect(retentionDueOn('2024-02-28', 5)).toBe('2029-02-28');
    expect(retentionDueOn('2024-03-01', 5)).toBe('2029-03-01');
  });

  it('keeps 29 February when the target year is a leap year', () => {
    expect(retentionDueOn('2024-02-29', 4)).toBe('2028-02-29');
  });

  it('handles the year end without spilling into the next year', () => {
    expect(retentionDueOn('2020-12-31', 5)).toBe('2025-12-31');
    expect(retentionDueOn('2021-01-01', 5)).toBe('2026-01-01');
  });

  it('takes other periods from the setting', () => {
    expect(retentionDueOn('2020-05-10', 10)).toBe('2030-05-10');
    expect(retentionDueOn('2020-05-10', 0)).toBe('2020-05-10');
  });

  it('refuses bad input', () => {
    expect(() => retentionDueOn('2021-02-30')).toThrow();
    expect(() => retentionDueOn('2021-01-01', -1)).toThrow();
    expect(() => retentionDueOn('2021-01-01', 1.5)).toThrow();
  });
});

describe('isResearchExempt (SoL 12:2, SoF 7:2: born on the 5th, 15th or 25th)', () => {
  it('exempts the default days', () => {
    for (const day of ['05', '15', '25']) expect(isResearchExempt(`1980-03-${day}`)).toBe(true);
    for (const day of ['04', '06', '14', '16', '24', '26', '31']) expect(isResearchExempt(`1980-03-${day}`)).toBe(false);
  });

  it('follows the configured days, and none when the list is empty', () => {
    expect(isResearchExempt('1980-03-01', [1, 31])).toBe(true);
    expect(isResearchExempt('1980-03-15', [1, 31])).toBe(false);
    expect(isResearchExempt('1980-03-15', [])).toBe(false);
  });

  it('refuses an impossible birth date', () => {
    expect(() => isResearchExempt('1980-02-30')).toThrow();
  });
});
