import { isValidTermCode, parseTerm, previousTermCode, termOf } from './index';
import { describeInEachProcessTimeZone } from './test-support/process-time-zones';

describeInEachProcessTimeZone('terms', () => {
  it('parses a spring term', () => {
    expect(parseTerm('2026-VT')).toEqual({ code: '2026-VT', year: 2026, half: 'VT', from: '2026-01-01', to: '2026-06-30' });
  });

  it('parses an autumn term', () => {
    expect(parseTerm('2026-HT')).toEqual({ code: '2026-HT', year: 2026, half: 'HT', from: '2026-07-01', to: '2026-12-31' });
  });

  it.each(['2026-vt', '2026-XT', '26-VT', '2026VT', '2026-VT ', 'VT-2026', '', '2026-H'])('rejects %j with a clear message', (code) => {
    expect(isValidTermCode(code)).toBe(false);
    expect(() => parseTerm(code)).toThrow(`Invalid term code ${JSON.stringify(code)}: expected YYYY-VT or YYYY-HT, e.g. 2026-VT`);
  });

  it('rejects non-strings', () => {
    expect(isValidTermCode(2026)).toBe(false);
    expect(isValidTermCode(null)).toBe(false);
    expect(() => parseTerm(undefined as unknown as string)).toThrow(/Invalid term code/);
  });

  it.each([
    ['2026-01-01', '2026-VT'],
    ['2026-06-30', '2026-VT'],
    ['2026-07-01', '2026-HT'],
    ['2026-12-31', '2026-HT'],
    ['2028-02-29', '2028-VT'],
  ])('%s is in term %s', (date, code) => {
    expect(termOf(date)).toBe(code);
    const term = parseTerm(code);
    expect(date >= term.from && date <= term.to).toBe(true);
  });

  it('rejects an invalid date', () => {
    expect(() => termOf('2026-06-31')).toThrow(/Invalid LocalDate/);
  });
});

describe('previousTermCode', () => {
  it('steps back one half year, across the new year', () => {
    expect(previousTermCode('2026-HT')).toBe('2026-VT');
    expect(previousTermCode('2026-VT')).toBe('2025-HT');
  });
});
