/**
 * The termly evaluation's indicators (BOSAM.md "Termly evaluation"): their names in the API,
 * their Swedish labels in exports, how each is computed, and whether it counts households (and
 * so is suppressed below five in exports). The SQL in indicators.sql.ts follows these words.
 */
export type IndicatorKind =
  /** A number of households, cases, notifications or next steps: 1–4 is shown as "<5" in exports. */
  | 'count'
  /** A median, percentile or share over `basis` cases: "<5" in exports when computed from fewer than five. */
  | 'statistic'
  /** Kronor over the households counted by `basis`. */
  | 'amount'
  /** About meetings, not households: never suppressed. */
  | 'meetings';

export interface IndicatorSpec {
  label: string;
  kind: IndicatorKind;
  /** The count a statistic or amount is computed from. */
  basis?: ScalarIndicator;
  definition: string;
}

export const SCALAR_INDICATORS = [
  'notificationsReceived',
  'householdsWithChildren',
  'casesOpened',
  'casesClosed',
  'evictionsCarriedOut',
  'evictionsAffectingChildren',
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
  'recurrences',
  'recurrencesAny',
] as const;
export type ScalarIndicator = (typeof SCALAR_INDICATORS)[number];

const IN_TERM = 'in the term (Stockholm calendar dates, first and last day included)';

export const INDICATORS: Record<ScalarIndicator, IndicatorSpec> = {
  notificationsReceived: { label: 'Inkomna underrättelser', kind: 'count', definition: `Notifications whose receivedOn is ${IN_TERM}.` },
  householdsWithChildren: {
    label: 'Hushåll med barn (bland inkomna underrättelser)',
    kind: 'count',
    definition: 'Distinct cases with a notification received in the term that reported childrenInHousehold > 0.',
  },
  casesOpened: { label: 'Öppnade ärenden', kind: 'count', definition: `Cases whose opening date is ${IN_TERM}.` },
  casesClosed: { label: 'Avslutade ärenden', kind: 'count', definition: `Cases closed with a closing date ${IN_TERM}.` },
  evictionsCarriedOut: { label: 'Genomförda avhysningar', kind: 'count', definition: 'Cases closed in the term with outcome evicted.' },
  evictionsAffectingChildren: {
    label: 'Genomförda avhysningar som berört barn',
    kind: 'count',
    definition: 'Evictions carried out (above) of households with childrenInHousehold > 0.',
  },
  leasesKept: { label: 'Behållna hyreskontrakt', kind: 'count', definition: 'Cases closed in the term with outcome lease_kept.' },
  notificationsOnAgenda: {
    label: 'Underrättelser som tagits upp på ett hållet möte',
    kind: 'count',
    definition: 'Notifications received in the term that are on the frozen agenda of a meeting that was held (started).',
  },
  medianDaysToFirstAgenda: {
    label: 'Dagar från mottagande till första dagordning (median)',
    kind: 'statistic',
    basis: 'notificationsOnAgenda',
    definition:
      'Over notifications received in the term: days from receivedOn to the date of the first held (started) meeting whose frozen ' +
      'agenda included the notification. Notifications not yet on a held meeting are left out (see notificationsOnAgenda).',
  },
  p90DaysToFirstAgenda: {
    label: 'Dagar från mottagande till första dagordning (90:e percentil)',
    kind: 'statistic',
    basis: 'notificationsOnAgenda',
    definition: 'As medianDaysToFirstAgenda, the 90th percentile (continuous).',
  },
  casesWithContact: {
    label: 'Ärenden med registrerad kontakt',
    kind: 'count',
    definition: 'Cases opened in the term with at least one recorded contact (any channel, reached or not).',
  },
  medianDaysToFirstContact: {
    label: 'Dagar från öppnat ärende till första kontakt (median)',
    kind: 'statistic',
    basis: 'casesWithContact',
    definition: 'Over cases opened in the term that have a contact: days from the opening date to the first case_contact (any channel).',
  },
  p90DaysToFirstContact: {
    label: 'Dagar från öppnat ärende till första kontakt (90:e percentil)',
    kind: 'statistic',
    basis: 'casesWithContact',
    definition: 'As medianDaysToFirstContact, the 90th percentile (continuous).',
  },
  shareFirstContactWithin14Days: {
    label: 'Andel ärenden med första kontakt inom 14 dagar',
    kind: 'statistic',
    basis: 'casesOpened',
    definition: 'Cases opened in the term whose first contact came within 14 days of opening / cases opened in the term (0–1).',
  },
  casesReached: {
    label: 'Nådda hushåll',
    kind: 'count',
    definition: 'Cases opened in the term with a recorded contact where reached = true.',
  },
  shareReached: {
    label: 'Andel nådda hushåll',
    kind: 'statistic',
    basis: 'casesOpened',
    definition: 'casesReached / casesOpened (0–1, three decimals); null when no case was opened.',
  },
  casesOpenAtTermEnd: {
    label: 'Öppna ärenden vid terminens slut',
    kind: 'count',
    definition: "Cases opened on or before the term's last day and not closed by then.",
  },
  remainingDebtSek: {
    label: 'Kvarstående skuld vid terminens slut (kr)',
    kind: 'amount',
    basis: 'casesOpenAtTermEnd',
    definition:
      "Sum over the cases open at the term's end of each case's latest balance (kronor) dated by then: a balance recorded on the case, or a notice's amount when that is later.",
  },
  meetingsHeld: {
    label: 'Hållna Bosam-möten',
    kind: 'meetings',
    definition: 'Meetings of the district held (started) on a date in the term.',
  },
  nextStepsCreated: {
    label: 'Skapade nästa steg',
    kind: 'count',
    definition: 'Next steps created on a date in the term (Stockholm).',
  },
  nextStepsDone: { label: 'Utförda nästa steg', kind: 'count', definition: 'Next steps created in the term that are done.' },
  nextStepsDoneOnTime: {
    label: 'Nästa steg utförda i tid',
    kind: 'count',
    definition: 'Next steps created in the term that are done with doneOn on or before dueOn.',
  },
  nextStepsOverdue: {
    label: 'Försenade nästa steg',
    kind: 'count',
    definition: "Next steps created in the term still open after their due date, as of the term's last day (or today while the term runs).",
  },
  consentsRecorded: {
    label: 'Registrerade samtycken',
    kind: 'count',
    definition: 'Consents given (givenOn) in the term, whether or not withdrawn since.',
  },
  exchangesRecorded: {
    label: 'Informationsutbyten med hyresvärdar',
    kind: 'count',
    definition: 'Recorded exchanges of case information with landlords on a date in the term.',
  },
  liaisonSessionsHeld: {
    label: 'Hållna hyresvärdsmöten',
    kind: 'meetings',
    definition: "Liaison sessions on a date in the term, up to the report date (planned ones later in the term are not yet held).",
  },
  recurrences: {
    label: 'Återkommande hushåll inom 12 månader',
    kind: 'count',
    definition: "Cases opened in the term for a household whose previous case in the district was closed at most 12 months before.",
  },
  recurrencesAny: {
    label: 'Återkommande hushåll (någon gång tidigare)',
    kind: 'count',
    definition: 'Cases opened in the term marked as a recurrence: the household had a closed case in the district before.',
  },
};

export const BREAKDOWN_DEFINITIONS: Record<string, string> = {
  notificationsBySource: 'notificationsReceived per source.',
  notificationsByLandlord: 'notificationsReceived per landlord in the register (unknown landlords together).',
  casesClosedByOutcome: 'casesClosed per outcome.',
  units:
    'Per unit: meetings held in the term at which the unit was present (not absent), present with mandate, and its next steps ' +
    'created, done, done on time and overdue (as the totals above).',
};

export const SOURCE_LABELS: Record<string, string> = {
  landlord_arrears: 'Hyresvärd, hyresskuld',
  landlord_disturbance: 'Hyresvärd, störningar',
  enforcement_application: 'Kronofogden, ansökan om avhysning',
  enforcement_eviction_date: 'Kronofogden, avhysningsdatum',
  other: 'Övrigt',
};

export const OUTCOME_LABELS: Record<string, string> = {
  lease_kept: 'Kvarboende',
  commitment_given: 'Förbindelse given',
  agreement: 'Överenskommelse',
  moved: 'Flyttat',
  evicted: 'Avhyst',
  withdrawn: 'Återkallat',
  other: 'Övrigt',
  unknown: 'Okänt',
};
