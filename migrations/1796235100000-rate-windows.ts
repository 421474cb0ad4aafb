import { MigrationInterface, QueryRunner } from 'typeorm';

// Rate-limit windows shared by every API process when there is no Redis (no entity: hand-written
// SQL in libs/platform/src/http/throttle.ts). Keys are hashes; unlogged, since a counter lost in a
// crash costs nothing.
export class RateWindows1796235100000 implements MigrationInterface {
  name = 'RateWindows1796235100000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE UNLOGGED TABLE "rate_window" ("key" text PRIMARY KEY, "count" integer NOT NULL, "ends_at" timestamptz NOT NULL)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "rate_window"`);
  }
}
