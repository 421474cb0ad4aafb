import { MigrationInterface, QueryRunner } from 'typeorm';

export class MeetingFlow1796220763688 implements MigrationInterface {
  name = 'MeetingFlow1796220763688';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "meeting" ADD "cancelled_at" TIMESTAMP WITH TIME ZONE');
    await queryRunner.query('ALTER TABLE "meeting" ADD "cancel_reason" text');
    await queryRunner.query('ALTER TABLE "meeting" ADD "chair" text');
    await queryRunner.query('ALTER TABLE "meeting" ADD "note_taker" text');
    await queryRunner.query('ALTER TABLE "meeting_attendance" ADD "mandate_registered" boolean NOT NULL DEFAULT false');
    await queryRunner.query('ALTER TABLE "meeting_decision" ADD "decided_by_name" text');
    await queryRunner.query('ALTER TABLE "meeting_decision" ADD "confirmation" text');
    await queryRunner.query('ALTER TABLE "meeting_decision" ADD "confirmed_by" text');
    await queryRunner.query('ALTER TABLE "meeting_decision" ADD "confirmed_by_sub" text');
    await queryRunner.query('ALTER TABLE "meeting_decision" ADD "confirmed_at" TIMESTAMP WITH TIME ZONE');
    await queryRunner.query('ALTER TABLE "next_step" ADD "responsible" text');
    await queryRunner.query('ALTER TABLE "next_step" ADD "result" text');
    await queryRunner.query('ALTER TABLE "next_step" ADD "cancel_reason" text');
    await queryRunner.query('CREATE INDEX "ix_meeting_decision_pending" ON "meeting_decision" ("case_id") WHERE pending_confirmation');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."ix_meeting_decision_pending"');
    await queryRunner.query('ALTER TABLE "next_step" DROP COLUMN "cancel_reason"');
    await queryRunner.query('ALTER TABLE "next_step" DROP COLUMN "result"');
    await queryRunner.query('ALTER TABLE "next_step" DROP COLUMN "responsible"');
    await queryRunner.query('ALTER TABLE "meeting_decision" DROP COLUMN "confirmed_at"');
    await queryRunner.query('ALTER TABLE "meeting_decision" DROP COLUMN "confirmed_by_sub"');
    await queryRunner.query('ALTER TABLE "meeting_decision" DROP COLUMN "confirmed_by"');
    await queryRunner.query('ALTER TABLE "meeting_decision" DROP COLUMN "confirmation"');
    await queryRunner.query('ALTER TABLE "meeting_decision" DROP COLUMN "decided_by_name"');
    await queryRunner.query('ALTER TABLE "meeting_attendance" DROP COLUMN "mandate_registered"');
    await queryRunner.query('ALTER TABLE "meeting" DROP COLUMN "note_taker"');
    await queryRunner.query('ALTER TABLE "meeting" DROP COLUMN "chair"');
    await queryRunner.query('ALTER TABLE "meeting" DROP COLUMN "cancel_reason"');
    await queryRunner.query('ALTER TABLE "meeting" DROP COLUMN "cancelled_at"');
  }
}
