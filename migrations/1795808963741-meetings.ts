import { MigrationInterface, QueryRunner } from 'typeorm';

export class Meetings1795808963741 implements MigrationInterface {
  name = 'Meetings1795808963741';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"meeting\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"district_code\" text NOT NULL, \"starts_at\" TIMESTAMP WITH TIME ZONE NOT NULL, \"held_on\" date NOT NULL, \"status\" text NOT NULL DEFAULT 'planned', \"started_at\" TIMESTAMP WITH TIME ZONE, \"closed_at\" TIMESTAMP WITH TIME ZONE, \"frozen_bounds\" jsonb, \"series_id\" uuid, \"moved_from\" date, \"moved_reason\" text, \"created_by\" text NOT NULL, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_dccaf9e4c0e39067d82ccc7bb83\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"ix_meeting_district_starts\" ON \"meeting\"  (\"district_code\", \"starts_at\") ");
    await queryRunner.query("CREATE TABLE \"meeting_attendance\" (\"meeting_id\" uuid NOT NULL, \"unit_id\" uuid NOT NULL, \"person\" text, \"role\" text NOT NULL, \"mandate\" boolean NOT NULL DEFAULT false, \"with_mandate\" boolean NOT NULL DEFAULT false, \"recorded_by\" text NOT NULL, CONSTRAINT \"PK_5aff53c1f23a0b9ed3816dc930c\" PRIMARY KEY (\"meeting_id\", \"unit_id\"))");
    await queryRunner.query("CREATE TABLE \"agenda_item\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"meeting_id\" uuid NOT NULL, \"section\" text NOT NULL, \"position\" integer NOT NULL, \"case_id\" uuid NOT NULL, \"item\" jsonb NOT NULL, \"carried_over\" boolean NOT NULL DEFAULT false, CONSTRAINT \"PK_413623e61232799619c2e0a1d42\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"ix_agenda_item_case\" ON \"agenda_item\"  (\"case_id\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"ux_agenda_item_position\" ON \"agenda_item\"  (\"meeting_id\", \"section\", \"position\") ");
    await queryRunner.query("CREATE TABLE \"agenda_notification\" (\"notification_id\" uuid NOT NULL, \"meeting_id\" uuid NOT NULL, CONSTRAINT \"PK_8af1c685f60e58089a6885b1917\" PRIMARY KEY (\"notification_id\"))");
    await queryRunner.query("CREATE INDEX \"ix_agenda_notification_meeting\" ON \"agenda_notification\"  (\"meeting_id\") ");
    await queryRunner.query("CREATE TABLE \"meeting_decision\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"meeting_id\" uuid NOT NULL, \"case_id\" uuid NOT NULL, \"text\" text NOT NULL, \"pending_confirmation\" boolean NOT NULL DEFAULT false, \"pending_units\" text array NOT NULL DEFAULT '{}', \"decided_by\" text NOT NULL, \"decided_by_role\" text NOT NULL, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_6787600e55cc73688b127a1cd93\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"ix_meeting_decision_meeting_case\" ON \"meeting_decision\"  (\"meeting_id\", \"case_id\") ");
    await queryRunner.query("ALTER TABLE \"meeting\" ADD CONSTRAINT \"FK_709106cc0fc622fa7629fd7217a\" FOREIGN KEY (\"district_code\") REFERENCES \"district\"(\"code\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"meeting_attendance\" ADD CONSTRAINT \"FK_2bf53a2dc49796d33484ed1fe5c\" FOREIGN KEY (\"meeting_id\") REFERENCES \"meeting\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"meeting_attendance\" ADD CONSTRAINT \"FK_de887a8a11d284e3a918e202942\" FOREIGN KEY (\"unit_id\") REFERENCES \"unit\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"agenda_item\" ADD CONSTRAINT \"FK_4d88141b534e8aad85bb583eb3b\" FOREIGN KEY (\"meeting_id\") REFERENCES \"meeting\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"agenda_item\" ADD CONSTRAINT \"FK_f58ac531b39844ce46502be87bc\" FOREIGN KEY (\"case_id\") REFERENCES \"household_case\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"agenda_notification\" ADD CONSTRAINT \"FK_8af1c685f60e58089a6885b1917\" FOREIGN KEY (\"notification_id\") REFERENCES \"notification\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"agenda_notification\" ADD CONSTRAINT \"FK_7ba07d0a3e2b518b3f80e487031\" FOREIGN KEY (\"meeting_id\") REFERENCES \"meeting\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"meeting_decision\" ADD CONSTRAINT \"FK_f4733268fa0a9cc03377bf1a58f\" FOREIGN KEY (\"meeting_id\") REFERENCES \"meeting\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"meeting_decision\" ADD CONSTRAINT \"FK_c0ec05eb2d654cdadd0e4b92c2c\" FOREIGN KEY (\"case_id\") REFERENCES \"household_case\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"meeting_decision\" DROP CONSTRAINT \"FK_c0ec05eb2d654cdadd0e4b92c2c\"");
    await queryRunner.query("ALTER TABLE \"meeting_decision\" DROP CONSTRAINT \"FK_f4733268fa0a9cc03377bf1a58f\"");
    await queryRunner.query("ALTER TABLE \"agenda_notification\" DROP CONSTRAINT \"FK_7ba07d0a3e2b518b3f80e487031\"");
    await queryRunner.query("ALTER TABLE \"agenda_notification\" DROP CONSTRAINT \"FK_8af1c685f60e58089a6885b1917\"");
    await queryRunner.query("ALTER TABLE \"agenda_item\" DROP CONSTRAINT \"FK_f58ac531b39844ce46502be87bc\"");
    await queryRunner.query("ALTER TABLE \"agenda_item\" DROP CONSTRAINT \"FK_4d88141b534e8aad85bb583eb3b\"");
    await queryRunner.query("ALTER TABLE \"meeting_attendance\" DROP CONSTRAINT \"FK_de887a8a11d284e3a918e202942\"");
    await queryRunner.query("ALTER TABLE \"meeting_attendance\" DROP CONSTRAINT \"FK_2bf53a2dc49796d33484ed1fe5c\"");
    await queryRunner.query("ALTER TABLE \"meeting\" DROP CONSTRAINT \"FK_709106cc0fc622fa7629fd7217a\"");
    await queryRunner.query("DROP INDEX \"public\".\"ix_meeting_decision_meeting_case\"");
    await queryRunner.query("DROP TABLE \"meeting_decision\"");
    await queryRunner.query("DROP INDEX \"public\".\"ix_agenda_notification_meeting\"");
    await queryRunner.query("DROP TABLE \"agenda_notification\"");
    await queryRunner.query("DROP INDEX \"public\".\"ux_agenda_item_position\"");
    await queryRunner.query("DROP INDEX \"public\".\"ix_agenda_item_case\"");
    await queryRunner.query("DROP TABLE \"agenda_item\"");
    await queryRunner.query("DROP TABLE \"meeting_attendance\"");
    await queryRunner.query("DROP INDEX \"public\".\"ix_meeting_district_starts\"");
    await queryRunner.query("DROP TABLE \"meeting\"");
  }
}
