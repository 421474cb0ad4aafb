import { AGENDA_SECTIONS, AgendaSectionKind } from './entities';

/**
 * Why a case is on the agenda: one catalogue of reason codes, each with the section it puts the case
 * in and its text for people (Swedish). The agenda SQL emits codes only and takes each code's section
 * from here (as parameters); a case sits in the first section any of its reasons names, and its item
 * lists every reason, in the catalogue's order.
 *
 * To add a reason: an entry here, and one branch in the `reasons` CTE of agenda.sql.ts that emits
 * (case_id, code). A code the SQL emits but this catalogue lacks is dropped (agenda.spec checks none is).
 */
export const AGENDA_REASONS = {
  deadline_passed: { section: 'urgent', text: 'Lagstadgad frist har redan gått ut' },
  deadline_before_meeting_after_next: { section: 'urgent', text: 'Lagstadgad frist går ut före mötet därefter' },
  new_notification: { section: 'new', text: 'Ny underrättelse sedan förra mötet' },
  carried_over: { section: 'follow_up', text: 'Hanns inte vid förra mötet' },
  decision_pending_confirmation: { section: 'follow_up', text: 'Beslut väntar på bekräftelse av enhet utan mandat' },
  remaining_debt: { section: 'follow_up', text: 'Kvarstående skuld' },
  ongoing_disturbance: { section: 'follow_up', text: 'Pågående störningar' },
  // Following a case between meetings (@bosam/cases): a broken plan, two cases in one home, a moved tenant, a corrected notice.
  repayment_plan_broken: { section: 'follow_up', text: 'Avbetalningsplanen har brutits sedan förra mötet' },
  shared_apartment: { section: 'follow_up', text: 'Ett annat öppet ärende gäller samma lägenhet' },
  address_differs: { section: 'follow_up', text: 'Ny underrättelse gäller en annan adress än ärendets: har hushållet flyttat?' },
  notice_amended: { section: 'follow_up', text: 'Underrättelsen har rättats sedan förra mötet' },
  next_step_overdue: { section: 'next_steps', text: 'Nästa steg är försenat' },
  next_step_due: { section: 'next_steps', text: 'Nästa steg förföll sedan förra mötet' },
} as const satisfies Record<string, { section: AgendaSectionKind; text: string }>;

export type AgendaReasonCode = keyof typeof AGENDA_REASONS;

export const AGENDA_REASON_CODES = Object.keys(AGENDA_REASONS) as AgendaReasonCode[];

export interface AgendaReason {
  code: AgendaReasonCode;
  text: string;
}

export const isAgendaReasonCode = (code: string): code is AgendaReasonCode => Object.hasOwn(AGENDA_REASONS, code);

/** The reasons of one item, in the catalogue's order, with their Swedish text; unknown codes are left out. */
export function agendaReasons(codes: readonly string[]): AgendaReason[] {
  const given = new Set(codes);
  return AGENDA_REASON_CODES.filter((code) => given.has(code)).map((code) => ({ code, text: AGENDA_REASONS[code].text }));
}

/** The SQL's parameters for the catalogue: every code, and the position (1-based) of its section. */
export function reasonSectionParams(): [string[], number[]] {
  return [AGENDA_REASON_CODES, AGENDA_REASON_CODES.map((code) => AGENDA_SECTIONS.indexOf(AGENDA_REASONS[code].section) + 1)];
}
