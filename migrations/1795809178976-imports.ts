import { MigrationInterface, QueryRunner } from 'typeorm';

export class Imports1795809178976 implements MigrationInterface {
  name = 'Imports1795809178976';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"notification_import\" (\"id\" uuid NOT NULL, \"district_code\" text NOT NULL, \"created_by\" text NOT NULL, \"created_by_name\" text NOT NULL, \"filename\" text NOT NULL, \"size_bytes\" bigint NOT NULL, \"mode\" text NOT NULL, \"dry_run\" boolean NOT NULL DEFAULT false, \"status\" text NOT NULL DEFAULT 'queued', \"phase\" text NOT NULL DEFAULT 'count', \"encoding\" text, \"delimiter\" text, \"total\" integer, \"processed\" integer NOT NULL DEFAULT '0', \"checkpoint\" integer NOT NULL DEFAULT '0', \"imported\" integer NOT NULL DEFAULT '0', \"duplicates\" integer NOT NULL DEFAULT '0', \"rejected\" jsonb NOT NULL DEFAULT '[]', \"failure_reason\" text, \"attempts\" integer NOT NULL DEFAULT '0', \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"started_at\" TIMESTAMP WITH TIME ZONE, \"finished_at\" TIMESTAMP WITH TIME ZONE, CONSTRAINT \"PK_2834c2707e7bd781b32bb761007\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"ix_notification_import_district_created\" ON \"notification_import\"  (\"district_code\", \"created_at\") ");
    await queryRunner.query("CREATE TABLE \"notification_import_chunk\" (\"import_id\" uuid NOT NULL, \"seq\" integer NOT NULL, \"data\" bytea NOT NULL, CONSTRAINT \"PK_4de5d56e5048d62b842eb5cbc9c\" PRIMARY KEY (\"import_id\", \"seq\"))");
    await queryRunner.query("ALTER TABLE \"notification_import_chunk\" ADD CONSTRAINT \"FK_f82643f8cdc193d3efe94570b75\" FOREIGN KEY (\"import_id\") REFERENCES \"notification_import\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION DEFERRABLE INITIALLY DEFERRED");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"notification_import_chunk\" DROP CONSTRAINT \"FK_f82643f8cdc193d3efe94570b75\"");
    await queryRunner.query("DROP TABLE \"notification_import_chunk\"");
    await queryRunner.query("DROP INDEX \"public\".\"ix_notification_import_district_created\"");
    await queryRunner.query("DROP TABLE \"notification_import\"");
  }
}
