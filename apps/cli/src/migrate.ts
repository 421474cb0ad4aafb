import { loadConfig } from '@bosam/platform';
import { migrate } from '../../common/src';
import { startEmbedded } from './embedded';

// npm run migrate: applies pending migrations to DATABASE_URL (or to the embedded database).
async function main(): Promise<void> {
  const config = loadConfig();
  const embedded = config.databaseUrl ? undefined : await startEmbedded(config);
  try {
    const applied = await migrate(config.databaseUrl ?? embedded!.url);
    process.stdout.write(applied.length ? `Applied: ${applied.join(', ')}\n` : 'No pending migrations.\n');
  } finally {
    await embedded?.stop();
  }
}

main().catch((error: Error) => {
  process.stderr.write(`migrate: ${error.message}\n`);
  process.exit(1);
});
