import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One audit chain per district (so no district waits on another's audit writes), the client's
 * address on each entry, and a unique place per chain. Entries written before keep chain and seq
 * null: they stay one chain of their own, verified as they were written.
 */
export class AuditChains1796223000000 implements MigrationInterface {
  name = 'AuditChains1796223000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "audit_log" ADD "client_address" text');
    await queryRunner.query('ALTER TABLE "audit_log" ADD "chain" text');
    await queryRunner.query('ALTER TABLE "audit_log" ADD "seq" bigint');
    await queryRunner.query('CREATE UNIQUE INDEX "ux_audit_log_chain_seq" ON "audit_log" ("chain", "seq") ');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."ux_audit_log_chain_seq"');
    await queryRunner.query('ALTER TABLE "audit_log" DROP COLUMN "seq"');
    await queryRunner.query('ALTER TABLE "audit_log" DROP COLUMN "chain"');
    await queryRunner.query('ALTER TABLE "audit_log" DROP COLUMN "client_address"');
  }
}
