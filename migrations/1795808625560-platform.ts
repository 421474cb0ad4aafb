import { MigrationInterface, QueryRunner } from 'typeorm';

export class Platform1795808625560 implements MigrationInterface {
  name = 'Platform1795808625560';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"audit_log\" (\"id\" BIGSERIAL NOT NULL, \"at\" TIMESTAMP WITH TIME ZONE NOT NULL, \"actor_sub\" text NOT NULL, \"actor_role\" text NOT NULL, \"district_code\" text, \"action\" text NOT NULL, \"entity_type\" text NOT NULL, \"entity_ids\" text array NOT NULL DEFAULT '{}', \"case_ids\" uuid array NOT NULL DEFAULT '{}', \"route\" text, \"reason\" text, \"correlation_id\" text, \"prev_hash\" text NOT NULL, \"hash\" text NOT NULL, CONSTRAINT \"PK_07fefa57f7f5ab8fc3f52b3ed0b\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE TABLE \"outbox_job\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"name\" text NOT NULL, \"queue\" text NOT NULL, \"job_id\" text NOT NULL, \"payload\" jsonb NOT NULL, \"delay_ms\" integer NOT NULL DEFAULT '0', \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"dispatched_at\" TIMESTAMP WITH TIME ZONE, CONSTRAINT \"PK_fca572df71a1e08db50f81f7617\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"ix_outbox_job_pending\" ON \"outbox_job\"  (\"created_at\") WHERE dispatched_at IS NULL");
    await queryRunner.query("CREATE TABLE \"job_ping\" (\"id\" uuid NOT NULL, \"handled_count\" integer NOT NULL DEFAULT '0', \"handled_at\" TIMESTAMP WITH TIME ZONE, CONSTRAINT \"PK_007e7871f8b089f6bb2807b3417\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE TABLE \"district\" (\"code\" text NOT NULL, \"name\" text NOT NULL, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_fbfe5cb0d22c2be8c9a9fff5b6b\" PRIMARY KEY (\"code\"))");
    await queryRunner.query("CREATE TABLE \"unit\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"district_code\" text NOT NULL, \"code\" text NOT NULL, \"name\" text NOT NULL, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_4252c4be609041e559f0c80f58a\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE UNIQUE INDEX \"ux_unit_district_code\" ON \"unit\"  (\"district_code\", \"code\") ");
    await queryRunner.query("CREATE TABLE \"unit_mandate\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"unit_id\" uuid NOT NULL, \"person\" text NOT NULL, \"valid_from\" date NOT NULL, \"valid_until\" date, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_b34d3623491788641a13de3b311\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"ix_unit_mandate_unit\" ON \"unit_mandate\"  (\"unit_id\", \"valid_from\") ");
    await queryRunner.query("CREATE TABLE \"landlord\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"org_number\" text NOT NULL, \"name\" text NOT NULL, \"municipal\" boolean NOT NULL DEFAULT false, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_db48a87925757d1ca10e0f250f9\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE UNIQUE INDEX \"ux_landlord_org_number\" ON \"landlord\"  (\"org_number\") ");
    await queryRunner.query("ALTER TABLE \"unit\" ADD CONSTRAINT \"FK_6595b0c8133857c100c660558a6\" FOREIGN KEY (\"district_code\") REFERENCES \"district\"(\"code\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"unit_mandate\" ADD CONSTRAINT \"FK_7da0c2b5fde6d50bad7ccff3c7f\" FOREIGN KEY (\"unit_id\") REFERENCES \"unit\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"unit_mandate\" DROP CONSTRAINT \"FK_7da0c2b5fde6d50bad7ccff3c7f\"");
    await queryRunner.query("ALTER TABLE \"unit\" DROP CONSTRAINT \"FK_6595b0c8133857c100c660558a6\"");
    await queryRunner.query("DROP INDEX \"public\".\"ux_landlord_org_number\"");
    await queryRunner.query("DROP TABLE \"landlord\"");
    await queryRunner.query("DROP INDEX \"public\".\"ix_unit_mandate_unit\"");
    await queryRunner.query("DROP TABLE \"unit_mandate\"");
    await queryRunner.query("DROP INDEX \"public\".\"ux_unit_district_code\"");
    await queryRunner.query("DROP TABLE \"unit\"");
    await queryRunner.query("DROP TABLE \"district\"");
    await queryRunner.query("DROP TABLE \"job_ping\"");
    await queryRunner.query("DROP INDEX \"public\".\"ix_outbox_job_pending\"");
    await queryRunner.query("DROP TABLE \"outbox_job\"");
    await queryRunner.query("DROP TABLE \"audit_log\"");
  }
}
