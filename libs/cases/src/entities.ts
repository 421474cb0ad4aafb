import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { District, Landlord, Unit } from '@bosam/setup';

export const NOTIFICATION_SOURCES = [
  'landlord_arrears',
  'landlord_disturbance',
  'enforcement_application',
  'enforcement_eviction_date',
  'other',
] as const;
export type NotificationSource = (typeof NOTIFICATION_SOURCES)[number];

export const CASE_OUTCOMES = ['lease_kept', 'commitment_given', 'agreement', 'moved', 'evicted', 'withdrawn', 'other'] as const;
export type CaseOutcome = (typeof CASE_OUTCOMES)[number];

export const CONTACT_CHANNELS = ['letter', 'phone', 'home_visit', 'meeting', 'via_landlord'] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];

export const DEADLINE_KINDS = ['recovery_window', 'eviction'] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];

export const CONTACT_OUTCOMES = ['reached', 'no_answer', 'letter_sent', 'home_visit_made', 'declined'] as const;
export type ContactOutcome = (typeof CONTACT_OUTCOMES)[number];

/** Where a recorded balance comes from: the landlord's statement, the client, paid by ekonomiskt bistånd, other. */
export const BALANCE_SOURCES = ['landlord', 'client', 'financial_aid', 'other'] as const;
export type BalanceSource = (typeof BALANCE_SOURCES)[number];

export const REPAYMENT_PLAN_STATUSES = ['active', 'kept', 'broken'] as const;
export type RepaymentPlanStatus = (typeof REPAYMENT_PLAN_STATUSES)[number];

export const NEXT_STEP_STATUSES = ['open', 'done', 'cancelled'] as const;
export type NextStepStatus = (typeof NEXT_STEP_STATUSES)[number];

/**
 * One household's tenancy at risk (ärende), from the first notification to its outcome.
 * A household that comes back after closure gets a new case marked as a recurrence.
 */
@Entity('household_case')
@Index('ix_household_case_district_status_opened', ['districtCode', 'status', 'openedOn'])
// Open cases by apartment (district, lower(street), postal code, lower(apartment)): an expression index, in its migration.
@Index('ix_household_case_apartment', { synchronize: false })
export class HouseholdCase {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  districtCode: string;

  @ManyToOne(() => District, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'district_code', referencedColumnName: 'code' })
  district?: District;

  @Column({ type: 'text', default: 'open' })
  status: 'open' | 'closed';

  @Column({ type: 'date' })
  openedOn: string;

  @Column({ type: 'date', nullable: true })
  closedOn: string | null;

  @Column({ type: 'text', nullable: true })
  outcome: CaseOutcome | null;

  /** The household had a closed case in this district before (JO 1683-2017: repeated notices must be seen). */
  @Column({ type: 'boolean', default: false })
  recurrence: boolean;

  @Column({ type: 'uuid', nullable: true })
  previousCaseId: string | null;

  @Column({ type: 'uuid', nullable: true })
  landlordId: string | null;

  @ManyToOne(() => Landlord, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'landlord_id' })
  landlord?: Landlord;

  @Column({ type: 'text', nullable: true })
  street: string | null;

  @Column({ type: 'text', nullable: true })
  postalCode: string | null;

  @Column({ type: 'text', nullable: true })
  city: string | null;

  @Column({ type: 'text', nullable: true })
  apartment: string | null;

  @Column({ type: 'integer', default: 0 })
  childrenInHousehold: number;

  /** Skyddade personuppgifter: never an address in agendas, exports or landlord material. */
  @Column({ type: 'boolean', default: false })
  protectedIdentity: boolean;

  /** A protected identity's address, sealed (JSON of street, postalCode, city, apartment); the plain columns are then null. */
  @Column({ type: 'text', nullable: true })
  addressSealed: string | null;

  /** Remaining debt as last reported, in öre. */
  @Column({ type: 'bigint', default: 0 })
  arrearsOre: number;

  /** Disturbance complaints that are still going on. */
  @Column({ type: 'boolean', default: false })
  ongoingDisturbance: boolean;

  /** The date of the balance in arrearsOre: a recorded balance or the notice it came from (the latest wins). */
  @Column({ type: 'date', nullable: true })
  arrearsOn: string | null;

  /** The day the case's latest repayment plan was broken: the next agenda takes the case up again. */
  @Column({ type: 'date', nullable: true })
  planBrokenOn: string | null;

  /** Set when the case was merged into another (same household): it stays readable, closed, pointing there. */
  @Column({ type: 'uuid', nullable: true })
  mergedIntoCaseId: string | null;

  /** The latest receivedOn of its notices: only a notice at least as recent updates the household facts above. */
  @Column({ type: 'date', nullable: true })
  lastReceivedOn: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

/**
 * A tenant of the household. The identity number is stored sealed (AES-256-GCM, key outside the
 * database) and matched through its blind index (HMAC-SHA256): see PersonalData in @bosam/platform.
 */
@Entity('case_tenant')
@Index('ix_case_tenant_personnummer_index', ['personnummerIndex'])
@Index('ux_case_tenant_case_personnummer_index', ['caseId', 'personnummerIndex'], { unique: true })
export class CaseTenant {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  caseId: string;

  @ManyToOne(() => HouseholdCase, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id' })
  case?: HouseholdCase;

  /** Blind index of the canonical 12 digits (YYYYMMDDNNNN) under the current key. */
  @Column({ type: 'bytea' })
  personnummerIndex: Buffer;

  /** The canonical 12 digits, sealed: `keyId:…`. */
  @Column({ type: 'text' })
  personnummerSealed: string;

  @Column({ type: 'text', nullable: true })
  name: string | null;

  /** The name for search: lower case, accents removed (nameSearchKey). */
  @Column({ type: 'text', nullable: true })
  nameKey: string | null;
}

/**
 * A person living under protected identity (skyddade personuppgifter), by identity number: the
 * register behind every case's `protectedIdentity`. Set by any notice that says so or by a
 * coordinator, removed only by a coordinator's stated lift. Every case naming a registered person
 * is protected, open or closed, in every district (see protection.ts).
 */
@Entity('protected_person')
export class ProtectedPerson {
  /** Blind index of the canonical 12 digits, as in case_tenant. */
  @PrimaryColumn({ type: 'bytea' })
  personnummerIndex: Buffer;

  /** The canonical 12 digits, sealed (so the index can be recomputed when the key rotates). */
  @Column({ type: 'text' })
  personnummerSealed: string;

  @CreateDateColumn({ type: 'timestamptz' })
  since: Date;

  /** Who registered it: the sub of the coordinator, or of the sender of the notice. */
  @Column({ type: 'text' })
  setBy: string;
}

/**
 * Which data key the stored personal data is sealed and indexed with (one row): start-up refuses a
 * key ring without it, and re-keys when a newer key has been put first.
 */
@Entity('personal_data_key')
export class PersonalDataKeyState {
  @PrimaryColumn({ type: 'smallint', default: 1 })
  id: number;

  @Column({ type: 'text' })
  keyId: string;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

/** A notice that a tenancy is at risk (underrättelse), from a landlord, Kronofogden or others. */
@Entity('notification')
@Index('ux_notification_reference', ['districtCode', 'source', 'senderKey', 'externalReference'], { unique: true })
@Index('ix_notification_case', ['caseId'])
@Index('ix_notification_district_received', ['districtCode', 'receivedOn'])
// The agenda's section "new" reads only the notices no agenda has shown yet: a narrow scan, whatever the history.
@Index('ix_notification_awaiting_agenda', ['districtCode'], { where: 'awaiting_agenda' })
export class Notification {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  districtCode: string;

  @Column({ type: 'uuid' })
  caseId: string;

  @ManyToOne(() => HouseholdCase, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id' })
  case?: HouseholdCase;

  @Column({ type: 'text' })
  source: NotificationSource;

  /** Who sent it: the landlord's number as stored (a sole trader's blind index), or another stable sender key. */
  @Column({ type: 'text' })
  senderKey: string;

  @Column({ type: 'text' })
  externalReference: string;

  /** Hash of the notice's content: the same reference with other content is a conflict. */
  @Column({ type: 'text' })
  contentHash: string;

  @Column({ type: 'uuid', nullable: true })
  landlordId: string | null;

  @ManyToOne(() => Landlord, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'landlord_id' })
  landlord?: Landlord;

  /**
   * The landlord named in the notice, kept even when it is not registered (landlordId null): ten digits,
   * or for a sole trader the blind index of their personnummer (landlordKey in @bosam/platform).
   */
  @Column({ type: 'text', nullable: true })
  landlordOrgNumber: string | null;

  /** A sole trader's personnummer, sealed; null for an organisationsnummer. */
  @Column({ type: 'text', nullable: true })
  landlordOrgNumberSealed: string | null;

  @Column({ type: 'date' })
  receivedOn: string;

  @Column({ type: 'date', nullable: true })
  tenantServedOn: string | null;

  @Column({ type: 'date', nullable: true })
  boardNotifiedOn: string | null;

  @Column({ type: 'date', nullable: true })
  evictionOn: string | null;

  @Column({ type: 'bigint', nullable: true })
  arrearsOre: number | null;

  @Column({ type: 'integer', nullable: true })
  monthsInArrears: number | null;

  @Column({ type: 'integer', default: 0 })
  childrenInHousehold: number;

  @Column({ type: 'boolean', default: false })
  protectedIdentity: boolean;

  /** Things the meeting should look at (e.g. a date that cannot be right). */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  flags: string[];

  /** The stored answer to the request that created it, returned again for an identical repeat. */
  @Column({ type: 'jsonb' })
  receipt: Record<string, unknown>;

  @Column({ type: 'uuid', nullable: true })
  importId: string | null;

  /**
   * True until a meeting's agenda is frozen with the notice (and agenda_notification records which one).
   * Only the freeze clears it; a correction, a merge or a cancelled meeting leaves it as it is.
   */
  @Column({ type: 'boolean', default: true })
  awaitingAgenda: boolean;

  @Column({ type: 'text' })
  createdBy: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** A legal deadline computed from a notification, with the rule that produced it. */
@Entity('case_deadline')
@Index('ix_case_deadline_case_due', ['caseId', 'dueOn'])
// Deleting a notification (retention) cascades here by notification id.
@Index('ix_case_deadline_notification', ['notificationId'])
export class CaseDeadline {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  caseId: string;

  @ManyToOne(() => HouseholdCase, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id' })
  case?: HouseholdCase;

  @Column({ type: 'uuid' })
  notificationId: string;

  @ManyToOne(() => Notification, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'notification_id' })
  notification?: Notification;

  @Column({ type: 'text' })
  kind: DeadlineKind;

  @Column({ type: 'date' })
  dueOn: string;

  @Column({ type: 'boolean', default: false })
  estimated: boolean;

  /** For an estimate: the latest day the window can end, when the known facts bound it. */
  @Column({ type: 'date', nullable: true })
  latestDueOn: string | null;

  @Column({ type: 'text' })
  rule: string;
}

/** The units the client is known to (so the right people plan together). */
@Entity('case_unit')
export class CaseUnit {
  @PrimaryColumn({ type: 'uuid' })
  caseId: string;

  @PrimaryColumn({ type: 'uuid' })
  unitId: string;

  @ManyToOne(() => HouseholdCase, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id' })
  case?: HouseholdCase;

  @ManyToOne(() => Unit, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'unit_id' })
  unit?: Unit;
}

/** An outreach attempt (letter, phone, home visit …) and whether the person was reached. */
@Entity('case_contact')
@Index('ix_case_contact_case', ['caseId', 'on'])
export class CaseContact {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  caseId: string;

  @ManyToOne(() => HouseholdCase, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id' })
  case?: HouseholdCase;

  @Column({ type: 'date' })
  on: string;

  @Column({ type: 'text' })
  channel: ContactChannel;

  @Column({ type: 'boolean' })
  reached: boolean;

  @Column({ type: 'text', nullable: true })
  outcome: ContactOutcome | null;

  /** A short note (what was said or done). */
  @Column({ type: 'text', nullable: true })
  note: string | null;

  /** Who made the contact (a name), and for a unit representative their unit. */
  @Column({ type: 'text', nullable: true })
  madeBy: string | null;

  @Column({ type: 'text', nullable: true })
  unitCode: string | null;

  @Column({ type: 'text' })
  createdBy: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** A next step (nästa steg): an action with a responsible unit, a due date and a status. */
@Entity('next_step')
@Index('ix_next_step_district_status_due', ['districtCode', 'status', 'dueOn'])
@Index('ix_next_step_case', ['caseId'])
export class NextStep {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  districtCode: string;

  @Column({ type: 'uuid' })
  caseId: string;

  @ManyToOne(() => HouseholdCase, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id' })
  case?: HouseholdCase;

  @Column({ type: 'uuid' })
  unitId: string;

  @ManyToOne(() => Unit, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unit_id' })
  unit?: Unit;

  @Column({ type: 'text' })
  action: string;

  @Column({ type: 'date' })
  dueOn: string;

  @Column({ type: 'text', default: 'open' })
  status: NextStepStatus;

  @Column({ type: 'date', nullable: true })
  doneOn: string | null;

  /** The meeting decision that created it, if any. */
  @Column({ type: 'uuid', nullable: true })
  decisionId: string | null;

  /** The person responsible, when one is named (free text; the unit is always responsible). */
  @Column({ type: 'text', nullable: true })
  responsible: string | null;

  /** What came of it (when done). */
  @Column({ type: 'text', nullable: true })
  result: string | null;

  /** Why it was cancelled. */
  @Column({ type: 'text', nullable: true })
  cancelReason: string | null;

  /** When the daily job first found it overdue (and wrote that on the case timeline). */
  @Column({ type: 'timestamptz', nullable: true })
  overdueMarkedAt: Date | null;

  @Column({ type: 'text' })
  createdBy: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** The case's append-only timeline: everything that happened, in order. */
@Entity('case_event')
@Index('ix_case_event_case', ['caseId', 'id'])
export class CaseEvent {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: number;

  @Column({ type: 'uuid' })
  caseId: string;

  @ManyToOne(() => HouseholdCase, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id' })
  case?: HouseholdCase;

  @CreateDateColumn({ type: 'timestamptz' })
  at: Date;

  /** e.g. notification_received, units_changed, contact_recorded, case_closed, next_step_overdue. */
  @Column({ type: 'text' })
  kind: string;

  @Column({ type: 'text' })
  actorSub: string;

  /** Ids and facts only (dates, amounts, codes); names and identity numbers live in their tables. */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  data: Record<string, unknown>;
}

/** A recorded balance (the arrears on a day, and who said so); the latest, with the notices' amounts, is the case's arrears. */
@Entity('case_balance')
@Index('ix_case_balance_case', ['caseId', 'on'])
export class CaseBalance {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  caseId: string;

  @ManyToOne(() => HouseholdCase, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id' })
  case?: HouseholdCase;

  @Column({ type: 'date' })
  on: string;

  @Column({ type: 'bigint' })
  arrearsOre: number;

  @Column({ type: 'text' })
  source: BalanceSource;

  @Column({ type: 'text' })
  createdBy: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** A repayment plan agreed with the landlord: so much a month from the first due date; active, kept or broken. */
@Entity('repayment_plan')
@Index('ix_repayment_plan_case', ['caseId'])
export class RepaymentPlan {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  districtCode: string;

  @Column({ type: 'uuid' })
  caseId: string;

  @ManyToOne(() => HouseholdCase, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id' })
  case?: HouseholdCase;

  /** Ten digits, or a sole trader's blind index (landlordKey in @bosam/platform). */
  @Column({ type: 'text' })
  landlordOrgNumber: string;

  /** A sole trader's personnummer, sealed; null for an organisationsnummer. */
  @Column({ type: 'text', nullable: true })
  landlordOrgNumberSealed: string | null;

  @Column({ type: 'bigint' })
  monthlyOre: number;

  @Column({ type: 'date' })
  firstDueOn: string;

  @Column({ type: 'text', default: 'active' })
  status: RepaymentPlanStatus;

  /** The day the status was last set (agreed, kept or broken). */
  @Column({ type: 'date' })
  statusOn: string;

  @Column({ type: 'text' })
  createdBy: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

/** A disturbance report from the landlord (kind `reported`) or the note that disturbances have ended (`ended`). */
@Entity('case_disturbance')
@Index('ix_case_disturbance_case', ['caseId', 'on'])
export class CaseDisturbance {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  caseId: string;

  @ManyToOne(() => HouseholdCase, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id' })
  case?: HouseholdCase;

  @Column({ type: 'text' })
  kind: 'reported' | 'ended';

  @Column({ type: 'date' })
  on: string;

  /** Ten digits, or a sole trader's blind index (landlordKey in @bosam/platform). */
  @Column({ type: 'text', nullable: true })
  landlordOrgNumber: string | null;

  /** A sole trader's personnummer, sealed; null for an organisationsnummer. */
  @Column({ type: 'text', nullable: true })
  landlordOrgNumberSealed: string | null;

  /** A short category (e.g. "oljud nattetid"); no names. */
  @Column({ type: 'text', nullable: true })
  category: string | null;

  @Column({ type: 'text' })
  createdBy: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** A correction of a stored notice: the fields before and after, and why. The notice shows the corrected content. */
@Entity('notification_amendment')
@Index('ix_notification_amendment_notification', ['notificationId'])
@Index('ix_notification_amendment_case', ['caseId', 'createdAt'])
export class NotificationAmendment {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  notificationId: string;

  @ManyToOne(() => Notification, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'notification_id' })
  notification?: Notification;

  @Column({ type: 'uuid' })
  caseId: string;

  @ManyToOne(() => HouseholdCase, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id' })
  case?: HouseholdCase;

  @Column({ type: 'text' })
  reason: string;

  /** Field → { from, to }, in the notice's own terms (dates, kronor, address). */
  @Column({ type: 'jsonb' })
  changes: Record<string, { from: unknown; to: unknown }>;

  /** The content hash the notice had before (its original content stays findable). */
  @Column({ type: 'text' })
  previousContentHash: string;

  @Column({ type: 'text' })
  createdBy: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

export const CASE_ENTITIES = [
  HouseholdCase,
  CaseTenant,
  ProtectedPerson,
  PersonalDataKeyState,
  Notification,
  CaseDeadline,
  CaseUnit,
  CaseContact,
  NextStep,
  CaseEvent,
  CaseBalance,
  RepaymentPlan,
  CaseDisturbance,
  NotificationAmendment,
];
