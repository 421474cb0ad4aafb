import { chmodSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Client } from 'pg';
import { EmbeddedDatabase, loadConfig } from '@bosam/platform';
import { migrateTo, migrationNames } from '../../common/src';
import { readBackup, readBackupMeta } from './backup-file';
import { startEmbedded } from './embedded';

// npm run restore -- FILE: brings a backup back into an empty data folder (BOSAM_DATA_DIR,
// default ./.data): its files first, then a new embedded cluster, the backup's migrations, its
// rows. The next npm start applies any newer migrations.
async function main(): Promise<void> {
  const config = loadConfig();
  if (config.databaseUrl) throw new Error('DATABASE_URL is set: restore restores the embedded set-up only (unset DATABASE_URL).');
  const file = process.argv[2];
  if (!file) throw new Error('usage: npm run restore -- FILE');
  if (!existsSync(file)) throw new Error(`${file} does not exist.`);
  const dataDir = config.dataDir;
  if (existsSync(dataDir) && readdirSync(dataDir).length > 0) {
    throw new Error(`${dataDir} is not empty: restore only into an empty data folder (move the old one aside first).`);
  }
  const known = migrationNames();
  const meta = await readBackupMeta(file);
  const unknown = meta.migrations.filter((name, i) => known[i] !== name);
  if (unknown.length > 0)
    throw new Error(
      `The backup is from another release (migrations ${unknown.join(', ')} are not this release's); restore it with that release.`,
    );

  mkdirSync(dataDir, { recursive: true });
  let embedded: EmbeddedDatabase | undefined;
  try {
    const done = await readBackup({
      file,
      writeFile(path, content, mode) {
        const target = resolve(dataDir, path);
        mkdirSync(dirname(target), { recursive: true });
        writeFileSync(target, content, { mode });
        chmodSync(target, mode);
      },
      async openDatabase(migrations) {
        embedded = await startEmbedded(config); // a new cluster, with the restored password
        await migrateTo(embedded.url, migrations.length);
        await prepareQueueSchema(embedded.url);
        return embedded.url;
      },
    });
    process.stdout.write(
      `Restored ${done.tables} tables (${done.rows} rows) and ${done.files} files into ${dataDir}. Start with npm start.\n`,
    );
  } catch (error) {
    await embedded?.stop();
    embedded = undefined;
    // Nothing half-restored is left behind: the folder was empty before.
    for (const entry of readdirSync(dataDir)) rmSync(join(dataDir, entry), { recursive: true, force: true });
    throw error;
  } finally {
    await embedded?.stop();
  }
}

/** BullMQ's queue tables (PostgreSQL backend), as BullMQ itself creates them on connect. */
async function prepareQueueSchema(url: string): Promise<void> {
  const { runMigrations } = await import('bullmq');
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('CREATE SCHEMA IF NOT EXISTS bullmq');
    await client.query('SET search_path TO bullmq');
    await runMigrations(client as never, 'bullmq');
  } finally {
    await client.end();
  }
}

main().catch((error: Error) => {
  process.stderr.write(`restore: ${error.message}\n`);
  process.exit(1);
});
