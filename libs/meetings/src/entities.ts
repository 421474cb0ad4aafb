import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { HouseholdCase, Notification } from '@bosam/cases';
import { District, Unit } from '@bosam/setup';

export const MEETING_STATUSES = ['planned', 'running', 'closed', 'cancelled'] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];

export const ATTENDANCE_ROLES = ['assistant_head', 'delegate', 'absent'] as const;
export type AttendanceRole = (typeof ATTENDANCE_ROLES)[number];

// In the order the meeting goes through them; a case sits in the first that applies.
export const AGENDA_SECTIONS = ['urgent', 'new', 'follow_up', 'next_steps'] as const;
export type AgendaSectionKind = (typeof AGENDA_SECTIONS)[number];

/** The fortnightly cross-unit meeting (Bosam-möte) of one district. */
@Entity('meeting')
@Index('ix_meeting_district_starts', ['districtCode', 'startsAt'])
export class Meeting {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  districtCode: string;

  @ManyToOne(() => District, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'district_code', referencedColumnName: 'code' })
  district?: District;

  @Column({ type: 'timestamptz' })
  startsAt: Date;

  /** The meeting's Stockholm calendar date. */
  @Column({ type: 'date' })
  heldOn: string;

  @Column({ type: 'text', default: 'planned' })
  status: MeetingStatus;

  /** When the meeting was started: its agenda was frozen at this instant (its cut-off). */
  @Column({ type: 'timestamptz', nullable: true })
  startedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  /** The frozen agenda's bounds (previous cut-off, urgent horizon), kept as they were at the start. */
  @Column({ type: 'jsonb', nullable: true })
  frozenBounds: Record<string, unknown> | null;

  @Column({ type: 'uuid', nullable: true })
  seriesId: string | null;

  /** The date the series' rhythm gave, when the meeting was moved off a non-working day. */
  @Column({ type: 'date', nullable: true })
  movedFrom: string | null;

  @Column({ type: 'text', nullable: true })
  movedReason: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  cancelledAt: Date | null;

  @Column({ type: 'text', nullable: true })
  cancelReason: string | null;

  /** Who chairs the meeting and who takes the minutes (for the minutes). */
  @Column({ type: 'text', nullable: true })
  chair: string | null;

  @Column({ type: 'text', nullable: true })
  noteTaker: string | null;

  @Column({ type: 'text' })
  createdBy: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** Who represents a unit at a meeting, and whether they have the mandate to decide planning. */
@Entity('meeting_attendance')
export class MeetingAttendance {
  @PrimaryColumn({ type: 'uuid' })
  meetingId: string;

  @PrimaryColumn({ type: 'uuid' })
  unitId: string;

  @ManyToOne(() => Meeting, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'meeting_id' })
  meeting?: Meeting;

  @ManyToOne(() => Unit, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'unit_id' })
  unit?: Unit;

  @Column({ type: 'text', nullable: true })
  person: string | null;

  @Column({ type: 'text' })
  role: AttendanceRole;

  /** As declared at the meeting. */
  @Column({ type: 'boolean', default: false })
  mandate: boolean;

  /** Declared, or found valid in the unit's mandate register on the meeting's date. */
  @Column({ type: 'boolean', default: false })
  withMandate: boolean;

  /** The person has a valid mandate for the unit in its register on the meeting's date. */
  @Column({ type: 'boolean', default: false })
  mandateRegistered: boolean;

  @Column({ type: 'text' })
  recordedBy: string;
}

/** One item of a frozen agenda, stored exactly as it was when the meeting started. */
@Entity('agenda_item')
@Index('ux_agenda_item_position', ['meetingId', 'section', 'position'], { unique: true })
@Index('ix_agenda_item_case', ['caseId'])
export class AgendaItem {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  meetingId: string;

  @ManyToOne(() => Meeting, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'meeting_id' })
  meeting?: Meeting;

  @Column({ type: 'text' })
  section: AgendaSectionKind;

  @Column({ type: 'integer' })
  position: number;

  @Column({ type: 'uuid' })
  caseId: string;

  @ManyToOne(() => HouseholdCase, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id' })
  case?: HouseholdCase;

  /** The item as served (reason, deadline, amount, units …). */
  @Column({ type: 'jsonb' })
  item: Record<string, unknown>;

  /** Set at close when the meeting took no decision on the case: it comes back at the next meeting. */
  @Column({ type: 'boolean', default: false })
  carriedOver: boolean;
}

/** A notification that went on a frozen agenda; every notification goes on exactly one. */
@Entity('agenda_notification')
@Index('ix_agenda_notification_meeting', ['meetingId'])
export class AgendaNotification {
  @PrimaryColumn({ type: 'uuid' })
  notificationId: string;

  @ManyToOne(() => Notification, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'notification_id' })
  notification?: Notification;

  @Column({ type: 'uuid' })
  meetingId: string;

  @ManyToOne(() => Meeting, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'meeting_id' })
  meeting?: Meeting;
}

/** What the meeting decided on a case; its next steps are rows of next_step with this decision's id. */
@Entity('meeting_decision')
@Index('ix_meeting_decision_meeting_case', ['meetingId', 'caseId'])
// Deleting a case (retention) cascades here by case id.
@Index('ix_meeting_decision_case', ['caseId'])
// The agenda lists every decision still waiting for confirmation.
@Index('ix_meeting_decision_pending', ['caseId'], { where: 'pending_confirmation' })
export class MeetingDecision {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  meetingId: string;

  @ManyToOne(() => Meeting, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'meeting_id' })
  meeting?: Meeting;

  @Column({ type: 'uuid' })
  caseId: string;

  @ManyToOne(() => HouseholdCase, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id' })
  case?: HouseholdCase;

  @Column({ type: 'text' })
  text: string;

  /** A unit whose representative had no mandate took part: the decision waits for confirmation. */
  @Column({ type: 'boolean', default: false })
  pendingConfirmation: boolean;

  /** Codes of the units whose confirmation is awaited. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  pendingUnits: string[];

  /** How a pending decision was settled: confirmed or rejected (null while pending, or when never pending). */
  @Column({ type: 'text', nullable: true })
  confirmation: 'confirmed' | 'rejected' | null;

  /** The person who confirmed or rejected it (the unit's assistant head, say), as named in the request. */
  @Column({ type: 'text', nullable: true })
  confirmedBy: string | null;

  @Column({ type: 'text', nullable: true })
  confirmedBySub: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  confirmedAt: Date | null;

  @Column({ type: 'text' })
  decidedBy: string;

  /** The decider's name as the token gave it. */
  @Column({ type: 'text', nullable: true })
  decidedByName: string | null;

  @Column({ type: 'text' })
  decidedByRole: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

export const MEETING_ENTITIES = [Meeting, MeetingAttendance, AgendaItem, AgendaNotification, MeetingDecision];
