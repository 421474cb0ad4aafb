import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { NOTIFICATION_SOURCES, NotificationSource } from '@bosam/cases';
import { AGENDA_SECTIONS, AgendaSectionKind, ATTENDANCE_ROLES, AttendanceRole, MEETING_STATUSES, MeetingStatus } from './entities';
import { URGENT_HORIZON_DAYS } from './agenda.sql';
import { AGENDA_REASON_CODES, AgendaReasonCode } from './reasons';

// Classes rather than interfaces so that the OpenAPI document can describe every answer; their names are
// unique across the code base, as the document names its schemas after them.

export class AgendaDeadlineView {
  @ApiProperty({ enum: ['recovery_window', 'eviction'] }) kind: 'recovery_window' | 'eviction';
  @ApiProperty({ format: 'date' }) dueOn: string;
  @ApiProperty({ description: 'The day is before the meeting’s date.' }) passed: boolean;
  @ApiProperty({ description: 'A date the window counts from is missing: dueOn is the earliest day it can end.' }) estimated: boolean;
  @ApiProperty({
    format: 'date',
    nullable: true,
    type: String,
    description: 'For an estimate: the latest day the window can end, when known.',
  })
  latestDueOn: string | null;
  @ApiProperty({ description: 'The rule that produced the date, with the dates it was computed from.' }) rule: string;
}

export class AgendaAddressView {
  @ApiProperty({ nullable: true, type: String }) street: string | null;
  @ApiProperty({ nullable: true, type: String }) postalCode: string | null;
  @ApiProperty({ nullable: true, type: String }) city: string | null;
  @ApiProperty({ nullable: true, type: String }) apartment: string | null;
}

export class AgendaReasonView {
  @ApiProperty({ enum: AGENDA_REASON_CODES, description: 'Stable code.' }) code: AgendaReasonCode;
  @ApiProperty({ description: 'Swedish.' }) text: string;
}

export class AgendaLandlordView {
  @ApiProperty({ example: '556035-9555' }) orgNumber: string;
  @ApiProperty({ nullable: true, type: String, description: 'Null when the organisationsnummer is not registered.' }) name: string | null;
}

export class AgendaNoticeView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: NOTIFICATION_SOURCES }) source: NotificationSource;
  @ApiProperty({ description: 'The kind of notice, in Swedish.' }) kindText: string;
  @ApiProperty({ format: 'date' }) receivedOn: string;
  @ApiProperty({ type: AgendaLandlordView, nullable: true }) landlord: AgendaLandlordView | null;
  @ApiProperty({ nullable: true, type: Number }) arrearsSek: number | null;
  @ApiProperty({ description: 'On no frozen agenda yet.' }) new: boolean;
}

export class AgendaFlagView {
  @ApiProperty({ example: 'arrears_zero' }) code: string;
  @ApiProperty({ description: 'Swedish.' }) text: string;
}

export class AgendaNextStepView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() unit: string;
  @ApiProperty() action: string;
  @ApiProperty({ format: 'date' }) dueOn: string;
  @ApiProperty({ enum: ['open', 'done', 'cancelled'] }) status: string;
  @ApiProperty({ format: 'date', nullable: true, type: String }) doneOn: string | null;
  @ApiProperty({ nullable: true, type: String }) responsible: string | null;
  @ApiProperty({ description: 'Still open after its due date (before the meeting’s date).' }) overdue: boolean;
}

export class AgendaPendingDecisionView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) meetingId: string;
  @ApiProperty({ format: 'date', description: 'The date of the meeting that took it.' }) heldOn: string;
  @ApiProperty() text: string;
  @ApiProperty({ type: [String], description: 'Units whose confirmation is awaited.' }) pendingUnits: string[];
}

export class AgendaItemView {
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ type: [AgendaReasonView], description: 'Every reason that applies, not only the section’s.' }) reasons: AgendaReasonView[];
  @ApiProperty() childrenInHousehold: number;
  @ApiProperty({ type: [AgendaDeadlineView], description: 'Every legal deadline of the case, earliest first.' })
  deadlines: AgendaDeadlineView[];
  @ApiProperty({ description: 'Remaining debt, kronor.' }) arrearsSek: number;
  @ApiProperty({ type: [String], description: 'Units the client is known to.' }) units: string[];
  @ApiProperty({ type: [String], description: 'Of those, the units not represented at the meeting (empty until attendance is recorded).' })
  unitsNotRepresented: string[];
  @ApiProperty({ type: [AgendaNoticeView], description: 'The case’s notices, oldest first, with kind and landlord.' })
  notices: AgendaNoticeView[];
  @ApiProperty({ type: [AgendaFlagView], description: 'What the intake asked the meeting to look at.' }) flags: AgendaFlagView[];
  @ApiProperty({ type: [AgendaNextStepView], description: 'Open steps, and those due since the previous meeting.' })
  nextSteps: AgendaNextStepView[];
  @ApiProperty({ type: [AgendaPendingDecisionView], description: 'Decisions on the case still waiting for confirmation.' })
  pendingDecisions: AgendaPendingDecisionView[];
  @ApiProperty({ type: [String], description: 'The notices that are new on this agenda.' }) notificationIds: string[];
  @ApiProperty({ type: [String], description: 'The steps due since the previous meeting or overdue.' }) nextStepIds: string[];
  /** Tenants' names with masked personnummer. */
  @ApiProperty({ description: 'Tenants’ names with masked personnummer.' }) displayName: string;
  /** Names only, for printed material. */
  @ApiProperty({ description: 'Names only, for printed material.' }) names: string;
  /** Never given for a protected identity. */
  @ApiProperty({ type: AgendaAddressView, nullable: true, description: 'Never given for a protected identity.' })
  address: AgendaAddressView | null;
  @ApiProperty() protectedIdentity: boolean;
  @ApiProperty({ description: 'The household had a closed case before (JO 1683-2017).' }) recurrence: boolean;
  @ApiProperty({ format: 'date', nullable: true, type: String }) oldestNoticeOn: string | null;
  /** A decision on this case at this meeting waits for a unit's confirmation. */
  @ApiProperty({ description: 'A decision on this case at this meeting waits for a unit’s confirmation.' }) pendingConfirmation: boolean;
  @ApiProperty({ description: 'This meeting took a decision on the case.' }) decided: boolean;
}

export class AgendaSectionView {
  @ApiProperty({ enum: AGENDA_SECTIONS }) kind: AgendaSectionKind;
  @ApiProperty({ description: 'Swedish.' }) title: string;
  @ApiProperty({ type: [AgendaItemView] }) items: AgendaItemView[];
  @ApiPropertyOptional({ description: 'Section new only: notices not shown because their case is already closed.' })
  closedCaseNotices?: number;
}

export const AGENDA_WARNING_KINDS = ['attendance_not_recorded', 'unit_absent', 'unit_without_mandate', 'mandate_not_in_register'] as const;
export type AgendaWarningKind = (typeof AGENDA_WARNING_KINDS)[number];

export class AgendaWarning {
  @ApiProperty({ enum: AGENDA_WARNING_KINDS }) kind: AgendaWarningKind;
  @ApiPropertyOptional() unit?: string;
  @ApiPropertyOptional({ type: [String], description: 'attendance_not_recorded: the units the agenda’s cases need.' }) units?: string[];
  @ApiPropertyOptional({ description: 'The person the warning is about.' }) person?: string;
  @ApiProperty({ description: 'Swedish.' }) message: string;
}

export class AgendaView {
  @ApiProperty({ format: 'uuid' }) meetingId: string;
  @ApiProperty() district: string;
  @ApiProperty({ format: 'date' }) heldOn: string;
  @ApiProperty() startsAt: string;
  @ApiProperty({ enum: MEETING_STATUSES }) status: MeetingStatus;
  @ApiProperty() frozen: boolean;
  /** This meeting's cut-off: its start time, or the moment it was started. */
  @ApiProperty({ description: 'This meeting’s cut-off: its start time, or the moment it was started.' }) cutoff: string;
  @ApiProperty({ nullable: true, type: String }) previousCutoff: string | null;
  @ApiProperty({
    format: 'date',
    nullable: true,
    type: String,
    description: 'Urgent counts deadlines from this date (the previous meeting’s); null for a first meeting.',
  })
  urgentFrom: string | null;
  /** Urgent means a legal deadline before this date (the meeting after next, or URGENT_HORIZON_DAYS ahead). */
  @ApiProperty({
    format: 'date',
    description: `Urgent means a legal deadline before this date (the meeting after next, or ${URGENT_HORIZON_DAYS} days ahead).`,
  })
  urgentBefore: string;
  @ApiProperty({ type: [String], description: 'The units the agenda’s cases need (every unit a client on it is known to).' })
  expectedUnits: string[];
  @ApiProperty({ type: [AgendaWarning] }) warnings: AgendaWarning[];
  @ApiProperty({ type: [AgendaSectionView], description: 'In order: urgent, new, follow_up, next_steps; each case in one section only.' })
  sections: AgendaSectionView[];
}

export class MeetingView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() district: string;
  @ApiProperty() startsAt: string;
  @ApiProperty({ format: 'date' }) heldOn: string;
  @ApiProperty({ enum: MEETING_STATUSES }) status: MeetingStatus;
  @ApiProperty({ nullable: true, type: String }) startedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) closedAt: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) seriesId: string | null;
  @ApiProperty({ format: 'date', nullable: true, type: String }) movedFrom: string | null;
  @ApiProperty({ nullable: true, type: String }) movedReason: string | null;
  @ApiProperty({ nullable: true, type: String }) cancelledAt: string | null;
  @ApiProperty({ nullable: true, type: String }) cancelReason: string | null;
  @ApiProperty({ nullable: true, type: String }) chair: string | null;
  @ApiProperty({ nullable: true, type: String }) noteTaker: string | null;
}

export class AttendanceView {
  @ApiProperty() unit: string;
  @ApiProperty() unitName: string;
  @ApiProperty({ nullable: true, type: String }) person: string | null;
  @ApiProperty({ enum: ATTENDANCE_ROLES }) role: AttendanceRole;
  @ApiProperty() mandate: boolean;
  /** Declared, or valid in the unit's mandate register on the meeting's date. */
  @ApiProperty({ description: 'Declared, or valid in the unit’s mandate register on the meeting’s date.' }) withMandate: boolean;
  @ApiProperty({ description: 'The person holds a valid mandate for the unit in its register on the meeting’s date.' })
  mandateRegistered: boolean;
}

export class NextStepView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty() district: string;
  @ApiProperty() unit: string;
  @ApiProperty() action: string;
  @ApiProperty({ format: 'date' }) dueOn: string;
  @ApiProperty({ enum: ['open', 'done', 'cancelled'] }) status: string;
  @ApiProperty() overdue: boolean;
  @ApiProperty({ format: 'date', nullable: true, type: String }) doneOn: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) decisionId: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The person responsible, when one is named.' }) responsible: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'What came of it (done).' }) result: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Why it was cancelled.' }) cancelReason: string | null;
}

export const DECISION_STATUSES = ['final', 'pending', 'confirmed', 'rejected'] as const;
export type DecisionStatus = (typeof DECISION_STATUSES)[number];

export class DecisionView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) meetingId: string;
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty() text: string;
  @ApiProperty({ description: 'Still waiting for a unit’s confirmation.' }) pendingConfirmation: boolean;
  @ApiProperty({ type: [String] }) pendingUnits: string[];
  @ApiProperty({ enum: DECISION_STATUSES, description: 'final: no confirmation needed; pending; confirmed or rejected by the unit.' })
  status: DecisionStatus;
  @ApiProperty({ nullable: true, type: String, description: 'Who confirmed or rejected it.' }) confirmedBy: string | null;
  @ApiProperty({ nullable: true, type: String }) confirmedAt: string | null;
  @ApiProperty({ description: 'Who recorded it (token subject).' }) decidedBy: string;
  @ApiProperty({ nullable: true, type: String }) decidedByName: string | null;
  @ApiProperty() decidedAt: string;
  @ApiProperty({ type: [NextStepView] }) nextSteps: NextStepView[];
}

export class MinutesDecisionView extends DecisionView {
  @ApiProperty({ nullable: true, type: String, description: 'The household’s names as on the frozen agenda.' }) names: string | null;
}

export class CarriedOverView {
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty() names: string;
  @ApiProperty({ enum: AGENDA_SECTIONS, isArray: true }) sections: AgendaSectionKind[];
}

export class MinutesView {
  @ApiProperty({ type: MeetingView }) meeting: MeetingView;
  @ApiProperty({ type: [AttendanceView] }) attendance: AttendanceView[];
  @ApiProperty({ type: [String] }) absentUnits: string[];
  /** Each decision with the household's names as on the frozen agenda. */
  @ApiProperty({ type: [MinutesDecisionView] }) decisions: MinutesDecisionView[];
  @ApiProperty({ type: [CarriedOverView] }) carriedOver: CarriedOverView[];
  @ApiProperty() itemsOnAgenda: number;
}

/** The answer of POST /districts/{code}/meeting-series. */
export class SeriesMeetingView extends MeetingView {
  @ApiProperty({ format: 'date', description: 'The date the rule gave, before any move.' }) plannedOn: string;
  @ApiProperty({ nullable: true, type: String, description: 'Why the meeting moved (a holiday or eve), or null.' }) reason: string | null;
}

export class SeriesView {
  @ApiProperty({ format: 'uuid' }) seriesId: string;
  @ApiProperty({ type: [SeriesMeetingView] }) meetings: SeriesMeetingView[];
}

export class MeetingStartedView extends AgendaView {
  @ApiProperty() startedAt: string;
}

export class MeetingClosedView extends MeetingView {
  @ApiProperty({ type: [String], description: 'Cases without a decision, carried over to the next meeting.' }) carriedOver: string[];
}
