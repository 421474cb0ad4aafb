import { MigrationInterface, QueryRunner } from 'typeorm';

export class FollowUp1796220797710 implements MigrationInterface {
  name = 'FollowUp1796220797710';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"case_balance\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"case_id\" uuid NOT NULL, \"on\" date NOT NULL, \"arrears_ore\" bigint NOT NULL, \"source\" text NOT NULL, \"created_by\" text NOT NULL, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_0fc14eb87dcaf2690b3e076f26c\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"ix_case_balance_case\" ON \"case_balance\"  (\"case_id\", \"on\") ");
    await queryRunner.query("CREATE TABLE \"repayment_plan\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"district_code\" text NOT NULL, \"case_id\" uuid NOT NULL, \"landlord_org_number\" text NOT NULL, \"monthly_ore\" bigint NOT NULL, \"first_due_on\" date NOT NULL, \"status\" text NOT NULL DEFAULT 'active', \"status_on\" date NOT NULL, \"created_by\" text NOT NULL, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_a6376f07b14dcbf4d0f5df0fef0\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"ix_repayment_plan_case\" ON \"repayment_plan\"  (\"case_id\") ");
    await queryRunner.query("CREATE TABLE \"case_disturbance\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"case_id\" uuid NOT NULL, \"kind\" text NOT NULL, \"on\" date NOT NULL, \"landlord_org_number\" text, \"category\" text, \"created_by\" text NOT NULL, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_b72ef7cfe5842feff60b348ceeb\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"ix_case_disturbance_case\" ON \"case_disturbance\"  (\"case_id\", \"on\") ");
    await queryRunner.query("CREATE TABLE \"notification_amendment\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"notification_id\" uuid NOT NULL, \"case_id\" uuid NOT NULL, \"reason\" text NOT NULL, \"changes\" jsonb NOT NULL, \"previous_content_hash\" text NOT NULL, \"created_by\" text NOT NULL, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_4b9337ecb6d9582738316fbd356\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"ix_notification_amendment_case\" ON \"notification_amendment\"  (\"case_id\", \"created_at\") ");
    await queryRunner.query("CREATE INDEX \"ix_notification_amendment_notification\" ON \"notification_amendment\"  (\"notification_id\") ");
    await queryRunner.query("ALTER TABLE \"district\" ADD \"unit_reps_may_close\" boolean NOT NULL DEFAULT false");
    await queryRunner.query("ALTER TABLE \"household_case\" ADD \"arrears_on\" date");
    await queryRunner.query("ALTER TABLE \"household_case\" ADD \"plan_broken_on\" date");
    await queryRunner.query("ALTER TABLE \"household_case\" ADD \"merged_into_case_id\" uuid");
    await queryRunner.query("ALTER TABLE \"case_tenant\" ADD \"name_key\" text");
    await queryRunner.query("ALTER TABLE \"case_deadline\" ADD \"latest_due_on\" date");
    await queryRunner.query("ALTER TABLE \"case_contact\" ADD \"outcome\" text");
    await queryRunner.query("ALTER TABLE \"case_contact\" ADD \"note\" text");
    await queryRunner.query("ALTER TABLE \"case_contact\" ADD \"made_by\" text");
    await queryRunner.query("ALTER TABLE \"case_contact\" ADD \"unit_code\" text");
    await queryRunner.query("ALTER TABLE \"case_balance\" ADD CONSTRAINT \"FK_5939e910d511bc2c9c9f057f8e4\" FOREIGN KEY (\"case_id\") REFERENCES \"household_case\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"repayment_plan\" ADD CONSTRAINT \"FK_88d8398d54ef147f05cf1c1d6fa\" FOREIGN KEY (\"case_id\") REFERENCES \"household_case\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"case_disturbance\" ADD CONSTRAINT \"FK_ae5aef9c9cdcae2f28411bbaeab\" FOREIGN KEY (\"case_id\") REFERENCES \"household_case\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"notification_amendment\" ADD CONSTRAINT \"FK_170599ed6abf89c845cfdadee28\" FOREIGN KEY (\"notification_id\") REFERENCES \"notification\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"notification_amendment\" ADD CONSTRAINT \"FK_2d66d1cabc9ea135c55dc2bf268\" FOREIGN KEY (\"case_id\") REFERENCES \"household_case\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    // Two open cases for one apartment (same street, postal code and apartment) are found through this index.
    await queryRunner.query(
      "CREATE INDEX \"ix_household_case_apartment\" ON \"household_case\" (\"district_code\", lower(\"street\"), \"postal_code\", lower(\"apartment\")) WHERE \"status\" = 'open' AND \"apartment\" IS NOT NULL",
    );
    // The arrears so far came from the latest notice that carried an amount.
    await queryRunner.query(
      `UPDATE household_case c SET arrears_on = n.received_on
         FROM (SELECT case_id, max(received_on) AS received_on FROM notification WHERE arrears_ore IS NOT NULL GROUP BY case_id) n
        WHERE n.case_id = c.id`,
    );
    // Search keys of the names stored so far (the same rule as nameSearchKey in @bosam/cases), in batches.
    for (;;) {
      const rows: Array<{ id: string; name: string }> = await queryRunner.query(
        'SELECT id, name FROM case_tenant WHERE name_key IS NULL AND name IS NOT NULL LIMIT 5000',
      );
      if (rows.length === 0) break;
      await queryRunner.query(
        'UPDATE case_tenant t SET name_key = u.key FROM unnest($1::uuid[], $2::text[]) AS u(id, key) WHERE t.id = u.id',
        [rows.map((r) => r.id), rows.map((r) => searchKey(r.name))],
      );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."ix_household_case_apartment"');
    await queryRunner.query("ALTER TABLE \"notification_amendment\" DROP CONSTRAINT \"FK_2d66d1cabc9ea135c55dc2bf268\"");
    await queryRunner.query("ALTER TABLE \"notification_amendment\" DROP CONSTRAINT \"FK_170599ed6abf89c845cfdadee28\"");
    await queryRunner.query("ALTER TABLE \"case_disturbance\" DROP CONSTRAINT \"FK_ae5aef9c9cdcae2f28411bbaeab\"");
    await queryRunner.query("ALTER TABLE \"repayment_plan\" DROP CONSTRAINT \"FK_88d8398d54ef147f05cf1c1d6fa\"");
    await queryRunner.query("ALTER TABLE \"case_balance\" DROP CONSTRAINT \"FK_5939e910d511bc2c9c9f057f8e4\"");
    await queryRunner.query("ALTER TABLE \"case_contact\" DROP COLUMN \"unit_code\"");
    await queryRunner.query("ALTER TABLE \"case_contact\" DROP COLUMN \"made_by\"");
    await queryRunner.query("ALTER TABLE \"case_contact\" DROP COLUMN \"note\"");
    await queryRunner.query("ALTER TABLE \"case_contact\" DROP COLUMN \"outcome\"");
    await queryRunner.query("ALTER TABLE \"case_deadline\" DROP COLUMN \"latest_due_on\"");
    await queryRunner.query("ALTER TABLE \"case_tenant\" DROP COLUMN \"name_key\"");
    await queryRunner.query("ALTER TABLE \"household_case\" DROP COLUMN \"merged_into_case_id\"");
    await queryRunner.query("ALTER TABLE \"household_case\" DROP COLUMN \"plan_broken_on\"");
    await queryRunner.query("ALTER TABLE \"household_case\" DROP COLUMN \"arrears_on\"");
    await queryRunner.query("ALTER TABLE \"district\" DROP COLUMN \"unit_reps_may_close\"");
    await queryRunner.query("DROP INDEX \"public\".\"ix_notification_amendment_notification\"");
    await queryRunner.query("DROP INDEX \"public\".\"ix_notification_amendment_case\"");
    await queryRunner.query("DROP TABLE \"notification_amendment\"");
    await queryRunner.query("DROP INDEX \"public\".\"ix_case_disturbance_case\"");
    await queryRunner.query("DROP TABLE \"case_disturbance\"");
    await queryRunner.query("DROP INDEX \"public\".\"ix_repayment_plan_case\"");
    await queryRunner.query("DROP TABLE \"repayment_plan\"");
    await queryRunner.query("DROP INDEX \"public\".\"ix_case_balance_case\"");
    await queryRunner.query("DROP TABLE \"case_balance\"");
  }
}

/** Lower case, accents removed, spaces collapsed: as nameSearchKey in @bosam/cases was when this migration was written. */
function searchKey(name: string): string {
  return name.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}
