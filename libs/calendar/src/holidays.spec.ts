import {
  addDays,
  dayOfWeek,
  easterSunday,
  isNonWorkingDay,
  isPublicHoliday,
  nextWorkingDay,
  nonWorkingReason,
  publicHolidayName,
  swedishPublicHolidays,
} from './index';
import { describeInEachProcessTimeZone } from './test-support/process-time-zones';

const namesOf = (year: number) => swedishPublicHolidays(year).map(({ date, name }) => `${date} ${name}`);

describeInEachProcessTimeZone('Swedish public holidays', () => {
  describe('easterSunday (Gregorian computus)', () => {
    it.each([
      [1818, '1818-03-22'], // earliest possible
      [1943, '1943-04-25'], // latest possible
      [2000, '2000-04-23'],
      [2008, '2008-03-23'],
      [2011, '2011-04-24'],
      [2019, '2019-04-21'], // astronomical full moon on 21 March, computus still gives April
      [2024, '2024-03-31'],
      [2025, '2025-04-20'],
      [2026, '2026-04-05'],
      [2027, '2027-03-28'],
      [2028, '2028-04-16'],
      [2038, '2038-04-25'],
      [2049, '2049-04-18'],
      [2285, '2285-03-22'],
    ])('%i → %s', (year, easter) => {
      expect(easterSunday(year)).toBe(easter);
    });

    it('is always a Sunday between 22 March and 25 April', () => {
      for (let year = 1900; year <= 2300; year++) {
        const easter = easterSunday(year);
        expect(dayOfWeek(easter)).toBe(7);
        expect(easter >= `${year}-03-22` && easter <= `${year}-04-25`).toBe(true);
      }
    });
  });

  describe('swedishPublicHolidays', () => {
    it('lists 2026 in date order with Swedish names', () => {
      expect(namesOf(2026)).toEqual([
        '2026-01-01 nyårsdagen',
        '2026-01-06 trettondedag jul',
        '2026-04-03 långfredagen',
        '2026-04-05 påskdagen',
        '2026-04-06 annandag påsk',
        '2026-05-01 första maj',
        '2026-05-14 Kristi himmelsfärdsdag',
        '2026-05-24 pingstdagen',
        '2026-06-06 Sveriges nationaldag',
        '2026-06-20 midsommardagen',
        '2026-10-31 alla helgons dag',
        '2026-12-25 juldagen',
        '2026-12-26 annandag jul',
      ]);
    });

    it('lists 2025', () => {
      expect(namesOf(2025)).toEqual([
        '2025-01-01 nyårsdagen',
        '2025-01-06 trettondedag jul',
        '2025-04-18 långfredagen',
        '2025-04-20 påskdagen',
        '2025-04-21 annandag påsk',
        '2025-05-01 första maj',
        '2025-05-29 Kristi himmelsfärdsdag',
        '2025-06-06 Sveriges nationaldag',
        '2025-06-08 pingstdagen',
        '2025-06-21 midsommardagen',
        '2025-11-01 alla helgons dag',
        '2025-12-25 juldagen',
        '2025-12-26 annandag jul',
      ]);
    });

    it.each([
      [2019, '2019-04-19', '2019-04-21', '2019-04-22', '2019-05-30', '2019-06-09'],
      [2024, '2024-03-29', '2024-03-31', '2024-04-01', '2024-05-09', '2024-05-19'],
      [2027, '2027-03-26', '2027-03-28', '2027-03-29', '2027-05-06', '2027-05-16'],
      [2028, '2028-04-14', '2028-04-16', '2028-04-17', '2028-05-25', '2028-06-04'],
      [2038, '2038-04-23', '2038-04-25', '2038-04-26', '2038-06-03', '2038-06-13'],
      [2285, '2285-03-20', '2285-03-22', '2285-03-23', '2285-04-30', '2285-05-10'],
    ])('%i: the movable feasts follow Easter', (year, goodFriday, easter, easterMonday, ascension, pentecost) => {
      const byName = Object.fromEntries(swedishPublicHolidays(year).map(({ date, name }) => [name, date]));
      expect(byName).toMatchObject({
        långfredagen: goodFriday,
        påskdagen: easter,
        'annandag påsk': easterMonday,
        'Kristi himmelsfärdsdag': ascension,
        pingstdagen: pentecost,
      });
    });

    it.each([
      [2019, '2019-06-22', '2019-11-02'],
      [2020, '2020-06-20', '2020-10-31'],
      [2021, '2021-06-26', '2021-11-06'],
      [2022, '2022-06-25', '2022-11-05'],
      [2023, '2023-06-24', '2023-11-04'],
      [2024, '2024-06-22', '2024-11-02'],
      [2025, '2025-06-21', '2025-11-01'],
      [2026, '2026-06-20', '2026-10-31'],
      [2027, '2027-06-26', '2027-11-06'],
      [2028, '2028-06-24', '2028-11-04'],
    ])('%i: midsommardagen %s, alla helgons dag %s', (year, midsummer, allSaints) => {
      expect(publicHolidayName(midsummer)).toBe('midsommardagen');
      expect(publicHolidayName(allSaints)).toBe('alla helgons dag');
      expect(nonWorkingReason(addDays(midsummer, -1))).toBe('midsommarafton');
      expect(swedishPublicHolidays(year).filter((h) => h.name === 'midsommardagen')).toEqual([{ date: midsummer, name: 'midsommardagen' }]);
    });

    it('has the invariants of the law for every year 1953–2300', () => {
      for (let year = 1953; year <= 2300; year++) {
        const holidays = swedishPublicHolidays(year);
        const date = (name: string) => holidays.find((h) => h.name === name)!.date;
        expect(holidays).toHaveLength(13);
        expect(holidays.map((h) => h.date)).toEqual(holidays.map((h) => h.date).sort());
        expect(holidays.every((h) => h.date.startsWith(`${year}-`))).toBe(true);
        expect(dayOfWeek(date('långfredagen'))).toBe(5);
        expect(dayOfWeek(date('annandag påsk'))).toBe(1);
        expect(dayOfWeek(date('Kristi himmelsfärdsdag'))).toBe(4);
        expect(dayOfWeek(date('pingstdagen'))).toBe(7);
        expect(dayOfWeek(date('midsommardagen'))).toBe(6);
        expect(date('midsommardagen') >= `${year}-06-20` && date('midsommardagen') <= `${year}-06-26`).toBe(true);
        expect(dayOfWeek(date('alla helgons dag'))).toBe(6);
        expect(date('alla helgons dag') >= `${year}-10-31` && date('alla helgons dag') <= `${year}-11-06`).toBe(true);
      }
    });

    it('applies the 2005 change: nationaldagen replaced annandag pingst', () => {
      expect(namesOf(2000)).toContain('2000-06-12 annandag pingst');
      expect(namesOf(2000)).not.toContain('2000-06-06 Sveriges nationaldag');
      expect(namesOf(2004)).toContain('2004-05-31 annandag pingst');
      expect(namesOf(2005)).toContain('2005-06-06 Sveriges nationaldag');
      expect(isPublicHoliday('2005-05-16')).toBe(false); // annandag pingst 2005, after the change took effect
      expect(isPublicHoliday('2026-05-25')).toBe(false);
    });

    it('keeps both names when two holidays share a date', () => {
      expect(namesOf(2008).filter((h) => h.startsWith('2008-05-01'))).toEqual([
        '2008-05-01 första maj',
        '2008-05-01 Kristi himmelsfärdsdag',
      ]);
      expect(namesOf(2049).filter((h) => h.startsWith('2049-06-06'))).toEqual([
        '2049-06-06 pingstdagen',
        '2049-06-06 Sveriges nationaldag',
      ]);
    });

    it('rejects a nonsense year', () => {
      expect(() => swedishPublicHolidays(2026.5)).toThrow();
      expect(() => swedishPublicHolidays(0)).toThrow();
    });
  });

  describe('isPublicHoliday and isNonWorkingDay', () => {
    it.each([
      ['2026-01-01', 'nyårsdagen'],
      ['2026-01-06', 'trettondedag jul'],
      ['2026-04-03', 'långfredagen'],
      ['2026-04-05', 'påskdagen'],
      ['2026-04-06', 'annandag påsk'],
      ['2026-05-01', 'första maj'],
      ['2026-05-14', 'Kristi himmelsfärdsdag'],
      ['2026-05-24', 'pingstdagen'],
      ['2026-06-06', 'Sveriges nationaldag'],
      ['2026-06-20', 'midsommardagen'],
      ['2026-10-31', 'alla helgons dag'],
      ['2026-12-25', 'juldagen'],
      ['2026-12-26', 'annandag jul'],
    ])('%s is %s: a public holiday and a non-working day', (date, name) => {
      expect(isPublicHoliday(date)).toBe(true);
      expect(publicHolidayName(date)).toBe(name);
      expect(isNonWorkingDay(date)).toBe(true);
      expect(nonWorkingReason(date)).toBe(name);
    });

    it.each([
      ['2026-06-19', 'midsommarafton'],
      ['2025-06-20', 'midsommarafton'],
      ['2027-06-25', 'midsommarafton'],
      ['2026-12-24', 'julafton'],
      ['2027-12-24', 'julafton'],
      ['2026-12-31', 'nyårsafton'],
      ['2028-12-24', 'julafton'], // a Sunday: the eve is the better name
      ['2026-03-07', 'lördag'],
      ['2026-03-08', 'söndag'],
      ['2026-03-28', 'lördag'], // the day before the DST change
      ['2026-03-29', 'söndag'], // the DST change
      ['2026-04-04', 'lördag'], // påskafton is only non-working as a Saturday
    ])('%s is a non-working day but not a public holiday: %s', (date, reason) => {
      expect(isPublicHoliday(date)).toBe(false);
      expect(isNonWorkingDay(date)).toBe(true);
      expect(nonWorkingReason(date)).toBe(reason);
    });

    it.each([
      ['2026-04-02', 'skärtorsdagen'],
      ['2025-04-17', 'skärtorsdagen'],
      ['2026-04-30', 'valborgsmässoafton'],
      ['2025-04-30', 'valborgsmässoafton'],
      ['2026-05-25', 'annandag pingst (not a holiday since 2005)'],
      ['2025-06-09', 'annandag pingst (not a holiday since 2005)'],
      ['2026-12-14', 'the Monday after Lucia'],
      ['2027-12-13', 'Lucia'],
      ['2026-01-05', 'trettondagsafton'],
      ['2026-10-30', 'allhelgonaafton'],
      ['2026-05-13', 'the day before Kristi himmelsfärdsdag'],
      ['2026-05-15', 'the Friday after Kristi himmelsfärdsdag (klämdag)'],
      ['2026-06-05', 'the day before nationaldagen'],
      ['2026-12-23', 'lillejulafton'],
      ['2026-12-30', 'the day before nyårsafton'],
      ['2026-06-18', 'the day before midsommarafton'],
      ['2026-06-22', 'the Monday after midsommar'],
      ['2026-04-07', 'the Tuesday after Easter'],
      ['2028-02-29', 'leap day'],
    ])('%s (%s) is a working day', (date) => {
      expect(isPublicHoliday(date)).toBe(false);
      expect(isNonWorkingDay(date)).toBe(false);
      expect(nonWorkingReason(date)).toBeNull();
      expect(nextWorkingDay(date)).toBe(date);
    });

    it('every Saturday and Sunday of a year is non-working, and the rest follows the named days', () => {
      const named = new Set(swedishPublicHolidays(2026).map((h) => h.date));
      const eves = new Set(['2026-06-19', '2026-12-24', '2026-12-31']);
      for (let date = '2026-01-01'; date <= '2026-12-31'; date = addDays(date, 1)) {
        const weekend = dayOfWeek(date) >= 6;
        expect(isNonWorkingDay(date)).toBe(weekend || named.has(date) || eves.has(date));
      }
    });

    it('throws on an invalid date', () => {
      expect(() => isPublicHoliday('2026-02-30')).toThrow(/Invalid LocalDate/);
      expect(() => isNonWorkingDay('24/12/2026')).toThrow(/Invalid LocalDate/);
    });
  });

  describe('nextWorkingDay (Lag 1930:173 2 §)', () => {
    it.each([
      ['2026-03-06', '2026-03-06', 'a working Friday stays'],
      ['2026-03-07', '2026-03-09', 'Saturday → Monday'],
      ['2026-03-08', '2026-03-09', 'Sunday → Monday'],
      ['2026-04-03', '2026-04-07', 'långfredagen → Tuesday after annandag påsk'],
      ['2026-04-04', '2026-04-07', 'påskafton → Tuesday'],
      ['2026-05-01', '2026-05-04', 'första maj on a Friday → Monday'],
      ['2029-05-01', '2029-05-02', 'första maj on a Tuesday → Wednesday'],
      ['2026-05-14', '2026-05-15', 'Kristi himmelsfärdsdag → Friday'],
      ['2029-06-06', '2029-06-07', 'nationaldagen on a Wednesday → Thursday'],
      ['2025-06-06', '2025-06-09', 'nationaldagen on a Friday → Monday after pingst'],
      ['2026-06-19', '2026-06-22', 'midsommarafton → Monday'],
      ['2026-12-24', '2026-12-28', 'julafton (Thu) → Monday after juldagen, annandag jul and Sunday'],
      ['2027-12-24', '2027-12-27', 'julafton (Fri) → Monday'],
      ['2026-12-31', '2027-01-04', 'nyårsafton (Thu) → Monday after nyårsdagen and weekend'],
      ['2025-12-31', '2026-01-02', 'nyårsafton (Wed) → 2 January'],
      ['2027-12-31', '2028-01-03', 'nyårsafton (Fri) → Monday 3 January'],
      ['2026-01-06', '2026-01-07', 'trettondedag jul → Wednesday'],
      ['2026-10-31', '2026-11-02', 'alla helgons dag → Monday'],
    ])('%s → %s (%s)', (date, expected) => {
      expect(nextWorkingDay(date)).toBe(expected);
    });
  });
});
