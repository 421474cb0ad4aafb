import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Intake: a tenant appears once per case (so a repeat notice can add tenants with ON CONFLICT), the
 * landlord named in a notice is kept even when unregistered, a case knows its latest notice date,
 * and the case list reads (district, status, opened_on) in order.
 */
export class Intake1795809062581 implements MigrationInterface {
  name = 'Intake1795809062581';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"public\".\"ix_household_case_district_status\"");
    await queryRunner.query("DROP INDEX \"public\".\"ix_case_tenant_case\"");
    await queryRunner.query("ALTER TABLE \"household_case\" ADD \"last_received_on\" date");
    await queryRunner.query("ALTER TABLE \"notification\" ADD \"landlord_org_number\" text");
    await queryRunner.query("CREATE INDEX \"ix_household_case_district_status_opened\" ON \"household_case\"  (\"district_code\", \"status\", \"opened_on\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"ux_case_tenant_case_personnummer\" ON \"case_tenant\"  (\"case_id\", \"personnummer\") ");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"public\".\"ux_case_tenant_case_personnummer\"");
    await queryRunner.query("DROP INDEX \"public\".\"ix_household_case_district_status_opened\"");
    await queryRunner.query("ALTER TABLE \"notification\" DROP COLUMN \"landlord_org_number\"");
    await queryRunner.query("ALTER TABLE \"household_case\" DROP COLUMN \"last_received_on\"");
    await queryRunner.query("CREATE INDEX \"ix_case_tenant_case\" ON \"case_tenant\"  (\"case_id\") ");
    await queryRunner.query("CREATE INDEX \"ix_household_case_district_status\" ON \"household_case\"  (\"district_code\", \"status\") ");
  }
}
