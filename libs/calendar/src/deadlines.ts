import { isNonWorkingDay, nextWorkingDay, nonWorkingReason } from './holidays';
import { addWeeks, LocalDate, maxDate, parseLocalDate } from './local-date';

// The legal constants used for deadlines, kept in one place.
export const LEGAL_RULES = {
  /** Jordabalken 12 kap. 44 § första stycket: the recovery window for a bostadslägenhet, in weeks. */
  recoveryWindowWeeks: 3,
} as const;

// Jordabalken 12 kap. 44 §: "inom tre veckor" for a bostadshyresgäst.
export const RECOVERY_WINDOW_WEEKS = LEGAL_RULES.recoveryWindowWeeks;

export interface Deadline {
  kind: 'recovery_window' | 'eviction';
  dueOn: LocalDate;
  /** True when the start date had to be estimated because a legal fact was not known. */
  estimated: boolean;
  /** Human-readable statement of the rule and the dates it was computed from (Swedish). */
  rule: string;
}

export interface RecoveryWindowFacts {
  /** The day the tenant was served (delgavs) the notice of the right to recover the lease. */
  tenantServedOn?: LocalDate | null;
  /** The day the landlord's notice of the termination was given to the social welfare board. */
  boardNotifiedOn?: LocalDate | null;
  /** The day the municipality received the notice; the board has been notified by then at the latest. */
  receivedOn: LocalDate;
}

// Jordabalken 12 kap. 44 §: the tenant keeps the lease by paying within three weeks from the later of the
// service on the tenant and the notice to the socialnämnd; Lag (1930:173) 1 § (a period in weeks ends on the
// same weekday) and 2 § (a last day on a non-working day moves to the next vardag). When either fact is
// missing the start is estimated as the latest of receivedOn and the known dates, and `estimated` is true.
export function recoveryWindowDeadline(facts: RecoveryWindowFacts): Deadline {
  parseLocalDate(facts.receivedOn);
  const namedFacts = [
    { label: 'delgivning', date: facts.tenantServedOn },
    { label: 'underrättelse till socialnämnden', date: facts.boardNotifiedOn },
  ];
  const known = namedFacts.filter((fact): fact is DatedFact => fact.date != null);
  const missing = namedFacts.filter((fact) => fact.date == null).map((fact) => fact.label);
  const estimated = missing.length > 0;
  const startFacts: DatedFact[] = estimated ? [{ label: 'mottagningsdatum', date: facts.receivedOn }, ...known] : known;
  const start = maxDate(startFacts[0].date, ...startFacts.slice(1).map((fact) => fact.date));
  const lastDay = addWeeks(start, RECOVERY_WINDOW_WEEKS);
  const dueOn = nextWorkingDay(lastDay);

  const described = startFacts.map((fact) => `${fact.label} (${fact.date})`);
  const from = described.length === 1 ? described[0] : `senast av ${joinSwedish(described)}`;
  let rule = `JB 12:44 återvinningsfrist: ${RECOVERY_WINDOW_WEEKS} veckor från ${from}`;
  if (estimated) rule += `, uppskattad från mottagningsdatum eftersom ${joinSwedish(missing)} saknas`;
  if (isNonWorkingDay(lastDay)) {
    rule += `; Lag (1930:173) 2 § flyttar till nästa vardag (${lastDay} är ${nonWorkingReason(lastDay)})`;
  }
  return { kind: 'recovery_window', dueOn, estimated, rule };
}

// Utsökningsbalken 16 kap.: the eviction day decided by Kronofogden, taken as given (never moved).
export function evictionDeadline(evictionOn: LocalDate): Deadline {
  parseLocalDate(evictionOn);
  return { kind: 'eviction', dueOn: evictionOn, estimated: false, rule: 'Kronofogdens beslutade avhysningsdag (UB 16 kap.)' };
}

type DatedFact = { label: string; date: LocalDate };

function joinSwedish(items: string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} och ${items[items.length - 1]}`;
}
