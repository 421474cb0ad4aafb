import { writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { databaseNameOf, openDataSource, withDatabase } from '@bosam/platform';
import { appDataSourceOptions } from '../../common/src';

// Compares the entities with the schema the migrations build.
//   --check            exit 1 when they differ (CI: entities and migrations must not drift)
//   --generate NAME    write migrations/<timestamp>-<name>.ts with the difference
// Needs DATABASE_URL pointing at a server where it may create a scratch database.
async function main(): Promise<void> {
  const [mode, name] = process.argv.slice(2);
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is required');
  const scratch = `bosam_schema_test_${process.pid}`;
  const admin = new Client({ connectionString: withDatabase(url, 'postgres') });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${scratch}`);
  await admin.query(`CREATE DATABASE ${scratch}`);
  try {
    const dataSource = await openDataSource(appDataSourceOptions(withDatabase(url, scratch)));
    try {
      await dataSource.runMigrations({ transaction: 'each' });
      const sql = await dataSource.driver.createSchemaBuilder().log();
      const up = sql.upQueries.map((q) => q.query);
      const down = sql.downQueries.map((q) => q.query).reverse();
      if (mode === '--check') {
        if (up.length > 0) {
          process.stderr.write(`Entities and migrations differ (${databaseNameOf(url)}):\n${up.join(';\n')}\n`);
          process.exitCode = 1;
        } else process.stdout.write('Entities and migrations agree.\n');
        return;
      }
      if (mode !== '--generate' || !name || !/^[A-Za-z][A-Za-z0-9]*$/.test(name)) {
        throw new Error('usage: schema-diff --check | --generate CamelCaseName');
      }
      if (up.length === 0) {
        process.stdout.write('Nothing to generate.\n');
        return;
      }
      const stamp = Date.now();
      const className = `${name}${stamp}`;
      const literal = (q: string) => `    await queryRunner.query(${JSON.stringify(q)});`;
      const body = `import { MigrationInterface, QueryRunner } from 'typeorm';

export class ${className} implements MigrationInterface {
  name = '${className}';

  public async up(queryRunner: QueryRunner): Promise<void> {
${up.map(literal).join('\n')}
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
${down.map(literal).join('\n')}
  }
}
`;
      const root = process.cwd();
      const file = `${stamp}-${name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase()}`;
      writeFileSync(join(root, 'migrations', `${file}.ts`), body);
      const indexPath = join(root, 'migrations', 'index.ts');
      const index = readFileSync(indexPath, 'utf8')
        .replace('// (imports)', `import { ${className} } from './${file}';\n// (imports)`)
        .replace('  // (list)', `  ${className},\n  // (list)`);
      writeFileSync(indexPath, index);
      process.stdout.write(`Wrote migrations/${file}.ts (${up.length} statements). Review it before committing.\n`);
    } finally {
      await dataSource.destroy();
    }
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${scratch}`);
    await admin.end();
  }
}

main().catch((error: Error) => {
  process.stderr.write(`schema-diff: ${error.message}\n`);
  process.exit(1);
});
