import { MigrationInterface, QueryRunner } from 'typeorm';

/** An import's rejections become rows (with a count on the import) instead of one growing jsonb array. */
export class ImportRejections1796222748564 implements MigrationInterface {
  name = 'ImportRejections1796222748564';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"notification_import_rejection\" (\"import_id\" uuid NOT NULL, \"position\" integer NOT NULL, \"row_no\" integer NOT NULL, \"field\" text NOT NULL, \"message\" text NOT NULL, CONSTRAINT \"PK_63cd32cd138fad120bd311991e9\" PRIMARY KEY (\"import_id\", \"position\"))");
    await queryRunner.query("ALTER TABLE \"notification_import_rejection\" ADD CONSTRAINT \"FK_e28589453e90b422653d297d41c\" FOREIGN KEY (\"import_id\") REFERENCES \"notification_import\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"notification_import\" ADD \"rejected_count\" integer NOT NULL DEFAULT '0'");
    // Reports kept so far move over as they were.
    await queryRunner.query(
      `INSERT INTO notification_import_rejection (import_id, position, row_no, field, message)
       SELECT i.id, e.ord, (e.value->>'row')::int, coalesce(e.value->>'field', 'row'), coalesce(e.value->>'message', '')
         FROM notification_import i, jsonb_array_elements(i.rejected) WITH ORDINALITY AS e(value, ord)`,
    );
    await queryRunner.query('UPDATE notification_import SET rejected_count = jsonb_array_length(rejected)');
    await queryRunner.query("ALTER TABLE \"notification_import\" DROP COLUMN \"rejected\"");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"notification_import\" ADD \"rejected\" jsonb NOT NULL DEFAULT '[]'");
    await queryRunner.query(
      `UPDATE notification_import i SET rejected = r.list
         FROM (SELECT import_id, jsonb_agg(jsonb_build_object('row', row_no, 'field', field, 'message', message) ORDER BY position) AS list
                 FROM notification_import_rejection GROUP BY import_id) r
        WHERE r.import_id = i.id`,
    );
    await queryRunner.query("ALTER TABLE \"notification_import\" DROP COLUMN \"rejected_count\"");
    await queryRunner.query("ALTER TABLE \"notification_import_rejection\" DROP CONSTRAINT \"FK_e28589453e90b422653d297d41c\"");
    await queryRunner.query("DROP TABLE \"notification_import_rejection\"");
  }
}
