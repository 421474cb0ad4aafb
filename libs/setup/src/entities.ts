import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** The tenant of the system: a municipality or a district administration (stadsdelsförvaltning). */
@Entity('district')
export class District {
  @PrimaryColumn({ type: 'text' })
  code: string;

  @Column({ type: 'text' })
  name: string;

  /** District setting: unit representatives may close a case (otherwise closing is the coordinator's). */
  @Column({ type: 'boolean', default: false })
  unitRepsMayClose: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** A unit (enhet) of the district's social services, e.g. intake or financial assistance. */
@Entity('unit')
@Index('ux_unit_district_code', ['districtCode', 'code'], { unique: true })
export class Unit {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  districtCode: string;

  @ManyToOne(() => District, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'district_code', referencedColumnName: 'code' })
  district?: District;

  @Column({ type: 'text' })
  code: string;

  @Column({ type: 'text' })
  name: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** A person's recorded right (mandat/delegation) to decide planning for a unit, valid from–to. */
@Entity('unit_mandate')
@Index('ix_unit_mandate_unit', ['unitId', 'validFrom'])
export class UnitMandate {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  unitId: string;

  @ManyToOne(() => Unit, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'unit_id' })
  unit?: Unit;

  @Column({ type: 'text' })
  person: string;

  @Column({ type: 'date' })
  validFrom: string;

  @Column({ type: 'date', nullable: true })
  validUntil: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** A housing company (hyresvärd); the municipal ones (allmännyttan) join liaison sessions. */
@Entity('landlord')
export class Landlord {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /**
   * 10 digits, no dash: the canonical organisationsnummer; for a sole trader (enskild firma) the blind
   * index of their personnummer (landlordKey in @bosam/platform), which every other table joins on.
   */
  @Index('ux_landlord_org_number', { unique: true })
  @Column({ type: 'text' })
  orgNumber: string;

  /** A sole trader's personnummer, sealed; null for an organisationsnummer. */
  @Column({ type: 'text', nullable: true })
  orgNumberSealed: string | null;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'boolean', default: false })
  municipal: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

export type LandlordRequestStatus = 'pending' | 'accepted' | 'rejected';

/**
 * A district's request to add a landlord to the shared register, or to rename one: the register
 * is every district's, so only an admin sets the name the others see (by accepting the request).
 */
@Entity('landlord_request')
@Index('ix_landlord_request_status', ['status', 'requestedAt'])
export class LandlordRequest {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** 10 digits, no dash; a sole trader's blind index, as in landlord. */
  @Column({ type: 'text' })
  orgNumber: string;

  /** A sole trader's personnummer, sealed; null for an organisationsnummer. */
  @Column({ type: 'text', nullable: true })
  orgNumberSealed: string | null;

  @Column({ type: 'text' })
  name: string;

  /** Null: leave as registered (false for a new landlord). */
  @Column({ type: 'boolean', nullable: true })
  municipal: boolean | null;

  @Column({ type: 'text' })
  districtCode: string;

  @Column({ type: 'text' })
  requestedBy: string;

  @CreateDateColumn({ type: 'timestamptz' })
  requestedAt: Date;

  @Column({ type: 'text', default: 'pending' })
  status: LandlordRequestStatus;

  @Column({ type: 'text', nullable: true })
  decidedBy: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  decidedAt: Date | null;
}

export const SETUP_ENTITIES = [District, Unit, UnitMandate, Landlord, LandlordRequest];
