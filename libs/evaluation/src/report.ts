import { isSmallCount, scrubPersonalData, SUPPRESSED } from '@bosam/identity';
import {
  COMPARATOR_SV,
  IndicatorMeasure,
  INDICATORS,
  IndicatorSpec,
  LEASE_KEPT_OUTCOMES,
  OUTCOME_LABELS,
  SCALAR_INDICATORS,
  ScalarIndicator,
  SOURCE_LABELS,
  UNIT_INDICATOR_LABELS,
  UNIT_INDICATORS,
  UnitIndicator,
} from './catalogue';
import { Comparator, DecisionStatus } from './entities';
import { TermFigures, TermStatus, UnitFigures } from './indicators.service';

export { SUPPRESSED };

/** The rule itself lives once, in @bosam/identity (small-count disclosure control); these are its evaluation shapes. */
export function suppressCount(count: number | null): number | string | null {
  return isSmallCount(count) ? SUPPRESSED : count;
}

/** A median, share or sum computed from 1–4 households is as telling as the count itself. */
export function suppressStatistic(value: number | null, basis: number | null): number | string | null {
  return isSmallCount(basis) ? SUPPRESSED : value;
}

/** Whether an indicator is shown as "<5": counts by their own value (and a count of children also by its households), the rest by their basis. */
export function isSuppressed(name: ScalarIndicator, figures: Record<ScalarIndicator, number | null>): boolean {
  const spec: IndicatorSpec = INDICATORS[name];
  const basis = spec.basis ? figures[spec.basis] : null;
  switch (spec.kind) {
    case 'count':
      return isSmallCount(figures[name]) || isSmallCount(basis);
    case 'statistic':
    case 'amount':
      return isSmallCount(basis);
    case 'meetings':
      return false;
  }
}

export function suppressIndicator(name: ScalarIndicator, figures: Record<ScalarIndicator, number | null>): number | string | null {
  return isSuppressed(name, figures) ? SUPPRESSED : figures[name];
}

export interface TargetInput {
  indicator: string;
  /** A unit's code for a target of one unit; null for the district. */
  unit: string | null;
  comparator: Comparator;
  value: number;
}

/** Whether the actual value meets the target; null while there is nothing to judge (no data). */
export function targetMet(comparator: Comparator, target: number, actual: number | null): boolean | null {
  if (actual === null) return null;
  switch (comparator) {
    case '<=':
      return actual <= target;
    case '>=':
      return actual >= target;
    case '=':
      return actual === target;
  }
}

/** A target is judged only once its term has started: before that there are no data, never "met". */
export function judge(status: TermStatus, comparator: Comparator, target: number, actual: number | null): boolean | null {
  return status === 'not_started' ? null : targetMet(comparator, target, actual);
}

export function unitValue(unit: UnitFigures, indicator: UnitIndicator): number {
  switch (indicator) {
    case 'meetingsAttended':
      return unit.attended;
    case 'meetingsAttendedWithMandate':
      return unit.attendedWithMandate;
    case 'nextStepsCreated':
    case 'nextStepsDone':
    case 'nextStepsDoneOnTime':
    case 'nextStepsOverdue':
      return unit[indicator];
  }
}

/** A figure as exported: a number, or nothing with `suppressed` (shown "<5") — never both in one cell, so sums and charts still work. */
export interface ReportRow {
  section: string;
  /** The API name (or name.key for breakdowns): stable for machines. */
  key: string;
  label: string;
  measure: IndicatorMeasure;
  value: number | null;
  suppressed: boolean;
  target: string | null;
  met: boolean | null;
}

export interface ReportDecision {
  term: string;
  text: string;
  owner: string;
  dueOn: string;
  status: DecisionStatus;
}

export interface EvaluationReport {
  district: string;
  term: string;
  from: string;
  to: string;
  /** The cut-off: figures are as of this date (the term's last day, or today while it runs). */
  reportDate: string;
  status: TermStatus;
  /** In Swedish, for every sheet and the CSV header: whether the term is complete. */
  statusText: string;
  preliminary: boolean;
  /** One table per topic. */
  indicators: ReportRow[];
  bySource: ReportRow[];
  byLandlord: ReportRow[];
  byOutcome: Array<ReportRow & { keptHome: boolean }>;
  units: Array<ReportRow & { unit: string; unitName: string }>;
  /** This term's decisions and, with their status, the previous term's. */
  decisions: ReportDecision[];
  warnings: string[];
}

// In words, as Swedish readers say it (and never a cell a spreadsheet reads as a formula).

export const STATUS_TEXT: Record<TermStatus, string> = {
  not_started: 'Terminen har inte börjat: inga uppgifter ännu, inget bedöms.',
  running: 'Preliminärt: terminen pågår, uppgifterna gäller till och med brytdatum.',
  complete: 'Terminen är avslutad.',
};

const SECTION_OF: Record<ScalarIndicator, string> = {
  notificationsReceived: 'Underrättelser',
  householdsWithChildren: 'Underrättelser',
  childrenInNotifiedHouseholds: 'Underrättelser',
  casesOpened: 'Ärenden',
  casesClosed: 'Ärenden',
  evictionsCarriedOut: 'Ärenden',
  evictionsAffectingChildren: 'Ärenden',
  childrenAffectedByEvictions: 'Ärenden',
  leasesKept: 'Ärenden',
  recurrences: 'Ärenden',
  recurrencesAny: 'Ärenden',
  casesOpenAtTermEnd: 'Ärenden',
  remainingDebtSek: 'Ärenden',
  notificationsOnAgenda: 'Tid till dagordning och kontakt',
  medianDaysToFirstAgenda: 'Tid till dagordning och kontakt',
  p90DaysToFirstAgenda: 'Tid till dagordning och kontakt',
  casesWithContact: 'Tid till dagordning och kontakt',
  medianDaysToFirstContact: 'Tid till dagordning och kontakt',
  p90DaysToFirstContact: 'Tid till dagordning och kontakt',
  shareFirstContactWithin14Days: 'Tid till dagordning och kontakt',
  casesReached: 'Tid till dagordning och kontakt',
  shareReached: 'Tid till dagordning och kontakt',
  meetingsHeld: 'Möten',
  nextStepsCreated: 'Nästa steg',
  nextStepsDone: 'Nästa steg',
  nextStepsDoneOnTime: 'Nästa steg',
  nextStepsOverdue: 'Nästa steg',
  consentsRecorded: 'Samverkan med hyresvärdar',
  exchangesRecorded: 'Samverkan med hyresvärdar',
  liaisonSessionsHeld: 'Samverkan med hyresvärdar',
  liaisonSessionsPlanned: 'Samverkan med hyresvärdar',
};

const targetWords = (targets: TargetInput[]): string | null =>
  targets.length > 0 ? targets.map((t) => `${COMPARATOR_SV[t.comparator]} ${String(t.value).replace('.', ',')}`).join(', ') : null;

const allMet = (results: Array<boolean | null>): boolean | null =>
  results.length === 0 ? null : results.reduce((a, b) => (a === null || b === null ? null : a && b));

/**
 * The export's content: every indicator with its Swedish label, small counts suppressed, the term's targets
 * beside the figures they concern (district or unit), and the decisions of this term and the one before.
 * Aggregates only: no case ids, no addresses; free text has identity numbers and the district's tenants'
 * names replaced (`tenantNames`).
 */
export function buildReport(
  figures: TermFigures,
  targets: TargetInput[],
  decisions: ReportDecision[],
  options: { tenantNames?: Iterable<string>; warnings?: string[] } = {},
): EvaluationReport {
  const f = figures.indicators;
  const known = figures.status !== 'not_started';
  const figure = (value: number | null, suppressed: boolean) =>
    known ? { value: suppressed ? null : value, suppressed } : { value: null, suppressed: false };
  const count = (value: number) => figure(value, isSmallCount(value));

  const indicators: ReportRow[] = SCALAR_INDICATORS.map((name) => {
    const own = targets.filter((t) => t.unit === null && t.indicator === name);
    return {
      section: SECTION_OF[name],
      key: name,
      label: INDICATORS[name].label,
      measure: INDICATORS[name].measure,
      ...figure(f[name], isSuppressed(name, f)),
      target: targetWords(own),
      met: allMet(own.map((t) => judge(figures.status, t.comparator, t.value, f[name]))),
    };
  });
  const breakdown = (section: string, key: string, label: string, value: number): ReportRow => ({
    section,
    key,
    label,
    measure: 'count',
    ...count(value),
    target: null,
    met: null,
  });
  const bySource = Object.entries(f.notificationsBySource).map(([source, n]) =>
    breakdown('Underrättelser per källa', `notificationsBySource.${source}`, SOURCE_LABELS[source] ?? source, n),
  );
  const byLandlord = f.notificationsByLandlord.map(({ landlord, count: n }) =>
    breakdown('Underrättelser per hyresvärd', `notificationsByLandlord.${landlord ?? ''}`, landlord ?? 'Okänd hyresvärd', n),
  );
  const outcomes = new Set([...Object.keys(f.casesClosedByOutcome), ...LEASE_KEPT_OUTCOMES]);
  const byOutcome = [...outcomes].map((outcome) => ({
    ...breakdown(
      'Avslutade ärenden per utfall',
      `casesClosedByOutcome.${outcome}`,
      OUTCOME_LABELS[outcome] ?? outcome,
      f.casesClosedByOutcome[outcome] ?? 0,
    ),
    keptHome: (LEASE_KEPT_OUTCOMES as readonly string[]).includes(outcome),
  }));
  const units = f.units.flatMap((u) =>
    UNIT_INDICATORS.map((indicator) => {
      const value = unitValue(u, indicator);
      const own = targets.filter((t) => t.unit === u.unit && t.indicator === indicator);
      // Attendance is about the units' staff at meetings, not about households: not suppressed.
      const aboutStaff = indicator === 'meetingsAttended' || indicator === 'meetingsAttendedWithMandate';
      return {
        section: 'Enheter',
        key: `units.${u.unit}.${indicator}`,
        label: UNIT_INDICATOR_LABELS[indicator],
        measure: 'count' as const,
        ...(aboutStaff ? figure(value, false) : count(value)),
        target: targetWords(own),
        met: allMet(own.map((t) => judge(figures.status, t.comparator, t.value, value))),
        unit: u.unit,
        unitName: u.name,
      };
    }),
  );
  const names = [...(options.tenantNames ?? [])];
  return {
    district: figures.district,
    term: figures.term.code,
    from: figures.term.from,
    to: figures.term.to,
    reportDate: figures.reportDate,
    status: figures.status,
    statusText: STATUS_TEXT[figures.status],
    preliminary: figures.status === 'running',
    indicators,
    bySource,
    byLandlord,
    byOutcome,
    units,
    decisions: decisions.map((d) => ({ ...d, text: scrubPersonalData(d.text, names), owner: scrubPersonalData(d.owner, names) })),
    warnings: options.warnings ?? [],
  };
}
