import { scrubIdentityNumbers } from '@bosam/identity';
import { INDICATORS, IndicatorSpec, OUTCOME_LABELS, SCALAR_INDICATORS, ScalarIndicator, SOURCE_LABELS } from './catalogue';
import { Comparator } from './entities';
import { TermFigures } from './indicators.service';

export const SUPPRESSED = '<5';

/** A count of 1–4 households could point someone out: exports show it as "<5" (0 stays 0). */
export const isSmall = (count: number | null | undefined): boolean => typeof count === 'number' && count >= 1 && count <= 4;

export function suppressCount(count: number | null): number | string | null {
  return isSmall(count) ? SUPPRESSED : count;
}

/** A median, share or sum computed from 1–4 households is as telling as the count itself. */
export function suppressStatistic(value: number | null, basis: number | null): number | string | null {
  return isSmall(basis) ? SUPPRESSED : value;
}

export function suppressIndicator(name: ScalarIndicator, figures: Record<ScalarIndicator, number | null>): number | string | null {
  const spec: IndicatorSpec = INDICATORS[name];
  const value = figures[name];
  switch (spec.kind) {
    case 'count':
      return suppressCount(value);
    case 'statistic':
    case 'amount':
      return suppressStatistic(value, spec.basis ? figures[spec.basis] : null);
    case 'meetings':
      return value;
  }
}

export interface TargetInput {
  indicator: string;
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

export interface ReportRow {
  section: string;
  /** The API name (or name.key for breakdowns): stable for machines. */
  key: string;
  label: string;
  value: number | string | null;
  target: string | null;
  met: boolean | null;
}

export interface ReportDecision {
  text: string;
  owner: string;
  dueOn: string;
}

export interface EvaluationReport {
  district: string;
  term: string;
  from: string;
  to: string;
  reportDate: string;
  rows: ReportRow[];
  decisions: ReportDecision[];
}

// In words, as Swedish readers say it (and never a cell a spreadsheet reads as a formula).
const TARGET_WORDS: Record<Comparator, string> = { '<=': 'högst', '>=': 'minst', '=': 'exakt' };

const SECTION_OF: Record<ScalarIndicator, string> = {
  notificationsReceived: 'Underrättelser',
  householdsWithChildren: 'Underrättelser',
  casesOpened: 'Ärenden',
  casesClosed: 'Ärenden',
  evictionsCarriedOut: 'Ärenden',
  evictionsAffectingChildren: 'Ärenden',
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
};

/**
 * The export's content: every indicator with its Swedish label, small counts suppressed, the
 * term's targets beside the indicators they concern, and the decisions. Aggregates only: no case
 * ids, no names of clients, no addresses; decision texts are scrubbed of identity numbers.
 */
export function buildReport(figures: TermFigures, targets: TargetInput[], decisions: ReportDecision[]): EvaluationReport {
  const f = figures.indicators;
  const rows: ReportRow[] = [];
  const row = (section: string, key: string, label: string, value: number | string | null, target: string | null = null, met: boolean | null = null) =>
    rows.push({ section, key, label, value, target, met });

  for (const name of SCALAR_INDICATORS) {
    const own = targets.filter((t) => t.indicator === name);
    const target = own.length > 0 ? own.map((t) => `${TARGET_WORDS[t.comparator]} ${String(t.value).replace('.', ',')}`).join(', ') : null;
    const met = own.length > 0 ? own.map((t) => targetMet(t.comparator, t.value, f[name])).reduce((a, b) => (a === null || b === null ? null : a && b)) : null;
    row(SECTION_OF[name], name, INDICATORS[name].label, suppressIndicator(name, f), target, met);
    if (name === 'notificationsReceived') {
      for (const [source, count] of Object.entries(f.notificationsBySource)) {
        row('Underrättelser', `notificationsBySource.${source}`, `Underrättelser från ${SOURCE_LABELS[source] ?? source}`, suppressCount(count));
      }
      for (const { landlord, count } of f.notificationsByLandlord) {
        row('Underrättelser', `notificationsByLandlord.${landlord ?? ''}`, `Underrättelser från hyresvärd: ${landlord ?? 'okänd hyresvärd'}`, suppressCount(count));
      }
    }
    if (name === 'casesClosed') {
      for (const [outcome, count] of Object.entries(f.casesClosedByOutcome)) {
        row('Ärenden', `casesClosedByOutcome.${outcome}`, `Avslutade ärenden, utfall: ${OUTCOME_LABELS[outcome] ?? outcome}`, suppressCount(count));
      }
    }
  }
  for (const u of f.units) {
    const section = `Enhet ${u.unit}`;
    const unitRow = (key: string, label: string, value: number | string | null) => row(section, `units.${u.unit}.${key}`, `${u.name}: ${label}`, value);
    // Attendance is about the units' staff at meetings, not about households: not suppressed.
    unitRow('meetingsHeld', 'hållna möten', u.meetingsHeld);
    unitRow('attended', 'närvarande', u.attended);
    unitRow('attendedWithMandate', 'närvarande med mandat', u.attendedWithMandate);
    unitRow('nextStepsCreated', 'skapade nästa steg', suppressCount(u.nextStepsCreated));
    unitRow('nextStepsDone', 'utförda nästa steg', suppressCount(u.nextStepsDone));
    unitRow('nextStepsDoneOnTime', 'nästa steg utförda i tid', suppressCount(u.nextStepsDoneOnTime));
    unitRow('nextStepsOverdue', 'försenade nästa steg', suppressCount(u.nextStepsOverdue));
  }
  return {
    district: figures.district,
    term: figures.term.code,
    from: figures.term.from,
    to: figures.term.to,
    reportDate: figures.reportDate,
    rows,
    decisions: decisions.map((d) => ({ text: scrubIdentityNumbers(d.text), owner: scrubIdentityNumbers(d.owner), dueOn: d.dueOn })),
  };
}
