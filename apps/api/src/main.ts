import 'reflect-metadata';
import { loadConfig } from '@bosam/platform';
import { createApiApp } from './create-api-app';

// The API alone (for deployments that run API and worker apart, as in docker-compose.yml).
async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.databaseUrl) throw new Error('DATABASE_URL is required to run the API alone; use `npm start` for the embedded set-up.');
  const app = await createApiApp(config);
  app.enableShutdownHooks();
  await app.listen(config.port, '0.0.0.0');
}

main().catch((error: Error) => {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
});
