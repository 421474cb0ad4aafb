import { MigrationInterface, QueryRunner } from 'typeorm';

export class Evaluation1795811439803 implements MigrationInterface {
  name = 'Evaluation1795811439803';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"evaluation_target\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"district_code\" text NOT NULL, \"term\" text NOT NULL, \"position\" integer NOT NULL, \"indicator\" text NOT NULL, \"comparator\" text NOT NULL, \"value\" numeric NOT NULL, \"set_by\" text NOT NULL, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_47ef9cfd655dca0585c0edabb1a\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"ix_evaluation_target_district_term\" ON \"evaluation_target\"  (\"district_code\", \"term\") ");
    await queryRunner.query("CREATE TABLE \"evaluation_decision\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"district_code\" text NOT NULL, \"term\" text NOT NULL, \"text\" text NOT NULL, \"owner\" text NOT NULL, \"due_on\" date NOT NULL, \"created_by\" text NOT NULL, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_63a481a77415a4b1f337a444f80\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"ix_evaluation_decision_district_term\" ON \"evaluation_decision\"  (\"district_code\", \"term\") ");
    await queryRunner.query("CREATE TABLE \"evaluation_export\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"district_code\" text NOT NULL, \"term\" text NOT NULL, \"format\" text NOT NULL, \"status\" text NOT NULL DEFAULT 'queued', \"progress\" integer NOT NULL DEFAULT '0', \"requested_by\" text NOT NULL, \"content\" bytea, \"failure_reason\" text, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"started_at\" TIMESTAMP WITH TIME ZONE, \"finished_at\" TIMESTAMP WITH TIME ZONE, CONSTRAINT \"PK_c2e3496c9be246a048ff16d8d84\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"ix_evaluation_export_district_created\" ON \"evaluation_export\"  (\"district_code\", \"created_at\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"ux_evaluation_export_pending\" ON \"evaluation_export\"  (\"district_code\", \"term\", \"format\") WHERE status IN ('queued', 'running')");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"public\".\"ux_evaluation_export_pending\"");
    await queryRunner.query("DROP INDEX \"public\".\"ix_evaluation_export_district_created\"");
    await queryRunner.query("DROP TABLE \"evaluation_export\"");
    await queryRunner.query("DROP INDEX \"public\".\"ix_evaluation_decision_district_term\"");
    await queryRunner.query("DROP TABLE \"evaluation_decision\"");
    await queryRunner.query("DROP INDEX \"public\".\"ix_evaluation_target_district_term\"");
    await queryRunner.query("DROP TABLE \"evaluation_target\"");
  }
}
