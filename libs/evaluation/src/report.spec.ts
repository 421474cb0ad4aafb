import { parseTerm } from '@bosam/calendar';
import { SCALAR_INDICATORS, ScalarIndicator } from './catalogue';
import { renderCsv } from './export-files';
import { TermFigures } from './indicators.service';
import { buildReport, suppressCount, suppressIndicator, suppressStatistic, targetMet } from './report';

const zero = Object.fromEntries(SCALAR_INDICATORS.map((name) => [name, 0])) as Record<ScalarIndicator, number | null>;

function figures(values: Partial<Record<ScalarIndicator, number | null>>): TermFigures {
  return {
    district: 'SKARP',
    term: parseTerm('2026-HT'),
    reportDate: '2026-12-31',
    indicators: {
      ...zero,
      ...values,
      notificationsBySource: { landlord_arrears: 3, other: 12 },
      notificationsByLandlord: [{ landlord: 'Testbostäder AB', count: 15 }],
      casesClosedByOutcome: { evicted: 1 },
      units: [{ unit: 'EKB', name: 'Ekonomiskt bistånd', meetingsHeld: 2, attended: 1, attendedWithMandate: 1, nextStepsCreated: 4, nextStepsDone: 0, nextStepsDoneOnTime: 0, nextStepsOverdue: 7 }],
    },
  };
}

describe('small-count suppression', () => {
  it.each([
    [0, 0],
    [1, '<5'],
    [4, '<5'],
    [5, 5],
    [null, null],
  ])('shows the count %j as %j', (count, shown) => {
    expect(suppressCount(count)).toBe(shown);
  });

  it('suppresses a statistic computed from 1–4 households, not one from none or five', () => {
    expect(suppressStatistic(12.5, 4)).toBe('<5');
    expect(suppressStatistic(12.5, 5)).toBe(12.5);
    expect(suppressStatistic(null, 0)).toBeNull();
  });

  it('suppresses medians, shares and the remaining debt by their basis, and never meeting counts', () => {
    const f = { ...zero, casesWithContact: 3, medianDaysToFirstContact: 9, casesOpened: 20, shareReached: 0.1, casesOpenAtTermEnd: 2, remainingDebtSek: 5000, meetingsHeld: 2 };
    expect(suppressIndicator('medianDaysToFirstContact', f)).toBe('<5');
    expect(suppressIndicator('shareReached', f)).toBe(0.1);
    expect(suppressIndicator('remainingDebtSek', f)).toBe('<5');
    expect(suppressIndicator('meetingsHeld', f)).toBe(2);
  });
});

describe('targets', () => {
  it.each([
    ['<=', 0, 0, true],
    ['<=', 0, 1, false],
    ['>=', 0.8, 0.75, false],
    ['>=', 0.8, 0.8, true],
    ['=', 0, 0, true],
    ['=', 0, 2, false],
  ] as const)('%s %d with actual %d is met: %s', (comparator, value, actual, met) => {
    expect(targetMet(comparator, value, actual)).toBe(met);
  });

  it('cannot judge a target without a value', () => {
    expect(targetMet('<=', 14, null)).toBeNull();
  });
});

describe('the export report', () => {
  it('suppresses breakdowns, judges targets on the real value, and scrubs identity numbers from decisions', () => {
    const report = buildReport(
      figures({ evictionsAffectingChildren: 2, casesOpened: 40 }),
      [{ indicator: 'evictionsAffectingChildren', comparator: '=', value: 0 }, { indicator: 'casesOpened', comparator: '>=', value: 30.5 }],
      [{ text: 'Följ upp 19121212-1212', owner: 'EKB', dueOn: '2027-01-31' }],
    );
    const row = (key: string) => report.rows.find((r) => r.key === key);
    expect(row('evictionsAffectingChildren')).toMatchObject({ value: '<5', target: 'exakt 0', met: false });
    expect(row('casesOpened')).toMatchObject({ value: 40, target: 'minst 30,5', met: true });
    expect(row('notificationsBySource.landlord_arrears')?.value).toBe('<5');
    expect(row('notificationsBySource.other')?.value).toBe(12);
    expect(row('casesClosedByOutcome.evicted')?.value).toBe('<5');
    expect(row('units.EKB.attended')?.value).toBe(1);
    expect(row('units.EKB.nextStepsCreated')?.value).toBe('<5');
    expect(row('units.EKB.nextStepsOverdue')?.value).toBe(7);
    expect(report.decisions[0].text).not.toContain('1212');
  });

  it('writes CSV with a BOM, semicolons, decimal commas, and text that no spreadsheet reads as a formula', () => {
    const csv = renderCsv(
      buildReport(figures({ casesOpened: 10, casesReached: 5, shareReached: 0.5 }), [], [{ text: '=HYPERLINK("x")', owner: '+EKB', dueOn: '2027-01-31' }]),
    ).toString('utf8');
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv).toContain(';Andel nådda hushåll;0,5;;\r\n');
    expect(csv).toContain(`"'=HYPERLINK(""x"")";'+EKB;2027-01-31`);
  });
});
