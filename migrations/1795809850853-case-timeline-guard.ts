import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The case timeline (case_event) is append-only: nothing rewrites what happened. Rows still go
 * when their case goes (ON DELETE CASCADE, for retention), so only UPDATE is refused.
 */
export class CaseTimelineGuard1795809850853 implements MigrationInterface {
  name = 'CaseTimelineGuard1795809850853';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION case_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'case_event is append-only';
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER case_event_no_update BEFORE UPDATE ON case_event
      FOR EACH ROW EXECUTE FUNCTION case_event_append_only()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TRIGGER case_event_no_update ON case_event');
    await queryRunner.query('DROP FUNCTION case_event_append_only()');
  }
}
