import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Protected identity follows the person: the register of persons, filled from every case that is
 * protected today (all its tenants: which of them the notice meant is not known, so all), then every
 * case of a registered person — open or closed — is protected.
 */
export class ProtectedPerson1795813500000 implements MigrationInterface {
  name = 'ProtectedPerson1795813500000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"protected_person\" (\"personnummer\" text NOT NULL, \"since\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"set_by\" text NOT NULL, CONSTRAINT \"PK_protected_person\" PRIMARY KEY (\"personnummer\"))");
    await queryRunner.query(
      `INSERT INTO protected_person (personnummer, set_by)
       SELECT DISTINCT t.personnummer, 'migration'
         FROM case_tenant t JOIN household_case c ON c.id = t.case_id
        WHERE c.protected_identity OR EXISTS (SELECT 1 FROM notification n WHERE n.case_id = c.id AND n.protected_identity)`,
    );
    await queryRunner.query(
      `UPDATE household_case c SET protected_identity = true
        WHERE NOT c.protected_identity
          AND EXISTS (SELECT 1 FROM case_tenant t JOIN protected_person r ON r.personnummer = t.personnummer WHERE t.case_id = c.id)`,
    );
    await queryRunner.query(
      `UPDATE agenda_item a SET item = a.item || '{"address": null, "protectedIdentity": true}'::jsonb
         FROM household_case c WHERE c.id = a.case_id AND c.protected_identity AND a.item -> 'address' <> 'null'::jsonb`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP TABLE \"protected_person\"");
  }
}
