import { MigrationInterface, QueryRunner } from 'typeorm';

export class Landlords1795811749051 implements MigrationInterface {
  name = 'Landlords1795811749051';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"consent\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"district_code\" text NOT NULL, \"case_id\" uuid NOT NULL, \"landlord_id\" uuid NOT NULL, \"categories\" text array NOT NULL, \"given_on\" date NOT NULL, \"valid_until\" date, \"form\" text NOT NULL, \"documented_by\" text NOT NULL, \"withdrawn_on\" date, \"withdrawn_by\" text, \"created_by\" text NOT NULL, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"ck_consent_categories\" CHECK (cardinality(\"categories\") > 0), CONSTRAINT \"ck_consent_withdrawn_on\" CHECK (\"withdrawn_on\" IS NULL OR \"withdrawn_on\" >= \"given_on\"), CONSTRAINT \"ck_consent_valid_until\" CHECK (\"valid_until\" IS NULL OR \"valid_until\" >= \"given_on\"), CONSTRAINT \"PK_9115e8d6b082d4fc46d56134d29\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"ix_consent_district_given\" ON \"consent\"  (\"district_code\", \"given_on\") ");
    await queryRunner.query("CREATE INDEX \"ix_consent_case\" ON \"consent\"  (\"case_id\") ");
    await queryRunner.query("CREATE TABLE \"liaison_session\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"district_code\" text NOT NULL, \"on\" date NOT NULL, \"created_by\" text NOT NULL, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_8ee5d483e0c2afc7638fb67ca69\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"ix_liaison_session_district_on\" ON \"liaison_session\"  (\"district_code\", \"on\") ");
    await queryRunner.query("CREATE TABLE \"liaison_session_landlord\" (\"session_id\" uuid NOT NULL, \"landlord_id\" uuid NOT NULL, CONSTRAINT \"PK_84d69d93d1c588faaee116d0475\" PRIMARY KEY (\"session_id\", \"landlord_id\"))");
    await queryRunner.query("CREATE TABLE \"landlord_exchange\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"district_code\" text NOT NULL, \"case_id\" uuid NOT NULL, \"landlord_id\" uuid NOT NULL, \"session_id\" uuid, \"on\" date NOT NULL, \"direction\" text NOT NULL, \"categories\" text array NOT NULL, \"summary\" text NOT NULL, \"consent_ids\" uuid array NOT NULL, \"created_by\" text NOT NULL, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_41831d1f58acd76760d477ee14c\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"ix_landlord_exchange_district_on\" ON \"landlord_exchange\"  (\"district_code\", \"on\") ");
    await queryRunner.query("CREATE INDEX \"ix_landlord_exchange_case\" ON \"landlord_exchange\"  (\"case_id\", \"on\") ");
    await queryRunner.query("ALTER TABLE \"consent\" ADD CONSTRAINT \"FK_ae656ecb4521d9313a87d158ba6\" FOREIGN KEY (\"district_code\") REFERENCES \"district\"(\"code\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"consent\" ADD CONSTRAINT \"FK_c8a28bde616b7ce1aaf7a7e819e\" FOREIGN KEY (\"case_id\") REFERENCES \"household_case\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"consent\" ADD CONSTRAINT \"FK_bada66429793f6e5b7ede22aef5\" FOREIGN KEY (\"landlord_id\") REFERENCES \"landlord\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"liaison_session\" ADD CONSTRAINT \"FK_9ca6461e8325311c5cf5daa908e\" FOREIGN KEY (\"district_code\") REFERENCES \"district\"(\"code\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"liaison_session_landlord\" ADD CONSTRAINT \"FK_b9d1eef3ceae8d7d38aa6e4c888\" FOREIGN KEY (\"session_id\") REFERENCES \"liaison_session\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"liaison_session_landlord\" ADD CONSTRAINT \"FK_5e0f2feb73dd391fe56b85d5c54\" FOREIGN KEY (\"landlord_id\") REFERENCES \"landlord\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"landlord_exchange\" ADD CONSTRAINT \"FK_e8b0766a9e01329902828cf6057\" FOREIGN KEY (\"district_code\") REFERENCES \"district\"(\"code\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"landlord_exchange\" ADD CONSTRAINT \"FK_280479541fb459f0cfe210c3d9b\" FOREIGN KEY (\"case_id\") REFERENCES \"household_case\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"landlord_exchange\" ADD CONSTRAINT \"FK_4aea90dfd170bc7114b3eb34c51\" FOREIGN KEY (\"landlord_id\") REFERENCES \"landlord\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"landlord_exchange\" ADD CONSTRAINT \"FK_9dae36d05e7589ad7811bb2bbed\" FOREIGN KEY (\"session_id\") REFERENCES \"liaison_session\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"landlord_exchange\" DROP CONSTRAINT \"FK_9dae36d05e7589ad7811bb2bbed\"");
    await queryRunner.query("ALTER TABLE \"landlord_exchange\" DROP CONSTRAINT \"FK_4aea90dfd170bc7114b3eb34c51\"");
    await queryRunner.query("ALTER TABLE \"landlord_exchange\" DROP CONSTRAINT \"FK_280479541fb459f0cfe210c3d9b\"");
    await queryRunner.query("ALTER TABLE \"landlord_exchange\" DROP CONSTRAINT \"FK_e8b0766a9e01329902828cf6057\"");
    await queryRunner.query("ALTER TABLE \"liaison_session_landlord\" DROP CONSTRAINT \"FK_5e0f2feb73dd391fe56b85d5c54\"");
    await queryRunner.query("ALTER TABLE \"liaison_session_landlord\" DROP CONSTRAINT \"FK_b9d1eef3ceae8d7d38aa6e4c888\"");
    await queryRunner.query("ALTER TABLE \"liaison_session\" DROP CONSTRAINT \"FK_9ca6461e8325311c5cf5daa908e\"");
    await queryRunner.query("ALTER TABLE \"consent\" DROP CONSTRAINT \"FK_bada66429793f6e5b7ede22aef5\"");
    await queryRunner.query("ALTER TABLE \"consent\" DROP CONSTRAINT \"FK_c8a28bde616b7ce1aaf7a7e819e\"");
    await queryRunner.query("ALTER TABLE \"consent\" DROP CONSTRAINT \"FK_ae656ecb4521d9313a87d158ba6\"");
    await queryRunner.query("DROP INDEX \"public\".\"ix_landlord_exchange_case\"");
    await queryRunner.query("DROP INDEX \"public\".\"ix_landlord_exchange_district_on\"");
    await queryRunner.query("DROP TABLE \"landlord_exchange\"");
    await queryRunner.query("DROP TABLE \"liaison_session_landlord\"");
    await queryRunner.query("DROP INDEX \"public\".\"ix_liaison_session_district_on\"");
    await queryRunner.query("DROP TABLE \"liaison_session\"");
    await queryRunner.query("DROP INDEX \"public\".\"ix_consent_case\"");
    await queryRunner.query("DROP INDEX \"public\".\"ix_consent_district_given\"");
    await queryRunner.query("DROP TABLE \"consent\"");
  }
}
