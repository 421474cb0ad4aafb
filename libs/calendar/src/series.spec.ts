import { seriesDates } from './index';
import { describeInEachProcessTimeZone } from './test-support/process-time-zones';

describeInEachProcessTimeZone('seriesDates', () => {
  it('plans weekly Thursdays and moves those on holidays and eves', () => {
    expect(seriesDates({ firstOn: '2026-12-03', everyWeeks: 1, until: '2027-01-07' })).toEqual([
      { plannedOn: '2026-12-03', on: '2026-12-03', moved: false },
      { plannedOn: '2026-12-10', on: '2026-12-10', moved: false },
      { plannedOn: '2026-12-17', on: '2026-12-17', moved: false },
      { plannedOn: '2026-12-24', on: '2026-12-28', moved: true, reason: 'julafton' },
      { plannedOn: '2026-12-31', on: '2027-01-04', moved: true, reason: 'nyårsafton' },
      { plannedOn: '2027-01-07', on: '2027-01-07', moved: false },
    ]);
  });

  it('names holidays and midsommarafton', () => {
    const fridays = seriesDates({ firstOn: '2026-04-03', everyWeeks: 1, until: '2026-06-26' });
    expect(fridays.filter((d) => d.moved)).toEqual([
      { plannedOn: '2026-04-03', on: '2026-04-07', moved: true, reason: 'långfredagen' },
      { plannedOn: '2026-05-01', on: '2026-05-04', moved: true, reason: 'första maj' },
      { plannedOn: '2026-06-19', on: '2026-06-22', moved: true, reason: 'midsommarafton' },
    ]);
    expect(fridays).toHaveLength(13);
    const christmas = seriesDates({ firstOn: '2026-12-25', everyWeeks: 2, until: '2026-12-25' });
    expect(christmas).toEqual([{ plannedOn: '2026-12-25', on: '2026-12-28', moved: true, reason: 'juldagen' }]);
  });

  it('keeps the rhythm from the planned date, not the moved one', () => {
    const dates = seriesDates({ firstOn: '2026-05-14', everyWeeks: 2, until: '2026-06-30' });
    expect(dates.map((d) => d.plannedOn)).toEqual(['2026-05-14', '2026-05-28', '2026-06-11', '2026-06-25']);
    expect(dates[0]).toEqual({ plannedOn: '2026-05-14', on: '2026-05-15', moved: true, reason: 'Kristi himmelsfärdsdag' });
  });

  it('crosses DST changes and leap days on the same weekday', () => {
    const dates = seriesDates({ firstOn: '2028-02-15', everyWeeks: 2, until: '2028-04-11' });
    expect(dates.map((d) => d.plannedOn)).toEqual(['2028-02-15', '2028-02-29', '2028-03-14', '2028-03-28', '2028-04-11']);
    expect(dates.every((d) => !d.moved)).toBe(true);
  });

  it('includes until when it is a planned date, and is empty when until is before firstOn', () => {
    expect(seriesDates({ firstOn: '2026-03-02', everyWeeks: 4, until: '2026-03-30' }).map((d) => d.plannedOn)).toEqual([
      '2026-03-02',
      '2026-03-30',
    ]);
    expect(seriesDates({ firstOn: '2026-03-02', everyWeeks: 1, until: '2026-03-01' })).toEqual([]);
  });

  it.each([0, -1, 1.5, NaN])('rejects everyWeeks = %p', (everyWeeks) => {
    expect(() => seriesDates({ firstOn: '2026-03-02', everyWeeks, until: '2026-06-01' })).toThrow(/everyWeeks/);
  });

  it('rejects invalid dates', () => {
    expect(() => seriesDates({ firstOn: '2026-02-30', everyWeeks: 1, until: '2026-06-01' })).toThrow(/Invalid LocalDate/);
    expect(() => seriesDates({ firstOn: '2026-03-02', everyWeeks: 1, until: 'later' })).toThrow(/Invalid LocalDate/);
  });
});
