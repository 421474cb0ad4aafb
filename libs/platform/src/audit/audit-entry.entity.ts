import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type AuditAction = 'read' | 'create' | 'update' | 'delete' | 'export' | 'import' | 'deny';

/**
 * Append-only (a trigger refuses DELETE, TRUNCATE and every UPDATE but sealing a pending entry
 * once; the application's database role may INSERT and SELECT, and UPDATE only the three sealing
 * columns) and tamper-evident: one hash chain per district, each entry's hash covering its
 * content, its place in the chain and the previous entry's hash, so any edit breaks the chain;
 * signed checkpoints kept outside the database catch a cut-off end. A request appends its entry
 * pending (seq and hashes null); the sealer gives it its place in the chain moments later.
 */
@Entity('audit_log')
// A GIN index on case_ids, made by hand in the migration (TypeORM cannot declare GIN).
@Index('ix_audit_log_case_ids', { synchronize: false })
// One entry per place in a chain: a forked chain cannot be written.
@Index('ux_audit_log_chain_seq', ['chain', 'seq'], { unique: true })
// The entries still to be sealed, per chain in insertion order.
@Index('ix_audit_log_pending', ['chain', 'id'], { where: '"hash" IS NULL' })
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

  /**
   * The transaction that appended the entry (the full id; its low 32 bits are the xmin of the rows
   * that transaction wrote), filled in by the database. Sealing rewrites the row, so its own xmin
   * no longer says this. Null for entries written before sealing existed.
   */
  @Column({ type: 'bigint', nullable: true, default: () => 'txid_current()' })
  transactionId: string | null;

  /** Place in the chain, from 1; null while pending (appended, not yet sealed). */
  @Column({ type: 'bigint', nullable: true })
  seq: number | null;

  /** Null while pending. */
  @Column({ type: 'text', nullable: true })
  prevHash: string | null;

  /** Null while pending. */
  @Column({ type: 'text', nullable: true })
  hash: string | null;
}
