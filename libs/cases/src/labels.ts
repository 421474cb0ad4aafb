// The Swedish words people read for the codes of a case (the agenda, the case page, the timeline, the
// evaluation, the landlord's agenda): one catalogue, so a code reads the same everywhere. Codes stay English.
import {
  BalanceSource,
  CaseOutcome,
  ContactChannel,
  ContactOutcome,
  DeadlineKind,
  NextStepStatus,
  NotificationSource,
  RepaymentPlanStatus,
} from './entities';

/** A notice's kind, short: beside its landlord on the agenda. */
export const NOTICE_KIND_SV: Readonly<Record<string, string>> = {
  landlord_arrears: 'Hyresskuld',
  landlord_disturbance: 'Störningar',
  enforcement_application: 'Ansökan om avhysning',
  enforcement_eviction_date: 'Avhysningsdatum',
  other: 'Övrigt',
} satisfies Record<NotificationSource, string>;

/** A notice's kind with who sent it: where no landlord is named beside it (forms, lists, reports). */
export const NOTICE_SOURCE_SV: Readonly<Record<string, string>> = {
  landlord_arrears: 'Hyresskuld (hyresvärd)',
  landlord_disturbance: 'Störningar (hyresvärd)',
  enforcement_application: 'Ansökan om avhysning (Kronofogden)',
  enforcement_eviction_date: 'Avhysningsdatum (Kronofogden)',
  other: 'Övrigt',
} satisfies Record<NotificationSource, string>;

export const DEADLINE_KIND_SV: Readonly<Record<string, string>> = {
  recovery_window: 'Återvinningsfrist',
  eviction: 'Avhysning',
} satisfies Record<DeadlineKind, string>;

/** How a case ended. `commitment_given`: the welfare board's förbindelse (JB 12 kap. 44 §). */
export const CASE_OUTCOME_SV: Readonly<Record<string, string>> = {
  lease_kept: 'Kvarboende',
  commitment_given: 'Förbindelse given',
  agreement: 'Överenskommelse',
  moved: 'Flyttat',
  evicted: 'Avhyst',
  withdrawn: 'Uppsägningen återkallad',
  other: 'Övrigt',
} satisfies Record<CaseOutcome, string>;

export const CONTACT_CHANNEL_SV: Readonly<Record<string, string>> = {
  letter: 'Brev',
  phone: 'Telefon',
  home_visit: 'Hembesök',
  meeting: 'Möte',
  via_landlord: 'Via hyresvärden',
} satisfies Record<ContactChannel, string>;

export const CONTACT_OUTCOME_SV: Readonly<Record<string, string>> = {
  reached: 'Nådd',
  no_answer: 'Inget svar',
  letter_sent: 'Brev skickat',
  home_visit_made: 'Hembesök gjort',
  declined: 'Avböjde',
} satisfies Record<ContactOutcome, string>;

export const BALANCE_SOURCE_SV: Readonly<Record<string, string>> = {
  landlord: 'Hyresvärdens besked',
  client: 'Hushållets uppgift',
  financial_aid: 'Betalt med ekonomiskt bistånd',
  other: 'Annan källa',
} satisfies Record<BalanceSource, string>;

export const PLAN_STATUS_SV: Readonly<Record<string, string>> = { active: 'Pågår', kept: 'Fullföljd', broken: 'Bruten' } satisfies Record<
  RepaymentPlanStatus,
  string
>;

/** A next step's status, as a word inside a sentence ("– utfört"); a table cell capitalises it. */
export const STEP_STATUS_SV: Readonly<Record<string, string>> = { open: 'öppet', done: 'utfört', cancelled: 'avbrutet' } satisfies Record<
  NextStepStatus,
  string
>;

/** The timeline's kinds in words; an unknown kind shows as it is. */
export const CASE_EVENT_SV: Record<string, string> = {
  case_opened: 'Ärendet öppnades',
  notification_received: 'Underrättelse mottagen',
  units_set: 'Enheter angivna',
  contact_recorded: 'Kontakt registrerad',
  case_closed: 'Ärendet avslutades',
  decision_recorded: 'Beslut vid möte',
  next_step_created: 'Nästa steg beslutat',
  next_step_done: 'Nästa steg utfört',
  next_step_cancelled: 'Nästa steg avbrutet',
  next_step_open: 'Nästa steg öppnat igen',
  next_step_overdue: 'Nästa steg försenat',
  consent_given: 'Samtycke registrerat',
  consent_withdrawn: 'Samtycke återkallat',
  landlord_exchange: 'Utbyte med hyresvärd',
  carried_over: 'Flyttades till nästa möte',
  balance_recorded: 'Skuld registrerad',
  repayment_plan_agreed: 'Avbetalningsplan överenskommen',
  repayment_plan_kept: 'Avbetalningsplan fullföljd',
  repayment_plan_broken: 'Avbetalningsplan bruten',
  repayment_plan_resumed: 'Avbetalningsplan återupptagen',
  disturbance_reported: 'Störning anmäld',
  disturbances_ended: 'Störningarna upphörde',
  follow_up_ended: 'Uppföljningen avslutad: ingen skuld och inga störningar',
  notification_amended: 'Underrättelse rättad',
  case_corrected: 'Ärendet rättat',
  case_reopened: 'Ärendet öppnades igen',
  case_merged_into: 'Sammanslaget med ett annat ärende',
  case_merged_from: 'Ett annat ärende slogs ihop med detta',
  units_changed: 'Enheter ändrade',
};

/** The fields of a notice, as a correction names them. */
export const NOTICE_FIELD_LABELS: Record<string, string> = {
  landlordOrgNumber: 'hyresvärd',
  receivedOn: 'mottagningsdatum',
  tenantServedOn: 'delgivningsdatum',
  boardNotifiedOn: 'datum för underrättelse till socialnämnden',
  evictionOn: 'avhysningsdatum',
  arrearsSek: 'skuld',
  monthsInArrears: 'antal månader i skuld',
  childrenInHousehold: 'antal barn',
  address: 'adress',
};

/** "Underrättelsen rättad: delgivningsdatum och skuld" — for the agenda's reason after an amendment. */
export function amendedNoticeText(fields: string[]): string {
  const words = fields.map((f) => NOTICE_FIELD_LABELS[f] ?? f);
  const list = words.length <= 1 ? words.join('') : `${words.slice(0, -1).join(', ')} och ${words[words.length - 1]}`;
  return `Underrättelsen rättad: ${list}`;
}
