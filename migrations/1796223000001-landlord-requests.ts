import { MigrationInterface, QueryRunner } from 'typeorm';

export class LandlordRequests1796223000001 implements MigrationInterface {
  name = 'LandlordRequests1796223000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"landlord_request\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"org_number\" text NOT NULL, \"name\" text NOT NULL, \"municipal\" boolean, \"district_code\" text NOT NULL, \"requested_by\" text NOT NULL, \"requested_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"status\" text NOT NULL DEFAULT 'pending', \"decided_by\" text, \"decided_at\" TIMESTAMP WITH TIME ZONE, CONSTRAINT \"PK_9dd0c13b704abc9f586e4fc80d0\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"ix_landlord_request_status\" ON \"landlord_request\"  (\"status\", \"requested_at\") ");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"public\".\"ix_landlord_request_status\"");
    await queryRunner.query("DROP TABLE \"landlord_request\"");
  }
}
