import { MigrationInterface, QueryRunner } from 'typeorm';

export class LiaisonRecordsAndEvaluationFollowUp1796222800000 implements MigrationInterface {
  name = 'LiaisonRecordsAndEvaluationFollowUp1796222800000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"evaluation_target\" ADD \"unit_code\" text");
    await queryRunner.query("ALTER TABLE \"evaluation_decision\" ADD \"status\" text NOT NULL DEFAULT 'open'");
    await queryRunner.query("ALTER TABLE \"evaluation_decision\" ADD \"status_on\" date");
    await queryRunner.query("ALTER TABLE \"evaluation_decision\" ADD \"status_by\" text");
    await queryRunner.query("ALTER TABLE \"liaison_session\" ADD \"status\" text NOT NULL DEFAULT 'planned'");
    await queryRunner.query("ALTER TABLE \"liaison_session\" ADD \"cancel_reason\" text");
    // Sessions dated before today counted as held until now; they keep that meaning.
    await queryRunner.query("UPDATE \"liaison_session\" SET \"status\" = 'held' WHERE \"on\" < (now() AT TIME ZONE 'Europe/Stockholm')::date");
    await queryRunner.query("ALTER TABLE \"liaison_session_landlord\" ADD \"attendees\" text array");
    await queryRunner.query("ALTER TABLE \"landlord_exchange\" ADD \"created_by_name\" text");
    await queryRunner.query("ALTER TABLE \"evaluation_decision\" ADD CONSTRAINT \"ck_evaluation_decision_status\" CHECK (\"status\" IN ('open', 'done', 'dropped'))");
    await queryRunner.query("ALTER TABLE \"liaison_session\" ADD CONSTRAINT \"ck_liaison_session_status\" CHECK (\"status\" IN ('planned', 'held', 'cancelled'))");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"liaison_session\" DROP CONSTRAINT \"ck_liaison_session_status\"");
    await queryRunner.query("ALTER TABLE \"evaluation_decision\" DROP CONSTRAINT \"ck_evaluation_decision_status\"");
    await queryRunner.query("ALTER TABLE \"landlord_exchange\" DROP COLUMN \"created_by_name\"");
    await queryRunner.query("ALTER TABLE \"liaison_session_landlord\" DROP COLUMN \"attendees\"");
    await queryRunner.query("ALTER TABLE \"liaison_session\" DROP COLUMN \"cancel_reason\"");
    await queryRunner.query("ALTER TABLE \"liaison_session\" DROP COLUMN \"status\"");
    await queryRunner.query("ALTER TABLE \"evaluation_decision\" DROP COLUMN \"status_by\"");
    await queryRunner.query("ALTER TABLE \"evaluation_decision\" DROP COLUMN \"status_on\"");
    await queryRunner.query("ALTER TABLE \"evaluation_decision\" DROP COLUMN \"status\"");
    await queryRunner.query("ALTER TABLE \"evaluation_target\" DROP COLUMN \"unit_code\"");
  }
}
