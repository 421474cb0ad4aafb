import 'reflect-metadata';
import { loadConfig } from '@bosam/platform';
import { createWorker } from './create-worker';

// The worker alone (for deployments that run API and worker apart, as in docker-compose.yml).
async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.databaseUrl) throw new Error('DATABASE_URL is required to run the worker alone; use `npm start` for the embedded set-up.');
  const worker = await createWorker(config);
  const stop = async () => {
    await worker.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((error: Error) => {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
});
