import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { AGENDA_SECTIONS, AgendaSectionKind, ATTENDANCE_ROLES, AttendanceRole, MEETING_STATUSES, MeetingStatus } from './entities';

// Classes rather than interfaces so that the OpenAPI document can describe every answer; their names are
// unique across the code base, as the document names its schemas after them.

export class AgendaDeadlineView {
  @ApiProperty({ enum: ['recovery_window', 'eviction'] }) kind: string;
  @ApiProperty({ format: 'date' }) dueOn: string;
  @ApiProperty() estimated: boolean;
  /** The rule that produced the date. */
  @ApiProperty({ description: 'The rule that produced the date.' }) rule: string;
}

export class AgendaAddressView {
  @ApiProperty({ nullable: true, type: String }) street: string | null;
  @ApiProperty({ nullable: true, type: String }) postalCode: string | null;
  @ApiProperty({ nullable: true, type: String }) city: string | null;
  @ApiProperty({ nullable: true, type: String }) apartment: string | null;
}

export class AgendaItemView {
  @ApiProperty({ format: 'uuid' }) caseId: string;
  /** Why the case is in this section, in words. */
  @ApiProperty({ description: 'Why the case is in this section, in words.' }) reason: string;
  @ApiProperty({ type: [String] }) reasonCodes: string[];
  @ApiProperty() childrenInHousehold: number;
  @ApiProperty({ type: AgendaDeadlineView, nullable: true }) deadline: AgendaDeadlineView | null;
  @ApiProperty() arrearsSek: number;
  /** Units the client is known to. */
  @ApiProperty({ type: [String], description: 'Units the client is known to.' }) units: string[];
  @ApiProperty({ type: [String] }) notificationIds: string[];
  @ApiProperty({ type: [String] }) nextStepIds: string[];
  /** Tenants' names with masked personnummer. */
  @ApiProperty({ description: 'Tenants’ names with masked personnummer.' }) displayName: string;
  /** Names only, for printed material. */
  @ApiProperty({ description: 'Names only, for printed material.' }) names: string;
  /** Never given for a protected identity. */
  @ApiProperty({ type: AgendaAddressView, nullable: true, description: 'Never given for a protected identity.' }) address: AgendaAddressView | null;
  @ApiProperty() protectedIdentity: boolean;
  @ApiProperty() recurrence: boolean;
  @ApiProperty({ format: 'date', nullable: true, type: String }) oldestNoticeOn: string | null;
  /** A decision on this case at this meeting waits for a unit's confirmation. */
  @ApiProperty({ description: 'A decision on this case at this meeting waits for a unit’s confirmation.' }) pendingConfirmation: boolean;
  @ApiProperty() decided: boolean;
}

export class AgendaSectionView {
  @ApiProperty({ enum: AGENDA_SECTIONS }) kind: AgendaSectionKind;
  @ApiProperty({ type: [AgendaItemView] }) items: AgendaItemView[];
}

export type AgendaWarningKind = 'unit_absent' | 'unit_without_mandate' | 'case_units_not_represented';

export class AgendaWarning {
  @ApiProperty({ enum: ['unit_absent', 'unit_without_mandate', 'case_units_not_represented'] }) kind: AgendaWarningKind;
  @ApiPropertyOptional() unit?: string;
  @ApiPropertyOptional({ format: 'uuid' }) caseId?: string;
  @ApiPropertyOptional({ type: [String] }) units?: string[];
  @ApiProperty() message: string;
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
  /** Urgent means a legal deadline before this date (the meeting after next, or 28 days ahead). */
  @ApiProperty({ format: 'date', description: 'Urgent means a legal deadline before this date (the meeting after next, or 28 days ahead).' })
  urgentBefore: string;
  @ApiProperty({ type: [AgendaWarning] }) warnings: AgendaWarning[];
  @ApiProperty({ type: [AgendaSectionView], description: 'In order: new, urgent, follow_up, next_steps.' }) sections: AgendaSectionView[];
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
}

export class AttendanceView {
  @ApiProperty() unit: string;
  @ApiProperty() unitName: string;
  @ApiProperty({ nullable: true, type: String }) person: string | null;
  @ApiProperty({ enum: ATTENDANCE_ROLES }) role: AttendanceRole;
  @ApiProperty() mandate: boolean;
  /** Declared, or valid in the unit's mandate register on the meeting's date. */
  @ApiProperty({ description: 'Declared, or valid in the unit’s mandate register on the meeting’s date.' }) withMandate: boolean;
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
}

export class DecisionView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) meetingId: string;
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty() text: string;
  @ApiProperty() pendingConfirmation: boolean;
  @ApiProperty({ type: [String] }) pendingUnits: string[];
  @ApiProperty() decidedBy: string;
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
