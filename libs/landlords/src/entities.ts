import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { HouseholdCase } from '@bosam/cases';
import { District, Landlord } from '@bosam/setup';

/** The categories of case information a person may consent to share with a landlord. */
export const CONSENT_CATEGORIES = ['arrears_status', 'repayment_plan', 'social_services_contact', 'support_measures', 'household'] as const;
export type ConsentCategory = (typeof CONSENT_CATEGORIES)[number];

export const CONSENT_FORMS = ['written', 'oral'] as const;
export type ConsentForm = (typeof CONSENT_FORMS)[number];

export const EXCHANGE_DIRECTIONS = ['to_landlord', 'from_landlord'] as const;
export type ExchangeDirection = (typeof EXCHANGE_DIRECTIONS)[number];

/** planned until the attendance is recorded (held) or it is called off (cancelled). */
export const LIAISON_SESSION_STATUSES = ['planned', 'held', 'cancelled'] as const;
export type LiaisonSessionStatus = (typeof LIAISON_SESSION_STATUSES)[number];

/**
 * The person's consent (samtycke) to exchange named categories of case information with one landlord,
 * from givenOn until validUntil; a withdrawal takes effect at once: from withdrawnOn on it covers nothing.
 */
@Entity('consent')
@Index('ix_consent_case', ['caseId'])
@Index('ix_consent_district_given', ['districtCode', 'givenOn'])
@Check('ck_consent_valid_until', '"valid_until" IS NULL OR "valid_until" >= "given_on"')
@Check('ck_consent_withdrawn_on', '"withdrawn_on" IS NULL OR "withdrawn_on" >= "given_on"')
@Check('ck_consent_categories', `cardinality("categories") > 0`)
export class Consent {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  districtCode: string;

  @ManyToOne(() => District, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'district_code', referencedColumnName: 'code' })
  district?: District;

  @Column({ type: 'uuid' })
  caseId: string;

  @ManyToOne(() => HouseholdCase, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id' })
  case?: HouseholdCase;

  @Column({ type: 'uuid' })
  landlordId: string;

  @ManyToOne(() => Landlord, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'landlord_id' })
  landlord?: Landlord;

  @Column({ type: 'text', array: true })
  categories: ConsentCategory[];

  @Column({ type: 'date' })
  givenOn: string;

  @Column({ type: 'date', nullable: true })
  validUntil: string | null;

  @Column({ type: 'text' })
  form: ConsentForm;

  /** Who documented it and where (e.g. the case worker and the journal entry). */
  @Column({ type: 'text' })
  documentedBy: string;

  @Column({ type: 'date', nullable: true })
  withdrawnOn: string | null;

  @Column({ type: 'text', nullable: true })
  withdrawnBy: string | null;

  @Column({ type: 'text' })
  createdBy: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** A liaison session (hyresvärdsmöte) of a district with its landlords, twice per term. */
@Entity('liaison_session')
@Index('ix_liaison_session_district_on', ['districtCode', 'on'])
@Check('ck_liaison_session_status', `"status" IN ('planned', 'held', 'cancelled')`)
export class LiaisonSession {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  districtCode: string;

  @ManyToOne(() => District, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'district_code', referencedColumnName: 'code' })
  district?: District;

  @Column({ type: 'date' })
  on: string;

  @Column({ type: 'text', default: 'planned' })
  status: LiaisonSessionStatus;

  /** Why it was called off (staff's words; no case data). */
  @Column({ type: 'text', nullable: true })
  cancelReason: string | null;

  @Column({ type: 'text' })
  createdBy: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** The landlords invited to a liaison session, and who came for each once the session is held. */
@Entity('liaison_session_landlord')
export class LiaisonSessionLandlord {
  @PrimaryColumn({ type: 'uuid' })
  sessionId: string;

  @PrimaryColumn({ type: 'uuid' })
  landlordId: string;

  /** The landlord's representatives present; null until recorded, empty when nobody came. */
  @Column({ type: 'text', array: true, nullable: true })
  attendees: string[] | null;

  @ManyToOne(() => LiaisonSession, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'session_id' })
  session?: LiaisonSession;

  @ManyToOne(() => Landlord, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'landlord_id' })
  landlord?: Landlord;
}

/** One recorded exchange of case information with a landlord, and the consents that covered it. */
@Entity('landlord_exchange')
@Index('ix_landlord_exchange_case', ['caseId', 'on'])
@Index('ix_landlord_exchange_district_on', ['districtCode', 'on'])
export class LandlordExchange {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  districtCode: string;

  @ManyToOne(() => District, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'district_code', referencedColumnName: 'code' })
  district?: District;

  @Column({ type: 'uuid' })
  caseId: string;

  @ManyToOne(() => HouseholdCase, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id' })
  case?: HouseholdCase;

  @Column({ type: 'uuid' })
  landlordId: string;

  @ManyToOne(() => Landlord, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'landlord_id' })
  landlord?: Landlord;

  @Column({ type: 'uuid', nullable: true })
  sessionId: string | null;

  @ManyToOne(() => LiaisonSession, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'session_id' })
  session?: LiaisonSession;

  @Column({ type: 'date' })
  on: string;

  @Column({ type: 'text' })
  direction: ExchangeDirection;

  @Column({ type: 'text', array: true })
  categories: ConsentCategory[];

  @Column({ type: 'text' })
  summary: string;

  /** The consents that covered the exchange on its date. */
  @Column({ type: 'uuid', array: true })
  consentIds: string[];

  @Column({ type: 'text' })
  createdBy: string;

  /** The name of the staff member who recorded it (the token's name), for the person's right of access. */
  @Column({ type: 'text', nullable: true })
  createdByName: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

export const LANDLORD_ENTITIES = [Consent, LiaisonSession, LiaisonSessionLandlord, LandlordExchange];
