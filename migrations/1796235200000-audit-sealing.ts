import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Audit entries are appended without their place in the chain and sealed by a short background
 * step (seq, prev_hash and hash set once, in order, under the chain's lock), so no request waits
 * for a chain. Existing entries are unchanged and verify as before. The append-only trigger now
 * allows exactly one change: sealing a pending entry, with nothing else in the row changed.
 */
export class AuditSealing1796235200000 implements MigrationInterface {
  name = 'AuditSealing1796235200000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "audit_log" ALTER COLUMN "prev_hash" DROP NOT NULL');
    await queryRunner.query('ALTER TABLE "audit_log" ALTER COLUMN "hash" DROP NOT NULL');
    await queryRunner.query('CREATE INDEX "ix_audit_log_pending" ON "audit_log" ("chain", "id") WHERE "hash" IS NULL');
    // The appending transaction, as the entry's xmin was before sealing rewrote the row: an entry is
    // shown to belong to the change it records by the same transaction. Entries from before stay null.
    await queryRunner.query('ALTER TABLE "audit_log" ADD "transaction_id" bigint');
    await queryRunner.query('ALTER TABLE "audit_log" ALTER COLUMN "transaction_id" SET DEFAULT txid_current()');
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        -- Sealing: a pending entry gets its place and hashes once; every other column stays as it was.
        IF TG_OP = 'UPDATE' THEN
          IF OLD.hash IS NULL AND OLD.prev_hash IS NULL AND OLD.seq IS NULL AND OLD.chain IS NOT NULL
             AND NEW.hash IS NOT NULL AND NEW.prev_hash IS NOT NULL AND NEW.seq IS NOT NULL
             AND to_jsonb(NEW) - 'seq' - 'prev_hash' - 'hash' = to_jsonb(OLD) - 'seq' - 'prev_hash' - 'hash' THEN
            RETURN NEW;
          END IF;
        END IF;
        RAISE EXCEPTION 'audit_log is append-only';
      END $$`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only';
      END $$`);
    await queryRunner.query('ALTER TABLE "audit_log" DROP COLUMN "transaction_id"');
    await queryRunner.query('DROP INDEX "public"."ix_audit_log_pending"');
    await queryRunner.query('ALTER TABLE "audit_log" ALTER COLUMN "hash" SET NOT NULL');
    await queryRunner.query('ALTER TABLE "audit_log" ALTER COLUMN "prev_hash" SET NOT NULL');
  }
}
