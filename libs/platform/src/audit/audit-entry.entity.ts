import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type AuditAction = 'read' | 'create' | 'update' | 'delete' | 'export' | 'import' | 'deny';

/**
 * Append-only (a trigger refuses UPDATE, DELETE and TRUNCATE, and the application's database
 * role may only INSERT and SELECT) and tamper-evident: one hash chain per district, each entry's
 * hash covering its content, its place in the chain and the previous entry's hash, so any edit
 * breaks the chain; signed checkpoints kept outside the database catch a cut-off end.
 */
@Entity('audit_log')
// A GIN index on case_ids, made by hand in the migration (TypeORM cannot declare GIN).
@Index('ix_audit_log_case_ids', { synchronize: false })
// One entry per place in a chain: a forked chain cannot be written.
@Index('ux_audit_log_chain_seq', ['chain', 'seq'], { unique: true })
export class AuditEntry {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: number;

  @Column({ type: 'timestamptz' })
  at: Date;

  @Column({ type: 'text' })
  actorSub: string;

  @Column({ type: 'text' })
  actorRole: string;

  @Column({ type: 'text', nullable: true })
  districtCode: string | null;

  @Column({ type: 'text' })
  action: AuditAction;

  @Column({ type: 'text' })
  entityType: string;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  entityIds: string[];

  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  caseIds: string[];

  @Column({ type: 'text', nullable: true })
  route: string | null;

  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @Column({ type: 'text', nullable: true })
  correlationId: string | null;

  /** Where the request came from (the client's address), for security events and changes. */
  @Column({ type: 'text', nullable: true })
  clientAddress: string | null;

  /** The chain: the district code, `*` for entries of no district; null for entries written before chains were split. */
  @Column({ type: 'text', nullable: true })
  chain: string | null;

  /** Place in the chain, from 1. */
  @Column({ type: 'bigint', nullable: true })
  seq: number | null;

  @Column({ type: 'text' })
  prevHash: string;

  @Column({ type: 'text' })
  hash: string;
}
