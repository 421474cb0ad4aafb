import { loadConfig } from '@bosam/platform';
import { migrate } from '../../common/src';
import { embeddedAppUrl, startEmbedded } from './embedded';

// npm run migrate: applies pending migrations as DATABASE_MIGRATION_URL (else DATABASE_URL, else the
// embedded database's superuser) and grants the application's role (DATABASE_URL's user) what it needs.
async function main(): Promise<void> {
  const config = loadConfig();
  const embedded = config.databaseUrl ? undefined : await startEmbedded(config);
  try {
    const ownerUrl = config.migrationDatabaseUrl ?? config.databaseUrl ?? embedded!.url;
    const appUrl = config.databaseUrl ?? embeddedAppUrl(config, embedded!.url);
    const applied = await migrate(ownerUrl, { appUrl });
    process.stdout.write(applied.length ? `Applied: ${applied.join(', ')}\n` : 'No pending migrations.\n');
  } finally {
    await embedded?.stop();
  }
}

main().catch((error: Error) => {
  process.stderr.write(`migrate: ${error.message}\n`);
  process.exit(1);
});
