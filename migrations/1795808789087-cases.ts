import { MigrationInterface, QueryRunner } from 'typeorm';

export class Cases1795808789087 implements MigrationInterface {
  name = 'Cases1795808789087';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"household_case\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"district_code\" text NOT NULL, \"status\" text NOT NULL DEFAULT 'open', \"opened_on\" date NOT NULL, \"closed_on\" date, \"outcome\" text, \"recurrence\" boolean NOT NULL DEFAULT false, \"previous_case_id\" uuid, \"landlord_id\" uuid, \"street\" text, \"postal_code\" text, \"city\" text, \"apartment\" text, \"children_in_household\" integer NOT NULL DEFAULT '0', \"protected_identity\" boolean NOT NULL DEFAULT false, \"arrears_ore\" bigint NOT NULL DEFAULT '0', \"ongoing_disturbance\" boolean NOT NULL DEFAULT false, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_7a9b8a5100bc2c4cf68f459a57d\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"ix_household_case_district_status\" ON \"household_case\"  (\"district_code\", \"status\") ");
    await queryRunner.query("CREATE TABLE \"case_tenant\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"case_id\" uuid NOT NULL, \"personnummer\" text NOT NULL, \"name\" text, CONSTRAINT \"PK_666536ea7ed0dc024fbdb12e262\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"ix_case_tenant_case\" ON \"case_tenant\"  (\"case_id\") ");
    await queryRunner.query("CREATE INDEX \"ix_case_tenant_personnummer\" ON \"case_tenant\"  (\"personnummer\") ");
    await queryRunner.query("CREATE TABLE \"notification\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"district_code\" text NOT NULL, \"case_id\" uuid NOT NULL, \"source\" text NOT NULL, \"sender_key\" text NOT NULL, \"external_reference\" text NOT NULL, \"content_hash\" text NOT NULL, \"landlord_id\" uuid, \"received_on\" date NOT NULL, \"tenant_served_on\" date, \"board_notified_on\" date, \"eviction_on\" date, \"arrears_ore\" bigint, \"months_in_arrears\" integer, \"children_in_household\" integer NOT NULL DEFAULT '0', \"protected_identity\" boolean NOT NULL DEFAULT false, \"flags\" text array NOT NULL DEFAULT '{}', \"receipt\" jsonb NOT NULL, \"import_id\" uuid, \"created_by\" text NOT NULL, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_705b6c7cdf9b2c2ff7ac7872cb7\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"ix_notification_district_received\" ON \"notification\"  (\"district_code\", \"received_on\") ");
    await queryRunner.query("CREATE INDEX \"ix_notification_case\" ON \"notification\"  (\"case_id\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"ux_notification_reference\" ON \"notification\"  (\"district_code\", \"source\", \"sender_key\", \"external_reference\") ");
    await queryRunner.query("CREATE TABLE \"case_deadline\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"case_id\" uuid NOT NULL, \"notification_id\" uuid NOT NULL, \"kind\" text NOT NULL, \"due_on\" date NOT NULL, \"estimated\" boolean NOT NULL DEFAULT false, \"rule\" text NOT NULL, CONSTRAINT \"PK_628eaa021c76325a345581901c7\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"ix_case_deadline_case_due\" ON \"case_deadline\"  (\"case_id\", \"due_on\") ");
    await queryRunner.query("CREATE TABLE \"case_unit\" (\"case_id\" uuid NOT NULL, \"unit_id\" uuid NOT NULL, CONSTRAINT \"PK_732d2cf314228b7316a6e013ba8\" PRIMARY KEY (\"case_id\", \"unit_id\"))");
    await queryRunner.query("CREATE TABLE \"case_contact\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"case_id\" uuid NOT NULL, \"on\" date NOT NULL, \"channel\" text NOT NULL, \"reached\" boolean NOT NULL, \"created_by\" text NOT NULL, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_82214b763d72506f19a4dfa4f15\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"ix_case_contact_case\" ON \"case_contact\"  (\"case_id\", \"on\") ");
    await queryRunner.query("CREATE TABLE \"next_step\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"district_code\" text NOT NULL, \"case_id\" uuid NOT NULL, \"unit_id\" uuid NOT NULL, \"action\" text NOT NULL, \"due_on\" date NOT NULL, \"status\" text NOT NULL DEFAULT 'open', \"done_on\" date, \"decision_id\" uuid, \"overdue_marked_at\" TIMESTAMP WITH TIME ZONE, \"created_by\" text NOT NULL, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_e197558529790d9b12cd1a2a896\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"ix_next_step_case\" ON \"next_step\"  (\"case_id\") ");
    await queryRunner.query("CREATE INDEX \"ix_next_step_district_status_due\" ON \"next_step\"  (\"district_code\", \"status\", \"due_on\") ");
    await queryRunner.query("CREATE TABLE \"case_event\" (\"id\" BIGSERIAL NOT NULL, \"case_id\" uuid NOT NULL, \"at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"kind\" text NOT NULL, \"actor_sub\" text NOT NULL, \"data\" jsonb NOT NULL DEFAULT '{}', CONSTRAINT \"PK_5b6e18b2d4fd178711a2269645e\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"ix_case_event_case\" ON \"case_event\"  (\"case_id\", \"id\") ");
    await queryRunner.query("ALTER TABLE \"household_case\" ADD CONSTRAINT \"FK_852267eaebe85fcc02d85dd9683\" FOREIGN KEY (\"district_code\") REFERENCES \"district\"(\"code\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"household_case\" ADD CONSTRAINT \"FK_6a40fa40486d7a50eeab4806c18\" FOREIGN KEY (\"landlord_id\") REFERENCES \"landlord\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"case_tenant\" ADD CONSTRAINT \"FK_5a53234f03fc11338b423d6602d\" FOREIGN KEY (\"case_id\") REFERENCES \"household_case\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"notification\" ADD CONSTRAINT \"FK_ac5f81d86d3eeb07664b674f794\" FOREIGN KEY (\"case_id\") REFERENCES \"household_case\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"notification\" ADD CONSTRAINT \"FK_245b3689ac3d3e55652bd8d9008\" FOREIGN KEY (\"landlord_id\") REFERENCES \"landlord\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"case_deadline\" ADD CONSTRAINT \"FK_e2b2c5afe2cf62108a17bfe746c\" FOREIGN KEY (\"case_id\") REFERENCES \"household_case\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"case_deadline\" ADD CONSTRAINT \"FK_424b4fde3d351d2751e9f45c918\" FOREIGN KEY (\"notification_id\") REFERENCES \"notification\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"case_unit\" ADD CONSTRAINT \"FK_2c286acfc579fd9a9368003b187\" FOREIGN KEY (\"case_id\") REFERENCES \"household_case\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"case_unit\" ADD CONSTRAINT \"FK_340072ecf87322b55b803862565\" FOREIGN KEY (\"unit_id\") REFERENCES \"unit\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"case_contact\" ADD CONSTRAINT \"FK_a569fe54984f32cbd6648f96094\" FOREIGN KEY (\"case_id\") REFERENCES \"household_case\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"next_step\" ADD CONSTRAINT \"FK_1d56df9bc41dc1d0e7f54f81bfb\" FOREIGN KEY (\"case_id\") REFERENCES \"household_case\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"next_step\" ADD CONSTRAINT \"FK_e7db2803482c7c1950fdd24c642\" FOREIGN KEY (\"unit_id\") REFERENCES \"unit\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"case_event\" ADD CONSTRAINT \"FK_85962fcd8d72296385c01a5dd45\" FOREIGN KEY (\"case_id\") REFERENCES \"household_case\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"case_event\" DROP CONSTRAINT \"FK_85962fcd8d72296385c01a5dd45\"");
    await queryRunner.query("ALTER TABLE \"next_step\" DROP CONSTRAINT \"FK_e7db2803482c7c1950fdd24c642\"");
    await queryRunner.query("ALTER TABLE \"next_step\" DROP CONSTRAINT \"FK_1d56df9bc41dc1d0e7f54f81bfb\"");
    await queryRunner.query("ALTER TABLE \"case_contact\" DROP CONSTRAINT \"FK_a569fe54984f32cbd6648f96094\"");
    await queryRunner.query("ALTER TABLE \"case_unit\" DROP CONSTRAINT \"FK_340072ecf87322b55b803862565\"");
    await queryRunner.query("ALTER TABLE \"case_unit\" DROP CONSTRAINT \"FK_2c286acfc579fd9a9368003b187\"");
    await queryRunner.query("ALTER TABLE \"case_deadline\" DROP CONSTRAINT \"FK_424b4fde3d351d2751e9f45c918\"");
    await queryRunner.query("ALTER TABLE \"case_deadline\" DROP CONSTRAINT \"FK_e2b2c5afe2cf62108a17bfe746c\"");
    await queryRunner.query("ALTER TABLE \"notification\" DROP CONSTRAINT \"FK_245b3689ac3d3e55652bd8d9008\"");
    await queryRunner.query("ALTER TABLE \"notification\" DROP CONSTRAINT \"FK_ac5f81d86d3eeb07664b674f794\"");
    await queryRunner.query("ALTER TABLE \"case_tenant\" DROP CONSTRAINT \"FK_5a53234f03fc11338b423d6602d\"");
    await queryRunner.query("ALTER TABLE \"household_case\" DROP CONSTRAINT \"FK_6a40fa40486d7a50eeab4806c18\"");
    await queryRunner.query("ALTER TABLE \"household_case\" DROP CONSTRAINT \"FK_852267eaebe85fcc02d85dd9683\"");
    await queryRunner.query("DROP INDEX \"public\".\"ix_case_event_case\"");
    await queryRunner.query("DROP TABLE \"case_event\"");
    await queryRunner.query("DROP INDEX \"public\".\"ix_next_step_district_status_due\"");
    await queryRunner.query("DROP INDEX \"public\".\"ix_next_step_case\"");
    await queryRunner.query("DROP TABLE \"next_step\"");
    await queryRunner.query("DROP INDEX \"public\".\"ix_case_contact_case\"");
    await queryRunner.query("DROP TABLE \"case_contact\"");
    await queryRunner.query("DROP TABLE \"case_unit\"");
    await queryRunner.query("DROP INDEX \"public\".\"ix_case_deadline_case_due\"");
    await queryRunner.query("DROP TABLE \"case_deadline\"");
    await queryRunner.query("DROP INDEX \"public\".\"ux_notification_reference\"");
    await queryRunner.query("DROP INDEX \"public\".\"ix_notification_case\"");
    await queryRunner.query("DROP INDEX \"public\".\"ix_notification_district_received\"");
    await queryRunner.query("DROP TABLE \"notification\"");
    await queryRunner.query("DROP INDEX \"public\".\"ix_case_tenant_personnummer\"");
    await queryRunner.query("DROP INDEX \"public\".\"ix_case_tenant_case\"");
    await queryRunner.query("DROP TABLE \"case_tenant\"");
    await queryRunner.query("DROP INDEX \"public\".\"ix_household_case_district_status\"");
    await queryRunner.query("DROP TABLE \"household_case\"");
  }
}
