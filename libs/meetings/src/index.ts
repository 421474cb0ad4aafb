// Public door of @bosam/meetings: the fortnightly meeting, its agenda, decisions, next steps and minutes.
export * from './entities';
export * from './dto';
export * from './views';
export { AGENDA_SQL, agendaParams, URGENT_HORIZON_DAYS } from './agenda.sql';
export type { AgendaRow } from './agenda.sql';
export { AGENDA_REASONS, AGENDA_REASON_CODES, agendaReasons } from './reasons';
export type { AgendaReason, AgendaReasonCode } from './reasons';
export { DECISION_STATUS_SV, MEETING_STATUS_SV, ROLES_SV, SECTION_TITLES } from './labels';
export { agendaWarnings, unitsNotRepresented } from './warnings';
export { AgendaService, toAgendaItem } from './agenda.service';
export type { AgendaBounds, ComputedAgenda } from './agenda.service';
export { MeetingsService, toMeetingView } from './meetings.service';
export { NextStepsService, isOverdue, toNextStepView } from './next-steps.service';
export type { NextStepFilter, NextStepRecord } from './next-steps.service';
export { AgendaPage, renderAgendaHtml } from './print/agenda-page';
export { MinutesPage, renderMinutesHtml } from './print/minutes-page';
// The printed pages' style block as a Content-Security-Policy source (the shared print stylesheet's hash).
export { PRINT_STYLE_CSP_SOURCE } from '@bosam/platform';
export { MeetingsModule } from './meetings.module';
