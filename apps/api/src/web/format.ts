// Swedish words and formats for what the services answer in codes.

export const kronor = (sek: number | null | undefined): string => {
  if (sek === null || sek === undefined) return '–';
  const decimals = Number.isInteger(sek) ? 0 : 2;
  return `${sek.toLocaleString('sv-SE', { minimumFractionDigits: decimals, maximumFractionDigits: decimals }).replace(/\u00a0/g, ' ')} kr`;
};

const dateTime = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', dateStyle: 'short', timeStyle: 'short' });
const longDate = new Intl.DateTimeFormat('sv-SE', { timeZone: 'UTC', weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });

/** An instant as Stockholm date and time. */
export const stockholmTime = (iso: string | null | undefined): string => (iso ? dateTime.format(new Date(iso)) : '–');
/** A calendar date in words: "tisdag 8 december 2026". */
export const dateInWords = (date: string): string => longDate.format(new Date(`${date}T00:00:00Z`));

export const SECTION_SV: Record<string, string> = {
  urgent: 'Brådskande',
  new: 'Nya underrättelser',
  follow_up: 'Uppföljning',
  next_steps: 'Nästa steg',
};

export const DEADLINE_SV: Record<string, string> = { recovery_window: 'Återvinningsfrist', eviction: 'Avhysning' };

export const SOURCE_SV: Record<string, string> = {
  landlord_arrears: 'Hyresskuld (hyresvärd)',
  landlord_disturbance: 'Störningar (hyresvärd)',
  enforcement_application: 'Ansökan om avhysning (Kronofogden)',
  enforcement_eviction_date: 'Avhysningsdatum (Kronofogden)',
  other: 'Övrigt',
};

export const CHANNEL_SV: Record<string, string> = {
  letter: 'Brev',
  phone: 'Telefon',
  home_visit: 'Hembesök',
  meeting: 'Möte',
  via_landlord: 'Via hyresvärden',
};

export const OUTCOME_SV: Record<string, string> = {
  lease_kept: 'Boendet kvar',
  commitment_given: 'Betalningsåtagande',
  agreement: 'Överenskommelse',
  moved: 'Flyttat',
  evicted: 'Avhyst',
  withdrawn: 'Återkallad',
  other: 'Annat',
};

export const STEP_STATUS_SV: Record<string, string> = { open: 'Öppet', done: 'Utfört', cancelled: 'Avbrutet' };
export const MEETING_STATUS_SV: Record<string, string> = {
  planned: 'Planerat',
  running: 'Pågår',
  closed: 'Avslutat',
  cancelled: 'Inställt',
};
export const ATTENDANCE_SV: Record<string, string> = { assistant_head: 'Biträdande enhetschef', delegate: 'Ersättare', absent: 'Frånvarande' };
export const CONSENT_CATEGORY_SV: Record<string, string> = {
  arrears_status: 'Skuldläge',
  repayment_plan: 'Avbetalningsplan',
  social_services_contact: 'Kontakt med socialtjänsten',
  support_measures: 'Stödinsatser',
  household: 'Hushållet',
};
export const CONSENT_STATUS_SV: Record<string, string> = {
  valid: 'Gäller',
  expired: 'Har upphört',
  withdrawn: 'Återkallat',
  not_yet_valid: 'Gäller ännu inte',
};

/** Timeline kinds in words; an unknown kind shows as it is. */
export const EVENT_SV: Record<string, string> = {
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

export const REASON_SV: Record<string, string> = {
  new_notification: 'Ny underrättelse sedan förra mötet',
  deadline_before_meeting_after_next: 'Lagstadgad frist går ut före mötet därefter',
  deadline_passed_since_last_meeting: 'Lagstadgad frist har gått ut sedan förra mötet',
  carried_over: 'Hanns inte vid förra mötet',
  remaining_debt: 'Kvarstående skuld',
  ongoing_disturbance: 'Pågående störningar',
  next_step_due: 'Nästa steg förföll sedan förra mötet',
  next_step_overdue: 'Nästa steg är försenat',
};
