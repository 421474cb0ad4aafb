import { Column, Entity, PrimaryColumn } from 'typeorm';

/** What the Ping job leaves behind: proof that a job ran, and how often. */
@Entity('job_ping')
export class JobPing {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ type: 'integer', default: 0 })
  handledCount: number;

  @Column({ type: 'timestamptz', nullable: true })
  handledAt: Date | null;
}
