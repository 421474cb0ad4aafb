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
  /** The day to plan by: for an estimate, the earliest day the window can end (never later than the law allows). */
  dueOn: LocalDate;
  /** True when a legal fact (service or notice to the board) was not known and the start had to be estimated. */
  estimated: boolean;
  /** For an estimate: the latest day the window can end, when the known facts bound it; else null. */
  latestDueOn: LocalDate | null;
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
// same weekday) and 2 § (a last day on a non-working day moves to the next vardag).
// When a fact is missing the window is estimated, and an estimate is never later than the law allows
// (BOSAM.md, "Legal deadlines"): the meeting plans by the earliest day the window can end, counted from the
// known date (from receivedOn only when both are unknown), and sees the latest possible day beside it when the
// facts bound it. Only the board's date is bounded: the board has the notice by receivedOn at the latest, so
// with the service date known the window starts at the latest on the later of service and receipt. The
// service date is not bounded (service often comes after the notice), so without it there is no latest day.
export function recoveryWindowDeadline(facts: RecoveryWindowFacts): Deadline {
  parseLocalDate(facts.receivedOn);
  const served = facts.tenantServedOn ?? null;
  const notified = facts.boardNotifiedOn ?? null;
  if (served !== null && notified !== null) {
    const window = windowFrom(maxDate(served, notified));
    const rule = `JB 12:44 återvinningsfrist: ${RECOVERY_WINDOW_WEEKS} veckor från senast av ${SERVED} (${served}) och ${NOTIFIED} (${notified})${window.moved}`;
    return { kind: 'recovery_window', dueOn: window.dueOn, estimated: false, latestDueOn: null, rule };
  }
  const missing = [served === null ? SERVED : null, notified === null ? NOTIFIED : null].filter((label): label is string => label !== null);
  const [label, start] = served !== null ? [SERVED, served] : notified !== null ? [NOTIFIED, notified] : [RECEIVED, facts.receivedOn];
  const earliest = windowFrom(start);
  let rule =
    `JB 12:44 återvinningsfrist: ${RECOVERY_WINDOW_WEEKS} veckor från ${label} (${start})${earliest.moved}` +
    `, uppskattad (tidigast möjliga slut) eftersom ${joinSwedish(missing)} saknas`;
  let latestDueOn: LocalDate | null = null;
  if (served !== null) {
    const latestStart = maxDate(served, facts.receivedOn);
    const latest = windowFrom(latestStart);
    latestDueOn = latest.dueOn;
    rule +=
      `; senast möjliga slut ${latest.dueOn} (${RECOVERY_WINDOW_WEEKS} veckor från senast av ${SERVED} (${served}) och ` +
      `${RECEIVED} (${facts.receivedOn})${latest.moved})`;
  } else {
    rule += '; inget senast möjliga slut, eftersom delgivningen kan ske senare';
  }
  return { kind: 'recovery_window', dueOn: earliest.dueOn, estimated: true, latestDueOn, rule };
}

const SERVED = 'delgivning';
const NOTIFIED = 'underrättelse till socialnämnden';
const RECEIVED = 'mottagningsdatum';

/** Three weeks from `start`, the last day moved to the next vardag, and the words that say so (if it moved). */
function windowFrom(start: LocalDate): { dueOn: LocalDate; moved: string } {
  const lastDay = addWeeks(start, RECOVERY_WINDOW_WEEKS);
  const moved = isNonWorkingDay(lastDay)
    ? `; Lag (1930:173) 2 § flyttar till nästa vardag (${lastDay} är ${nonWorkingReason(lastDay)})`
    : '';
  return { dueOn: nextWorkingDay(lastDay), moved };
}

// Utsökningsbalken 16 kap.: the eviction day decided by Kronofogden, taken as given (never moved).
export function evictionDeadline(evictionOn: LocalDate): Deadline {
  parseLocalDate(evictionOn);
  return {
    kind: 'eviction',
    dueOn: evictionOn,
    estimated: false,
    latestDueOn: null,
    rule: 'Kronofogdens beslutade avhysningsdag (UB 16 kap.)',
  };
}

function joinSwedish(items: string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} och ${items[items.length - 1]}`;
}
