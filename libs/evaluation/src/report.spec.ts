import { parseTerm } from '@bosam/calendar';
import { SCALAR_INDICATORS, ScalarIndicator } from './catalogue';
import { renderCsv } from './export-files';
import { TermFigures } from './indicators.service';
import { buildReport, judge, suppressCount, suppressIndicator, suppressStatistic, targetMet } from './report';

const zero = Object.fromEntries(SCALAR_INDICATORS.map((name) => [name, 0])) as Record<ScalarIndicator, number | null>;

function figures(values: Partial<Record<ScalarIndicator, number | null>>, status: TermFigures['status'] = 'complete'): TermFigures {
  return {
    district: 'SKARP',
    term: parseTerm('2026-HT'),
    reportDate: '2026-12-31',
    status,
    indicators: {
      ...zero,
      ...values,
      notificationsBySource: { landlord_arrears: 3, other: 12 },
      notificationsByLandlord: [{ landlord: 'Testbostäder AB', count: 15 }],
      casesClosedByOutcome: { evicted: 1, commitment_given: 7 },
      leasesKeptByOutcome: { lease_kept: 0, commitment_given: 7, agreement: 0, withdrawn: 0 },
      units: [
        {
          unit: 'EKB',
          name: 'Ekonomiskt bistånd',
          meetingsHeld: 2,
          attended: 1,
          attendedWithMandate: 1,
          nextStepsCreated: 4,
          nextStepsDone: 0,
          nextStepsDoneOnTime: 0,
          nextStepsOverdue: 7,
        },
      ],
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
    const f = {
      ...zero,
      casesWithContact: 3,
      medianDaysToFirstContact: 9,
      casesOpened: 20,
      shareReached: 0.1,
      casesOpenAtTermEnd: 2,
      remainingDebtSek: 5000,
      meetingsHeld: 2,
    };
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
  const decision = (text: string, owner = 'EKB') => ({ term: '2026-HT', text, owner, dueOn: '2027-01-31', status: 'open' as const });

  it('keeps suppressed cells apart from numbers, judges targets on the real value, and scrubs numbers and tenants’ names from decisions', () => {
    const report = buildReport(
      figures({ evictionsAffectingChildren: 2, childrenAffectedByEvictions: 5, casesOpened: 40 }),
      [
        { indicator: 'evictionsAffectingChildren', unit: null, comparator: '=', value: 0 },
        { indicator: 'casesOpened', unit: null, comparator: '>=', value: 30.5 },
        { indicator: 'nextStepsOverdue', unit: 'EKB', comparator: '<=', value: 3 },
      ],
      [decision('Följ upp 19121212-1212 och Anna Lindqvist'), decision('Rutin', 'Lindqvist')],
      { tenantNames: ['Anna Lindqvist'] },
    );
    const row = (key: string) =>
      [...report.indicators, ...report.bySource, ...report.byOutcome, ...report.units].find((r) => r.key === key);
    expect(row('evictionsAffectingChildren')).toMatchObject({ value: null, suppressed: true, target: 'exakt 0', met: false });
    // Five children in fewer than five households: suppressed by its households.
    expect(row('childrenAffectedByEvictions')).toMatchObject({ value: null, suppressed: true });
    expect(row('casesOpened')).toMatchObject({ value: 40, suppressed: false, target: 'minst 30,5', met: true });
    expect(row('notificationsBySource.landlord_arrears')).toMatchObject({ value: null, suppressed: true });
    expect(row('notificationsBySource.other')).toMatchObject({ value: 12, suppressed: false });
    expect(row('casesClosedByOutcome.evicted')).toMatchObject({ suppressed: true });
    expect(report.byOutcome.find((r) => r.key === 'casesClosedByOutcome.commitment_given')).toMatchObject({ value: 7, keptHome: true });
    expect(report.byOutcome.find((r) => r.key === 'casesClosedByOutcome.withdrawn')).toMatchObject({ value: 0, keptHome: true });
    expect(row('units.EKB.meetingsAttended')).toMatchObject({ value: 1, suppressed: false });
    expect(row('units.EKB.nextStepsCreated')).toMatchObject({ value: null, suppressed: true });
    expect(row('units.EKB.nextStepsOverdue')).toMatchObject({ value: 7, target: 'högst 3', met: false });
    expect(report.decisions.map((d) => d.text)).toEqual(['Följ upp [personnummer] och [namn]', 'Rutin']);
    expect(report.decisions[1].owner).toBe('[namn]');
    expect(report).toMatchObject({ status: 'complete', preliminary: false, reportDate: '2026-12-31' });
  });

  it('judges nothing and shows no values before the term has started, and marks a running term preliminary', () => {
    const early = buildReport(
      figures({ evictionsCarriedOut: 0 }, 'not_started'),
      [{ indicator: 'evictionsCarriedOut', unit: null, comparator: '<=', value: 0 }],
      [],
    );
    expect(early.indicators.find((r) => r.key === 'evictionsCarriedOut')).toMatchObject({ value: null, met: null });
    expect(early.statusText).toContain('inga uppgifter ännu');
    expect(judge('not_started', '<=', 0, 0)).toBeNull();
    expect(judge('running', '<=', 0, 0)).toBe(true);
    expect(buildReport(figures({}, 'running'), [], [])).toMatchObject({
      preliminary: true,
      statusText: expect.stringContaining('Preliminärt'),
    });
  });

  it('writes CSV with a BOM, header lines, semicolons, Swedish numbers and percentages, and text that no spreadsheet reads as a formula', () => {
    const csv = renderCsv(
      buildReport(
        figures({ casesOpened: 10, casesReached: 5, shareReached: 0.5, remainingDebtSek: 30691.5, casesOpenAtTermEnd: 9 }),
        [],
        [decision('=HYPERLINK("x")', '+EKB')],
      ),
    ).toString('utf8');
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const lines = csv.slice(1).split('\r\n');
    expect(lines[1]).toBe('Brytdatum;2026-12-31');
    expect(lines[2]).toBe('Status;Terminen är avslutad.');
    expect(csv).toContain(';Andel nådda hushåll;50,0 %;;procent;;;\r\n');
    expect(csv).toContain(';Kvarstående skuld vid terminens slut (kr);30691,50;;kronor;;;\r\n');
    expect(csv).toContain(`Beslut 2026-HT;"'=HYPERLINK(""x"")";;;;;;`);
  });
});
