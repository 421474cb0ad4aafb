import { AgendaSectionKind, AttendanceRole, MeetingStatus } from './entities';

// The Swedish words for the meeting's own codes (sections, roles, statuses); a case's codes read as in @bosam/cases.

export const SECTION_TITLES: Record<AgendaSectionKind, string> = {
  urgent: 'Brådskande',
  new: 'Nya underrättelser',
  follow_up: 'Uppföljning',
  next_steps: 'Nästa steg',
};

export const ROLES_SV: Readonly<Record<string, string>> = {
  assistant_head: 'Biträdande enhetschef',
  delegate: 'Ersättare',
  absent: 'Frånvarande',
} satisfies Record<AttendanceRole, string>;

export const MEETING_STATUS_SV: Readonly<Record<string, string>> = {
  planned: 'Planerat',
  running: 'Pågår',
  closed: 'Avslutat',
  cancelled: 'Inställt',
} satisfies Record<MeetingStatus, string>;

/** A meeting's decision on a case (the API's decision status): final, or pending until a unit without mandate confirms or rejects it. */
export const DECISION_STATUS_SV: Readonly<Record<string, string>> = {
  pending: 'Väntar på bekräftelse',
  confirmed: 'Bekräftat',
  rejected: 'Ej bekräftat',
  final: 'Beslutat',
};
