import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type AuditAction = 'read' | 'create' | 'update' | 'delete' | 'export' | 'import' | 'deny';

/**
 * Append-only (a trigger refuses UPDATE and DELETE) and tamper-evident: each entry's hash
 * covers its content and the previous entry's hash, so any edit breaks the chain.
 */
@Entity('audit_log')
// A GIN index on case_ids, made by hand in the migration (TypeORM cannot declare GIN).
@Index('ix_audit_log_case_ids', { synchronize: false })
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

  @Column({ type: 'text' })
  prevHash: string;

  @Column({ type: 'text' })
  hash: string;
}
