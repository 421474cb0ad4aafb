import { MigrationInterface, QueryRunner } from 'typeorm';

export class RetentionIndexes1795812896807 implements MigrationInterface {
  name = 'RetentionIndexes1795812896807';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE INDEX \"ix_case_deadline_notification\" ON \"case_deadline\"  (\"notification_id\") ");
    await queryRunner.query("CREATE INDEX \"ix_meeting_decision_case\" ON \"meeting_decision\"  (\"case_id\") ");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"public\".\"ix_meeting_decision_case\"");
    await queryRunner.query("DROP INDEX \"public\".\"ix_case_deadline_notification\"");
  }
}
