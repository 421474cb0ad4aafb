/**
 * The termly evaluation's indicators (BOSAM.md "Termly evaluation"): their names in the API,
 * their Swedish labels in exports, how each is computed, and whether it counts households (and
 * so is suppressed below five in exports). The SQL in indicators.sql.ts follows these words.
 */
import { CASE_OUTCOME_SV, NOTICE_SOURCE_SV } from '@bosam/cases';
import { Comparator, DecisionStatus, ExportStatus } from './entities';

export type IndicatorKind =
  /** A number of households, cases, notifications or next steps: 1–4 is shown as "<5" in exports. */
  | 'count'
  /** A median, percentile or share over `basis` cases: "<5" in exports when computed from fewer than five. */
  | 'statistic'
  /** Kronor over the households counted by `basis`. */
  | 'amount'
  /** About meetings, not households: never suppressed. */
  | 'meetings';

/** What a value measures, for the number format of exports: counts, days, a share 0–1 (shown as a percentage), kronor. */
export type IndicatorMeasure = 'count' | 'days' | 'share' | 'sek';

export interface IndicatorSpec {
  label: string;
  kind: IndicatorKind;
  /** The count a statistic or amount is computed from (for a count of children: the households). */
  basis?: ScalarIndicator;
  measure: IndicatorMeasure;
  definition: string;
  /** The same definition in Swedish, for the people who read the exports. */
  definitionSv: string;
}

export const SCALAR_INDICATORS = [
  'notificationsReceived',
  'householdsWithChildren',
  'childrenInNotifiedHouseholds',
  'casesOpened',
  'casesClosed',
  'evictionsCarriedOut',
  'evictionsAffectingChildren',
  'childrenAffectedByEvictions',
  'leasesKept',
  'notificationsOnAgenda',
  'medianDaysToFirstAgenda',
  'p90DaysToFirstAgenda',
  'casesWithContact',
  'medianDaysToFirstContact',
  'p90DaysToFirstContact',
  'shareFirstContactWithin14Days',
  'casesReached',
  'shareReached',
  'casesOpenAtTermEnd',
  'remainingDebtSek',
  'meetingsHeld',
  'nextStepsCreated',
  'nextStepsDone',
  'nextStepsDoneOnTime',
  'nextStepsOverdue',
  'consentsRecorded',
  'exchangesRecorded',
  'liaisonSessionsHeld',
  'liaisonSessionsPlanned',
  'recurrences',
  'recurrencesAny',
] as const;
export type ScalarIndicator = (typeof SCALAR_INDICATORS)[number];

const IN_TERM = 'in the term (Stockholm calendar dates, first and last day included)';

/** Outcomes where the household kept its home: the lease stands (JB 12:44 — paid in time, or the welfare board's förbindelse), an agreement with the landlord, or the landlord withdrew the termination. */
export const LEASE_KEPT_OUTCOMES = ['lease_kept', 'commitment_given', 'agreement', 'withdrawn'] as const;

type Spec = Omit<IndicatorSpec, 'measure'> & { measure?: IndicatorMeasure };
const I_TERMINEN = 'under terminen (datum i Stockholm, första och sista dagen medräknade)';

const SPECS: Record<ScalarIndicator, Spec> = {
  notificationsReceived: {
    label: 'Inkomna underrättelser',
    kind: 'count',
    definition: `Notifications whose receivedOn is ${IN_TERM}.`,
    definitionSv: `Underrättelser med mottagningsdatum ${I_TERMINEN}.`,
  },
  householdsWithChildren: {
    label: 'Hushåll med barn (bland inkomna underrättelser)',
    kind: 'count',
    definition: 'Distinct cases with a notification received in the term that reported childrenInHousehold > 0.',
    definitionSv: 'Hushåll (ärenden) med minst en underrättelse under terminen som angav barn i hushållet.',
  },
  childrenInNotifiedHouseholds: {
    label: 'Barn i hushåll med underrättelse',
    kind: 'count',
    basis: 'householdsWithChildren',
    definition:
      'Children counted as children: over the households above, the sum of the largest childrenInHousehold each reported in the term.',
    definitionSv: 'Barn räknade som barn: summan över hushållen ovan av det högsta antal barn som angavs under terminen.',
  },
  casesOpened: {
    label: 'Öppnade ärenden',
    kind: 'count',
    definition: `Cases whose opening date is ${IN_TERM}.`,
    definitionSv: `Ärenden som öppnades ${I_TERMINEN}.`,
  },
  casesClosed: {
    label: 'Avslutade ärenden',
    kind: 'count',
    definition: `Cases closed with a closing date ${IN_TERM} (a case merged into another is not counted); casesClosedByOutcome per outcome.`,
    definitionSv: `Ärenden som avslutades ${I_TERMINEN} (ett ärende som slagits ihop med ett annat räknas inte); fördelade per utfall i tabellen Utfall.`,
  },
  evictionsCarriedOut: {
    label: 'Genomförda avhysningar',
    kind: 'count',
    definition: 'Cases closed in the term with outcome evicted.',
    definitionSv: 'Ärenden som avslutades under terminen med utfallet avhyst (avhysningen verkställd av Kronofogden).',
  },
  evictionsAffectingChildren: {
    label: 'Genomförda avhysningar som berört barn (hushåll)',
    kind: 'count',
    definition: 'Evictions carried out (above) of households with childrenInHousehold > 0, counted as households.',
    definitionSv: 'Genomförda avhysningar (ovan) av hushåll med barn, räknade som hushåll.',
  },
  childrenAffectedByEvictions: {
    label: 'Barn som berörts av genomförda avhysningar',
    kind: 'count',
    basis: 'evictionsAffectingChildren',
    definition: 'Children counted as children: the sum of childrenInHousehold over the evicted households.',
    definitionSv: 'Barn räknade som barn: summan av antalet barn i de avhysta hushållen.',
  },
  leasesKept: {
    label: 'Hushåll som behållit bostaden',
    kind: 'count',
    definition:
      'Cases closed in the term where the household kept its home: outcomes lease_kept, commitment_given (the welfare board\u2019s förbindelse saves the lease, JB 12:44), ' +
      'agreement and withdrawn; leasesKeptByOutcome gives the breakdown.',
    definitionSv:
      'Ärenden som avslutades under terminen där hushållet fick bo kvar: utfallen kvarboende, förbindelse given (socialnämndens förbindelse räddar ' +
      'hyresavtalet, JB 12 kap. 44 §), överenskommelse och återkallat; fördelningen per utfall står i tabellen Utfall.',
  },
  notificationsOnAgenda: {
    label: 'Underrättelser som tagits upp på ett hållet möte',
    kind: 'count',
    definition: 'Notifications received in the term that are on the frozen agenda of a meeting that was held (started).',
    definitionSv: 'Underrättelser mottagna under terminen som fanns på den frysta dagordningen för ett hållet (startat) möte.',
  },
  medianDaysToFirstAgenda: {
    label: 'Dagar från mottagande till första dagordning (median)',
    kind: 'statistic',
    basis: 'notificationsOnAgenda',
    measure: 'days',
    definition:
      'Over notifications received in the term: days from receivedOn to the date of the first held (started) meeting whose frozen ' +
      'agenda included the notification. Notifications not yet on a held meeting are left out (see notificationsOnAgenda).',
    definitionSv:
      'För underrättelser mottagna under terminen: dagar från mottagandet till det första hållna mötet vars dagordning tog upp den. ' +
      'Underrättelser som ännu inte tagits upp räknas inte (se Underrättelser som tagits upp på ett hållet möte). Median, en decimal.',
  },
  p90DaysToFirstAgenda: {
    label: 'Dagar från mottagande till första dagordning (90:e percentil)',
    kind: 'statistic',
    basis: 'notificationsOnAgenda',
    measure: 'days',
    definition: 'As medianDaysToFirstAgenda, the 90th percentile (continuous).',
    definitionSv: 'Som medianen ovan, 90:e percentilen (kontinuerlig): nio av tio togs upp inom så många dagar.',
  },
  casesWithContact: {
    label: 'Ärenden med registrerad kontakt',
    kind: 'count',
    definition: 'Cases opened in the term with at least one recorded contact (any channel, reached or not).',
    definitionSv: 'Ärenden öppnade under terminen med minst en registrerad kontakt (alla kanaler, nådd eller inte).',
  },
  medianDaysToFirstContact: {
    label: 'Dagar från öppnat ärende till första kontakt (median)',
    kind: 'statistic',
    basis: 'casesWithContact',
    measure: 'days',
    definition: 'Over cases opened in the term that have a contact: days from the opening date to the first case_contact (any channel).',
    definitionSv:
      'För ärenden öppnade under terminen som har en kontakt: dagar från öppnandet till den första kontakten (alla kanaler). Median.',
  },
  p90DaysToFirstContact: {
    label: 'Dagar från öppnat ärende till första kontakt (90:e percentil)',
    kind: 'statistic',
    basis: 'casesWithContact',
    measure: 'days',
    definition: 'As medianDaysToFirstContact, the 90th percentile (continuous).',
    definitionSv: 'Som medianen ovan, 90:e percentilen (kontinuerlig).',
  },
  shareFirstContactWithin14Days: {
    label: 'Andel ärenden med första kontakt inom 14 dagar',
    kind: 'statistic',
    basis: 'casesOpened',
    measure: 'share',
    definition: 'Cases opened in the term whose first contact came within 14 days of opening / cases opened in the term (0–1).',
    definitionSv: 'Ärenden öppnade under terminen med första kontakt inom 14 dagar, delat med alla ärenden öppnade under terminen.',
  },
  casesReached: {
    label: 'Nådda hushåll',
    kind: 'count',
    definition: 'Cases opened in the term with a recorded contact where reached = true.',
    definitionSv: 'Ärenden öppnade under terminen där en kontakt nådde hushållet.',
  },
  shareReached: {
    label: 'Andel nådda hushåll',
    kind: 'statistic',
    basis: 'casesOpened',
    measure: 'share',
    definition: 'casesReached / casesOpened (0–1, three decimals); null when no case was opened.',
    definitionSv: 'Nådda hushåll delat med öppnade ärenden; tomt när inget ärende öppnades.',
  },
  casesOpenAtTermEnd: {
    label: 'Öppna ärenden vid terminens slut',
    kind: 'count',
    definition: "Cases opened on or before the term's last day and not closed by then.",
    definitionSv: 'Ärenden öppnade senast terminens sista dag och inte avslutade då.',
  },
  remainingDebtSek: {
    label: 'Kvarstående skuld vid terminens slut (kr)',
    kind: 'amount',
    basis: 'casesOpenAtTermEnd',
    measure: 'sek',
    definition:
      "Sum over the cases open at the term's end of each case's latest balance (kronor) dated by then: a balance recorded on the case, or a notice's amount when that is later.",
    definitionSv:
      'Summan över ärendena som var öppna vid terminens slut av varje ärendes senaste skuld (kronor) fram till dess: ett registrerat skuldbesked, eller en underrättelses belopp när det är senare.',
  },
  meetingsHeld: {
    label: 'Hållna Bosam-möten',
    kind: 'meetings',
    definition: 'Meetings of the district held (started) on a date in the term.',
    definitionSv: 'Stadsdelens Bosam-möten som hållits (startats) under terminen. Handlar om personalen: visas alltid.',
  },
  nextStepsCreated: {
    label: 'Skapade nästa steg',
    kind: 'count',
    definition: 'Next steps created on a date in the term (Stockholm).',
    definitionSv: 'Nästa steg som skapades under terminen.',
  },
  nextStepsDone: {
    label: 'Utförda nästa steg',
    kind: 'count',
    definition: 'Next steps created in the term that are done.',
    definitionSv: 'Nästa steg skapade under terminen som är utförda.',
  },
  nextStepsDoneOnTime: {
    label: 'Nästa steg utförda i tid',
    kind: 'count',
    definition: 'Next steps created in the term that are done with doneOn on or before dueOn.',
    definitionSv: 'Nästa steg skapade under terminen som utfördes senast på förfallodagen.',
  },
  nextStepsOverdue: {
    label: 'Försenade nästa steg',
    kind: 'count',
    definition: "Next steps created in the term still open after their due date, as of the term's last day (or today while the term runs).",
    definitionSv: 'Nästa steg skapade under terminen som fortfarande är öppna efter förfallodagen, per brytdatum.',
  },
  consentsRecorded: {
    label: 'Registrerade samtycken',
    kind: 'count',
    definition: 'Consents given (givenOn) in the term, whether or not withdrawn since.',
    definitionSv: 'Samtycken som lämnades under terminen, även de som återkallats sedan.',
  },
  exchangesRecorded: {
    label: 'Informationsutbyten med hyresvärdar',
    kind: 'count',
    definition: 'Recorded exchanges of case information with landlords on a date in the term.',
    definitionSv: 'Registrerade informationsutbyten med hyresvärdar under terminen (alltid med samtycke).',
  },
  liaisonSessionsHeld: {
    label: 'Hållna hyresvärdsmöten',
    kind: 'meetings',
    definition: 'Liaison sessions on a date in the term recorded as held (attendance recorded).',
    definitionSv: 'Hyresvärdsmöten under terminen som hållits (närvaron registrerad).',
  },
  liaisonSessionsPlanned: {
    label: 'Planerade hyresvärdsmöten',
    kind: 'meetings',
    definition:
      'Liaison sessions on a date in the term still planned (neither held nor cancelled). Fewer than two held or planned: a warning.',
    definitionSv:
      'Hyresvärdsmöten under terminen som är planerade (varken hållna eller inställda). Färre än två hållna eller planerade ger en varning.',
  },
  recurrences: {
    label: 'Återkommande hushåll inom 12 månader',
    kind: 'count',
    definition: 'Cases opened in the term for a household whose previous case in the district was closed at most 12 months before.',
    definitionSv: 'Ärenden öppnade under terminen för hushåll vars förra ärende i stadsdelen avslutades högst 12 månader tidigare.',
  },
  recurrencesAny: {
    label: 'Återkommande hushåll (någon gång tidigare)',
    kind: 'count',
    definition: 'Cases opened in the term marked as a recurrence: the household had a closed case in the district before.',
    definitionSv: 'Ärenden öppnade under terminen för hushåll som haft ett avslutat ärende i stadsdelen tidigare.',
  },
};

export const INDICATORS: Record<ScalarIndicator, IndicatorSpec> = Object.fromEntries(
  Object.entries(SPECS).map(([name, spec]) => [name, { ...spec, measure: spec.measure ?? 'count' }]),
) as Record<ScalarIndicator, IndicatorSpec>;

/** Per-unit figures a target may name for one unit (the district's units[] in the indicators). */
export const UNIT_INDICATORS = [
  'meetingsAttended',
  'meetingsAttendedWithMandate',
  'nextStepsCreated',
  'nextStepsDone',
  'nextStepsDoneOnTime',
  'nextStepsOverdue',
] as const;
export type UnitIndicator = (typeof UNIT_INDICATORS)[number];
export const UNIT_INDICATOR_LABELS: Record<UnitIndicator, string> = {
  meetingsAttended: 'närvarande vid möten',
  meetingsAttendedWithMandate: 'närvarande med mandat',
  nextStepsCreated: 'skapade nästa steg',
  nextStepsDone: 'utförda nästa steg',
  nextStepsDoneOnTime: 'nästa steg utförda i tid',
  nextStepsOverdue: 'försenade nästa steg',
};

export const BREAKDOWN_DEFINITIONS: Record<string, string> = {
  notificationsBySource: 'notificationsReceived per source.',
  notificationsByLandlord: 'notificationsReceived per landlord in the register (unknown landlords together).',
  casesClosedByOutcome: 'casesClosed per outcome.',
  leasesKeptByOutcome: 'leasesKept per outcome (lease_kept, commitment_given, agreement, withdrawn).',
  units:
    'Per unit: meetings held in the term at which the unit was present (not absent), present with mandate, and its next steps ' +
    'created, done, done on time and overdue (as the totals above).',
};

export const SOURCE_LABELS: Record<string, string> = NOTICE_SOURCE_SV;

/** How cases ended, and `unknown` for a case closed without an outcome. */
export const OUTCOME_LABELS: Record<string, string> = { ...CASE_OUTCOME_SV, unknown: 'Okänt' };

export const COMPARATOR_SV: Readonly<Record<string, string>> = { '<=': 'högst', '>=': 'minst', '=': 'exakt' } satisfies Record<
  Comparator,
  string
>;

/** An evaluation decision's status (the term's follow-up of its own decisions). */
export const EVALUATION_DECISION_STATUS_SV: Readonly<Record<string, string>> = {
  open: 'Pågår',
  done: 'Genomfört',
  dropped: 'Avskrivet',
} satisfies Record<DecisionStatus, string>;

export const EXPORT_STATUS_SV: Readonly<Record<string, string>> = {
  queued: 'I kö',
  running: 'Skapas',
  done: 'Klar',
  failed: 'Misslyckades',
  expired: 'Gallrad',
} satisfies Record<ExportStatus, string>;
