import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Transactional outbox: a job request written in the same transaction as the change that
 * caused it. The dispatcher hands it to the queue only once it is committed, so a job never
 * sees uncommitted rows and a rolled-back change never runs a job.
 */
@Entity('outbox_job')
@Index('ix_outbox_job_pending', ['createdAt'], { where: 'dispatched_at IS NULL' })
export class OutboxJob {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  queue: string;

  /** Deterministic: the same request queues one job however often it is made. */
  @Column({ type: 'text' })
  jobId: string;

  @Column({ type: 'jsonb' })
  payload: Record<string, unknown>;

  @Column({ type: 'integer', default: 0 })
  delayMs: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  dispatchedAt: Date | null;
}
