import { addDays, stockholmDateOf, stockholmInstant, todayInStockholm } from './index';
import { describeInEachProcessTimeZone } from './test-support/process-time-zones';

describeInEachProcessTimeZone('Stockholm time', () => {
  describe('todayInStockholm / stockholmDateOf around midnight', () => {
    it.each([
      // winter (CET, UTC+1)
      ['2026-01-15T22:59:59.999Z', '2026-01-15'],
      ['2026-01-15T23:00:00.000Z', '2026-01-16'],
      ['2026-12-31T22:59:59Z', '2026-12-31'],
      ['2026-12-31T23:00:00Z', '2027-01-01'],
      // summer (CEST, UTC+2)
      ['2026-06-30T21:59:59Z', '2026-06-30'],
      ['2026-06-30T22:00:00Z', '2026-07-01'],
      // the night into the spring change (Sunday 2026-03-29; midnight is still CET)
      ['2026-03-28T22:59:59Z', '2026-03-28'],
      ['2026-03-28T23:00:00Z', '2026-03-29'],
      ['2026-03-29T00:59:59Z', '2026-03-29'], // 01:59:59 CET
      ['2026-03-29T01:00:00Z', '2026-03-29'], // 03:00 CEST
      ['2026-03-29T21:59:59Z', '2026-03-29'], // 23:59:59 CEST
      ['2026-03-29T22:00:00Z', '2026-03-30'],
      // the autumn change (Sunday 2026-10-25; midnight is still CEST)
      ['2026-10-24T21:59:59Z', '2026-10-24'],
      ['2026-10-24T22:00:00Z', '2026-10-25'],
      ['2026-10-25T00:30:00Z', '2026-10-25'], // 02:30 CEST, first time
      ['2026-10-25T01:30:00Z', '2026-10-25'], // 02:30 CET, second time
      ['2026-10-25T22:59:59Z', '2026-10-25'], // 23:59:59 CET
      ['2026-10-25T23:00:00Z', '2026-10-26'],
      // leap day
      ['2028-02-28T23:00:00Z', '2028-02-29'],
      ['2028-02-29T22:59:59Z', '2028-02-29'],
    ])('%s is %s in Stockholm', (instant, date) => {
      expect(stockholmDateOf(new Date(instant))).toBe(date);
      expect(todayInStockholm(new Date(instant))).toBe(date);
    });

    it('defaults to now', () => {
      const before = stockholmDateOf(new Date());
      const today = todayInStockholm();
      expect([before, addDays(before, 1)]).toContain(today);
    });

    it('rejects an invalid Date', () => {
      expect(() => stockholmDateOf(new Date('nope'))).toThrow(/Invalid Date/);
    });
  });

  describe('stockholmInstant', () => {
    it.each([
      ['2026-01-15', '09:00', '2026-01-15T08:00:00.000Z'],
      ['2026-07-15', '09:00', '2026-07-15T07:00:00.000Z'],
      ['2026-01-01', '00:00', '2025-12-31T23:00:00.000Z'],
      ['2026-12-31', '23:59', '2026-12-31T22:59:00.000Z'],
      // spring change, 2026-03-29: 02:00 CET becomes 03:00 CEST
      ['2026-03-29', '00:00', '2026-03-28T23:00:00.000Z'],
      ['2026-03-29', '01:59', '2026-03-29T00:59:00.000Z'],
      ['2026-03-29', '02:30', '2026-03-29T01:30:00.000Z'], // does not exist: read as 03:30 CEST
      ['2026-03-29', '03:00', '2026-03-29T01:00:00.000Z'],
      ['2026-03-29', '23:59', '2026-03-29T21:59:00.000Z'],
      ['2026-03-28', '12:00', '2026-03-28T11:00:00.000Z'],
      ['2026-03-30', '12:00', '2026-03-30T10:00:00.000Z'],
      // autumn change, 2026-10-25: 03:00 CEST becomes 02:00 CET
      ['2026-10-25', '00:00', '2026-10-24T22:00:00.000Z'],
      ['2026-10-25', '01:59', '2026-10-24T23:59:00.000Z'],
      ['2026-10-25', '02:30', '2026-10-25T00:30:00.000Z'], // occurs twice: the first (CEST) is used
      ['2026-10-25', '03:00', '2026-10-25T02:00:00.000Z'],
      ['2026-10-25', '23:59', '2026-10-25T22:59:00.000Z'],
      ['2026-10-24', '12:00', '2026-10-24T10:00:00.000Z'],
      ['2026-10-26', '12:00', '2026-10-26T11:00:00.000Z'],
      // other years' changes (last Sundays of March and October)
      ['2025-03-30', '03:00', '2025-03-30T01:00:00.000Z'],
      ['2025-10-26', '03:00', '2025-10-26T02:00:00.000Z'],
    ])('%s %s Stockholm time is %s', (date, time, instant) => {
      expect(stockholmInstant(date, time).toISOString()).toBe(instant);
    });

    it('round-trips every day of 2026 at the start and end of the day', () => {
      for (let date = '2026-01-01'; date <= '2026-12-31'; date = addDays(date, 1)) {
        expect(stockholmDateOf(stockholmInstant(date, '00:00'))).toBe(date);
        expect(stockholmDateOf(stockholmInstant(date, '23:59'))).toBe(date);
        expect(stockholmInstant(date, '23:59').getTime() - stockholmInstant(date, '00:00').getTime()).toBeGreaterThanOrEqual(
          22 * 3_600_000,
        );
      }
    });

    it.each(['24:00', '7:00', '12:60', '12.00', '', '12:00:00'])('rejects the time %j', (time) => {
      expect(() => stockholmInstant('2026-01-15', time)).toThrow(/Invalid time/);
    });

    it('rejects an invalid date', () => {
      expect(() => stockholmInstant('2026-02-29', '12:00')).toThrow(/Invalid LocalDate/);
    });
  });
});
