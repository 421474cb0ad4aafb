import { MigrationInterface, QueryRunner } from 'typeorm';

// Server-side sessions of the web interface (no entity: read and written in hand-written SQL by
// apps/api/src/web/session.service.ts). The cookie carries a random token; only its SHA-256 is stored.
// A row without an actor is a sign-in in progress (OIDC state, nonce and PKCE verifier).
export class WebSessions1796226567341 implements MigrationInterface {
  name = 'WebSessions1796226567341';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "web_session" (
      "token_hash" text PRIMARY KEY,
      "actor" jsonb,
      "pending" jsonb,
      "csrf_token" text NOT NULL,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "last_seen_at" timestamptz NOT NULL DEFAULT now()
    )`);
    await queryRunner.query(`CREATE INDEX "ix_web_session_created" ON "web_session" ("created_at")`);
    // Which districts were loaded as the demo: the sign-in page offers the demo's people only then.
    await queryRunner.query(`CREATE TABLE "demo_district" ("district_code" text PRIMARY KEY, "loaded_at" timestamptz NOT NULL DEFAULT now())`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "demo_district"`);
    await queryRunner.query(`DROP TABLE "web_session"`);
  }
}
