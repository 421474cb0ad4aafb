import 'reflect-metadata';
import { INestApplicationContext } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { todayInStockholm } from '@bosam/calendar';
import { EmbeddedDatabase, JsonLogger, loadConfig, QueueService, signLocalToken } from '@bosam/platform';
import { createApiApp } from '../../api/src';
import { migrate } from '../../common/src';
import { createWorker } from '../../worker/src';
import { DEMO_DISTRICT, isEmpty, loadDemo } from './demo';
import { embeddedAppUrl, startEmbedded } from './embedded';

/** Running jobs get this long to finish on a stop; an import cut off resumes from its checkpoint. */
const JOBS_GRACE_MS = 5000;
/** After this, an orderly stop that has not finished gives way to a fast one: the database stops now. */
const STOP_DEADLINE_MS = 15000;

const say = (line: string) => process.stdout.write(`${line}\n`);

// npm start: embedded PostgreSQL unless DATABASE_URL, migrations, API and worker in one
// process (two applications, each with its own pool, so that a flood of requests never starves
// the jobs nor the other way round), demo data in an empty embedded database; Ctrl-C stops
// everything in order: HTTP drains, running jobs finish, pools close, the database stops last.
// A stop always ends the database: a signal during start-up stops what has started, a stop that
// hangs is cut short after STOP_DEADLINE_MS, and the embedded server's watchdog stops it if this
// process dies or hangs for good.
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = new JsonLogger(config.logLevel);
  let embedded: EmbeddedDatabase | undefined;
  let app: NestFastifyApplication | undefined;
  let worker: INestApplicationContext | undefined;
  let ready = false;
  let stopping = 0;

  // Fast path: the database stops now (what the pools had not committed is rolled back), then we exit.
  const stopNow = async (code: number) => {
    await embedded?.stop({ fastMs: 5000 }).catch(() => undefined);
    process.exit(code);
  };
  const stop = async (signal: string) => {
    if (stopping) {
      // npm forwards the signal it got to us as well: only a second request a moment later means "now".
      if (Date.now() - stopping > 1000) {
        say(`${signal} again: stopping now.`);
        await stopNow(1);
      }
      return;
    }
    stopping = Date.now();
    say(`\n${signal}: stopping…`);
    setTimeout(() => {
      say(`The orderly stop took longer than ${STOP_DEADLINE_MS / 1000} s: stopping now.`);
      void stopNow(1);
    }, STOP_DEADLINE_MS);
    if (!ready) {
      // Still starting: the database stops (the exit handler catches one still starting) and we exit.
      await stopNow(1);
      return;
    }
    await app!.getHttpAdapter().close(); // no new requests; open ones drain
    await worker!.get(QueueService).close(JOBS_GRACE_MS); // running jobs finish (or resume later)
    await worker!.close();
    await app!.close(); // pools close
    await embedded?.stop().catch(() => undefined);
    say('Stopped.');
    process.exit(0);
  };
  // From the first moment, so that no signal ever takes the default path (an exit without stopping the database).
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void stop(signal));

  const stopEmbedded = async () => embedded?.stop().catch(() => undefined);
  if (!config.databaseUrl) {
    embedded = await startEmbedded(config);
    // Migrations as the superuser; the application as a role that may only add to the audit log.
    config.migrationDatabaseUrl = embedded.url;
    config.databaseUrl = embeddedAppUrl(config, embedded.url);
    say(`Embedded PostgreSQL ${embedded.created ? 'created' : 'started'} in ${config.dataDir}/pg (port ${config.embeddedPgPort}).`);
  }
  try {
    const applied = await migrate(config.migrationDatabaseUrl ?? config.databaseUrl, { appUrl: config.databaseUrl });
    if (applied.length) say(`Applied ${applied.length} migration(s).`);

    app = await createApiApp(config, logger);
    const api = app;
    const dataSource = app.get(DataSource);
    const empty = await isEmpty(dataSource);
    const wantDemo = config.demo ?? (embedded !== undefined && empty);
    if (wantDemo && empty) {
      await loadDemo(app, todayInStockholm());
      say(`Loaded the demo district ${DEMO_DISTRICT}.`);
    }
    worker = await createWorker(config, {}, logger);

    const host = process.env.HOST || '127.0.0.1';
    await api.listen(config.port, host);
    const base = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${config.port}`;
    const demoPresent = (await dataSource.query('SELECT 1 FROM district WHERE code = $1', [DEMO_DISTRICT])).length > 0;
    say('');
    say(`Bosam is running at ${base}/api/v1`);
    say(`Web interface: ${base}/ (in Swedish; sign in at ${base}/login)`);
    say(`API docs: ${base}/api/docs`);
    // A ready-made token only for trying the embedded demo: never for a database of real data.
    if (embedded && config.authMode === 'local' && demoPresent) {
      const token = await signLocalToken(config, {
        sub: 'demo-coordinator',
        name: 'Demo Samordnare',
        role: 'coordinator',
        district: DEMO_DISTRICT,
      });
      say(`Coordinator token for ${DEMO_DISTRICT} (valid 12 hours; it also signs in on the web page):`);
      say(token);
      say(`Try: curl -H "Authorization: Bearer <token>" "${base}/api/v1/cases?district=${DEMO_DISTRICT}&status=open"`);
      say(`     curl -H "Authorization: Bearer <token>" "${base}/api/v1/meetings?district=${DEMO_DISTRICT}"`);
    }
    say('Press Ctrl-C to stop.');
    ready = true;
  } catch (error) {
    if (stopping) return; // a stop during start-up: the stop handler finishes the job
    await worker?.close().catch(() => undefined);
    await app?.close().catch(() => undefined);
    await stopEmbedded();
    throw error;
  }
}

main().catch((error: Error) => {
  process.stderr.write(`start: ${error.message}\n`);
  process.exit(1);
});
