import { MigrationInterface, QueryRunner } from 'typeorm';

// A marker on each notice until an agenda is frozen with it, so the agenda's "new" section scans only
// those (partial index) instead of checking every notice of the district against agenda_notification.
export class NotificationAwaitingAgenda1796236000000 implements MigrationInterface {
  name = 'NotificationAwaitingAgenda1796236000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "notification" ADD "awaiting_agenda" boolean NOT NULL DEFAULT true');
    await queryRunner.query(
      'UPDATE "notification" n SET "awaiting_agenda" = false FROM "agenda_notification" an WHERE an."notification_id" = n."id"',
    );
    await queryRunner.query('CREATE INDEX "ix_notification_awaiting_agenda" ON "notification" ("district_code") WHERE awaiting_agenda');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."ix_notification_awaiting_agenda"');
    await queryRunner.query('ALTER TABLE "notification" DROP COLUMN "awaiting_agenda"');
  }
}
