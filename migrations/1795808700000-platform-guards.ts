import { MigrationInterface, QueryRunner } from 'typeorm';

/** What TypeORM cannot declare: the audit log's append-only rule, its GIN index, the outbox's NOTIFY. */
export class PlatformGuards1795808700000 implements MigrationInterface {
  name = 'PlatformGuards1795808700000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // The audit log is append-only: no role that the application uses may rewrite history.
    await queryRunner.query(`
      CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only';
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`);
    await queryRunner.query(`
      CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
      FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()`);
    await queryRunner.query('CREATE INDEX "ix_audit_log_case_ids" ON "audit_log" USING GIN ("case_ids")');
    // NOTIFY is delivered at commit: the dispatcher wakes only for committed job requests.
    await queryRunner.query(`
      CREATE FUNCTION outbox_job_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('bosam_outbox', '');
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER outbox_job_notify AFTER INSERT ON outbox_job
      FOR EACH STATEMENT EXECUTE FUNCTION outbox_job_notify()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TRIGGER outbox_job_notify ON outbox_job');
    await queryRunner.query('DROP FUNCTION outbox_job_notify()');
    await queryRunner.query('DROP INDEX "ix_audit_log_case_ids"');
    await queryRunner.query('DROP TRIGGER audit_log_no_truncate ON audit_log');
    await queryRunner.query('DROP TRIGGER audit_log_no_update ON audit_log');
    await queryRunner.query('DROP FUNCTION audit_log_append_only()');
  }
}
