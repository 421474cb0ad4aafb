import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export const IMPORT_MODES = ['valid_rows', 'all_or_nothing'] as const;
export type ImportMode = (typeof IMPORT_MODES)[number];
/** `receiving`: the upload is still arriving (never shown; no job exists for it yet). */
export type ImportStatus = 'receiving' | 'queued' | 'running' | 'done' | 'failed';
/** Where processing stands: counting rows, checking them all (all_or_nothing, dryRun), importing. */
export type ImportPhase = 'count' | 'check' | 'import' | 'finished';

export interface RejectedRow {
  row: number;
  field: string;
  message: string;
}

/**
 * One uploaded notification file and its report. The report holds row numbers, column
 * names and messages only, never the file's content (no identity numbers, no names).
 */
@Entity('notification_import')
@Index('ix_notification_import_district_created', ['districtCode', 'createdAt'])
export class NotificationImport {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ type: 'text' })
  districtCode: string;

  /** The uploader's sub; rows are received in their name. */
  @Column({ type: 'text' })
  createdBy: string;

  @Column({ type: 'text' })
  createdByName: string;

  @Column({ type: 'text' })
  filename: string;

  @Column({ type: 'bigint' })
  sizeBytes: number;

  @Column({ type: 'text' })
  mode: ImportMode;

  @Column({ type: 'boolean', default: false })
  dryRun: boolean;

  @Column({ type: 'text', default: 'queued' })
  status: ImportStatus;

  @Column({ type: 'text', default: 'count' })
  phase: ImportPhase;

  @Column({ type: 'text', nullable: true })
  encoding: string | null;

  @Column({ type: 'text', nullable: true })
  delimiter: string | null;

  @Column({ type: 'integer', nullable: true })
  total: number | null;

  @Column({ type: 'integer', default: 0 })
  processed: number;

  /** Rows whose outcome is committed by the import phase: a resumed run starts after them. */
  @Column({ type: 'integer', default: 0 })
  checkpoint: number;

  @Column({ type: 'integer', default: 0 })
  imported: number;

  @Column({ type: 'integer', default: 0 })
  duplicates: number;

  /** Rejections so far; the rejections themselves are rows of notification_import_rejection. */
  @Column({ type: 'integer', default: 0 })
  rejectedCount: number;

  @Column({ type: 'text', nullable: true })
  failureReason: string | null;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  startedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  finishedAt: Date | null;
}

/**
 * The uploaded file itself, in chunks, in the database: the API and the worker may run on
 * different hosts, and a worker that resumes after a crash reads the very same bytes.
 * Deleted once the import has finished (the file holds personal data).
 */
@Entity('notification_import_chunk')
export class NotificationImportChunk {
  @PrimaryColumn({ type: 'uuid' })
  importId: string;

  @PrimaryColumn({ type: 'integer' })
  seq: number;

  @ManyToOne(() => NotificationImport, { onDelete: 'CASCADE', deferrable: 'INITIALLY DEFERRED' })
  @JoinColumn({ name: 'import_id' })
  import?: NotificationImport;

  @Column({ type: 'bytea' })
  data: Buffer;
}

/**
 * One rejection of an import's report: a row number, the file's column and a message, never the
 * file's content. `position` numbers them in the order they were found (from 1), for paging.
 */
@Entity('notification_import_rejection')
export class NotificationImportRejection {
  @PrimaryColumn({ type: 'uuid' })
  importId: string;

  @PrimaryColumn({ type: 'integer' })
  position: number;

  @ManyToOne(() => NotificationImport, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'import_id' })
  import?: NotificationImport;

  @Column({ type: 'integer' })
  rowNo: number;

  @Column({ type: 'text' })
  field: string;

  @Column({ type: 'text' })
  message: string;
}

export const IMPORT_ENTITIES = [NotificationImport, NotificationImportChunk, NotificationImportRejection];

/** An import's status in Swedish, as a word inside a sentence ("…: pågår, 40 av 100 rader"). */
export const IMPORT_STATUS_SV: Readonly<Record<string, string>> = {
  receiving: 'tas emot',
  queued: 'i kö',
  running: 'pågår',
  done: 'klar',
  failed: 'misslyckades',
} satisfies Record<ImportStatus, string>;
