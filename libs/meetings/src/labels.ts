import { NotificationSource } from '@bosam/cases';
import { AgendaSectionKind, AttendanceRole } from './entities';

// The Swedish words people read on the agenda, the minutes and in warnings, in one place. Codes stay English.

export const SECTION_TITLES: Record<AgendaSectionKind, string> = {
  urgent: 'Brådskande',
  new: 'Nya underrättelser',
  follow_up: 'Uppföljning',
  next_steps: 'Nästa steg',
};

export const NOTICE_KINDS: Record<NotificationSource, string> = {
  landlord_arrears: 'Hyresskuld',
  landlord_disturbance: 'Störningar',
  enforcement_application: 'Ansökan om avhysning',
  enforcement_eviction_date: 'Avhysningsdatum',
  other: 'Övrigt',
};

export const DEADLINE_KINDS_SV: Record<'recovery_window' | 'eviction', string> = {
  recovery_window: 'Återvinningsfrist',
  eviction: 'Avhysning',
};

export const ROLES_SV: Record<AttendanceRole, string> = {
  assistant_head: 'Biträdande enhetschef',
  delegate: 'Ersättare',
  absent: 'Frånvarande',
};

export const STEP_STATUS_SV: Record<'open' | 'done' | 'cancelled', string> = {
  open: 'öppet',
  done: 'klart',
  cancelled: 'avbrutet',
};
