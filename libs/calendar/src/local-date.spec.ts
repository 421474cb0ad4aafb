import { addDays, addWeeks, compareDates, dayOfWeek, daysBetween, isValidLocalDate, maxDate } from './index';
import { describeInEachProcessTimeZone } from './test-support/process-time-zones';

describeInEachProcessTimeZone('local dates', () => {
  describe('isValidLocalDate', () => {
    it.each(['2026-01-01', '2026-12-31', '2028-02-29', '2000-02-29', '2024-02-29', '0050-06-15', '9999-12-31', '2026-04-30'])(
      'accepts %s',
      (date) => expect(isValidLocalDate(date)).toBe(true),
    );

    it.each([
      '2026-02-29', // not a leap year
      '1900-02-29', // century, not divisible by 400
      '2100-02-29',
      '2026-02-30',
      '2026-04-31',
      '2026-13-01',
      '2026-00-10',
      '2026-01-00',
      '2026-01-32',
      '2026-4-01',
      '26-04-01',
      ' 2026-04-01',
      '2026-04-01 ',
      '2026-04-01T00:00',
      '2026/04/01',
      '20260401',
      '',
    ])('rejects %j', (date) => expect(isValidLocalDate(date)).toBe(false));

    it.each([null, undefined, 20260401, new Date('2026-04-01')])('rejects the non-string %p', (value) => {
      expect(isValidLocalDate(value)).toBe(false);
    });
  });

  describe('addDays and addWeeks', () => {
    it.each([
      ['2026-01-31', 1, '2026-02-01'],
      ['2026-02-28', 1, '2026-03-01'],
      ['2028-02-28', 1, '2028-02-29'],
      ['2028-02-29', 1, '2028-03-01'],
      ['2026-12-31', 1, '2027-01-01'],
      ['2027-01-01', -1, '2026-12-31'],
      ['2026-03-28', 1, '2026-03-29'], // spring DST change in Europe
      ['2026-03-29', 1, '2026-03-30'],
      ['2026-10-25', 1, '2026-10-26'], // autumn DST change in Europe
      ['2026-03-08', 1, '2026-03-09'], // spring DST change in the USA
      ['2026-01-01', 365, '2027-01-01'],
      ['2028-01-01', 366, '2029-01-01'],
      ['1970-01-01', -1, '1969-12-31'],
      ['0050-01-01', 31, '0050-02-01'], // years below 100 are not shifted to 19xx
      ['2026-06-15', 0, '2026-06-15'],
    ])('%s + %i days = %s', (date, days, expected) => {
      expect(addDays(date, days)).toBe(expected);
    });

    it('adds weeks as 7 days each (same weekday)', () => {
      expect(addWeeks('2026-02-27', 3)).toBe('2026-03-20');
      expect(addWeeks('2028-02-08', 3)).toBe('2028-02-29');
      expect(addWeeks('2026-03-20', 3)).toBe('2026-04-10');
      expect(addWeeks('2026-12-17', 3)).toBe('2027-01-07');
      expect(dayOfWeek(addWeeks('2026-03-27', 3))).toBe(dayOfWeek('2026-03-27'));
    });

    it('throws on an invalid date', () => {
      expect(() => addDays('2026-02-30', 1)).toThrow(/Invalid LocalDate/);
      expect(() => addWeeks('not a date', 1)).toThrow(/Invalid LocalDate/);
    });
  });

  describe('daysBetween, compareDates, maxDate', () => {
    it('counts calendar days, negative backwards, across DST changes and leap days', () => {
      expect(daysBetween('2026-03-01', '2026-04-01')).toBe(31);
      expect(daysBetween('2026-10-01', '2026-11-01')).toBe(31);
      expect(daysBetween('2028-02-01', '2028-03-01')).toBe(29);
      expect(daysBetween('2026-02-01', '2026-03-01')).toBe(28);
      expect(daysBetween('2026-04-01', '2026-03-01')).toBe(-31);
      expect(daysBetween('2026-06-15', '2026-06-15')).toBe(0);
      expect(daysBetween('2000-01-01', '2100-01-01')).toBe(36525);
    });

    it('orders dates', () => {
      expect(compareDates('2026-02-26', '2026-02-27')).toBe(-1);
      expect(compareDates('2026-02-27', '2026-02-27')).toBe(0);
      expect(compareDates('2027-01-01', '2026-12-31')).toBe(1);
      expect(['2026-03-01', '2025-12-31', '2026-02-28'].sort(compareDates)).toEqual(['2025-12-31', '2026-02-28', '2026-03-01']);
    });

    it('picks the latest date', () => {
      expect(maxDate('2026-02-26')).toBe('2026-02-26');
      expect(maxDate('2026-02-26', '2026-02-27')).toBe('2026-02-27');
      expect(maxDate('2026-02-27', '2026-02-26')).toBe('2026-02-27');
      expect(maxDate('2025-12-31', '2026-01-01', '2025-06-01')).toBe('2026-01-01');
      expect(() => maxDate('2026-02-26', '2026-02-30')).toThrow(/Invalid LocalDate/);
      expect(() => maxDate('nope')).toThrow(/Invalid LocalDate/);
    });
  });

  describe('dayOfWeek (ISO: 1 = Monday … 7 = Sunday)', () => {
    it.each([
      ['1970-01-01', 4],
      ['1969-12-31', 3],
      ['2000-01-01', 6],
      ['2026-01-01', 4],
      ['2026-03-29', 7],
      ['2026-03-30', 1],
      ['2026-06-19', 5],
      ['2026-10-25', 7],
      ['2028-02-29', 2],
      ['2026-12-24', 4],
    ])('%s is weekday %i', (date, weekday) => {
      expect(dayOfWeek(date)).toBe(weekday);
    });
  });
});
