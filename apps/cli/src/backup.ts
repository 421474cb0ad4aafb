import { renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadConfig, postmasterPort, runningPostmaster } from '@bosam/platform';
import { writeBackup } from './backup-file';
import { embeddedUrl, startEmbedded } from './embedded';

// npm run backup [-- FILE]: the embedded set-up in one file: the database (one consistent
// snapshot, taken while Bosam runs or not), every file of the data folder (the generated secret
// and keys, the database password) except the live cluster itself. Restore with npm run restore.
async function main(): Promise<void> {
  const config = loadConfig();
  if (config.databaseUrl) {
    throw new Error(
      'DATABASE_URL is set: back up your own PostgreSQL with pg_dump or continuous archiving (see docs/operations.md), and keep the data folder and your secrets.',
    );
  }
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '');
  const file = resolve(process.argv[2] ?? `bosam-backup-${stamp}.bosam-backup`);
  const pgDir = join(config.dataDir, 'pg');
  const running = runningPostmaster(pgDir);
  // A running server (npm start) is read where it listens; otherwise it is started for the backup.
  const embedded = running === undefined ? await startEmbedded(config) : undefined;
  const url = embedded?.url ?? embeddedUrl(config, postmasterPort(pgDir) ?? config.embeddedPgPort);
  const partial = `${file}.partial`;
  try {
    const done = await writeBackup({
      file: partial,
      dataDir: config.dataDir,
      skip: [pgDir, join(config.dataDir, 'postgres.log'), partial, file],
      databaseUrl: url,
    });
    renameSync(partial, file);
    process.stdout.write(
      `Backup written to ${file}: ${done.tables} tables (${done.rows} rows), ${done.files} files of ${config.dataDir}.\n`,
    );
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  } finally {
    await embedded?.stop();
  }
}

main().catch((error: Error) => {
  process.stderr.write(`backup: ${error.message}\n`);
  process.exit(1);
});
