import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const COMPARATORS = ['<=', '>=', '='] as const;
export type Comparator = (typeof COMPARATORS)[number];

export const EXPORT_FORMATS = ['xlsx', 'csv', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
/** expired: the retention job removed the file (RETENTION_EXPORT_DAYS); the row stays. */
export type ExportStatus = 'queued' | 'running' | 'done' | 'failed' | 'expired';

/** A decision's follow-up at the next term's evaluation. */
export const DECISION_STATUSES = ['open', 'done', 'dropped'] as const;
export type DecisionStatus = (typeof DECISION_STATUSES)[number];

/** A target set for a term before it is evaluated ("plan"): indicator, comparator, value. */
@Entity('evaluation_target')
@Index('ix_evaluation_target_district_term', ['districtCode', 'term'])
export class EvaluationTarget {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  districtCode: string;

  /** Term code, e.g. 2026-HT. */
  @Column({ type: 'text' })
  term: string;

  /** Order as given by the last PUT. */
  @Column({ type: 'integer' })
  position: number;

  @Column({ type: 'text' })
  indicator: string;

  /** A target for one unit of the district (its code); null: the whole district. */
  @Column({ type: 'text', nullable: true })
  unitCode: string | null;

  @Column({ type: 'text' })
  comparator: Comparator;

  @Column({ type: 'numeric' })
  value: string;

  @Column({ type: 'text' })
  setBy: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** A decision taken at the termly evaluation ("act"): what, who owns it, by when. */
@Entity('evaluation_decision')
@Index('ix_evaluation_decision_district_term', ['districtCode', 'term'])
@Check('ck_evaluation_decision_status', `"status" IN ('open', 'done', 'dropped')`)
export class EvaluationDecision {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  districtCode: string;

  @Column({ type: 'text' })
  term: string;

  @Column({ type: 'text' })
  text: string;

  /** The unit or role that owns the decision (staff, never a client). */
  @Column({ type: 'text' })
  owner: string;

  @Column({ type: 'date' })
  dueOn: string;

  @Column({ type: 'text', default: 'open' })
  status: DecisionStatus;

  /** When the status was last set to done or dropped. */
  @Column({ type: 'date', nullable: true })
  statusOn: string | null;

  @Column({ type: 'text', nullable: true })
  statusBy: string | null;

  @Column({ type: 'text' })
  createdBy: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/**
 * One requested evaluation export and, once built, its file. The file is aggregates only and
 * small, so it lives in the row (bytea): the API and the worker may run on different hosts.
 */
@Entity('evaluation_export')
// The same district, term and format asked for again while one is pending is that same export.
@Index('ux_evaluation_export_pending', ['districtCode', 'term', 'format'], { unique: true, where: "status IN ('queued', 'running')" })
@Index('ix_evaluation_export_district_created', ['districtCode', 'createdAt'])
export class EvaluationExport {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  districtCode: string;

  @Column({ type: 'text' })
  term: string;

  @Column({ type: 'text' })
  format: ExportFormat;

  @Column({ type: 'text', default: 'queued' })
  status: ExportStatus;

  @Column({ type: 'integer', default: 0 })
  progress: number;

  @Column({ type: 'text' })
  requestedBy: string;

  @Column({ type: 'bytea', nullable: true })
  content: Buffer | null;

  @Column({ type: 'text', nullable: true })
  failureReason: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  startedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  finishedAt: Date | null;
}

export const EVALUATION_ENTITIES = [EvaluationTarget, EvaluationDecision, EvaluationExport];
