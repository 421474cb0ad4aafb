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
import { startEmbedded } from './embedded';

// npm start: embedded PostgreSQL unless DATABASE_URL, migrations, API and worker in one
// process (two applications, each with its own pool, so that a flood of requests never starves
// the jobs nor the other way round), demo data in an empty embedded database; Ctrl-C stops
// everything in order: HTTP drains, running jobs finish, pools close, the database stops last.
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = new JsonLogger(config.logLevel);
  const say = (line: string) => process.stdout.write(`${line}\n`);
  let embedded: EmbeddedDatabase | undefined;
  if (!config.databaseUrl) {
    embedded = await startEmbedded(config);
    config.databaseUrl = embedded.url;
    say(`Embedded PostgreSQL ${embedded.created ? 'created' : 'started'} in ${config.dataDir}/pg (port ${config.embeddedPgPort}).`);
  }
  const stopEmbedded = async () => embedded?.stop().catch(() => undefined);
  let app: NestFastifyApplication | undefined;
  let worker: INestApplicationContext | undefined;
  try {
    const applied = await migrate(config.databaseUrl);
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
    const jobs = worker;

    const host = process.env.HOST || '127.0.0.1';
    await api.listen(config.port, host);
    const base = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${config.port}`;
    const [first] = await dataSource.query('SELECT code FROM district ORDER BY code LIMIT 1');
    say('');
    say(`Bosam is running at ${base}/api/v1`);
    say(`API docs: ${base}/api/docs`);
    if (config.authMode === 'local' && first) {
      const token = await signLocalToken(config, { sub: 'demo-coordinator', name: 'Demo Samordnare', role: 'coordinator', district: first.code });
      say(`Coordinator token for ${first.code} (valid 12 hours):`);
      say(token);
      say(`Try: curl -H "Authorization: Bearer <token>" "${base}/api/v1/cases?district=${first.code}&status=open"`);
      say(`     curl -H "Authorization: Bearer <token>" "${base}/api/v1/meetings?district=${first.code}"`);
    }
    say('Press Ctrl-C to stop.');

    let stopping = false;
    const stop = async (signal: string) => {
      if (stopping) return;
      stopping = true;
      say(`\n${signal}: stopping…`);
      await api.getHttpAdapter().close(); // no new requests; open ones drain
      await jobs.get(QueueService).close(); // running jobs finish
      await jobs.close();
      await api.close(); // pools close
      await stopEmbedded();
      say('Stopped.');
      process.exit(0);
    };
    process.once('SIGINT', () => void stop('SIGINT'));
    process.once('SIGTERM', () => void stop('SIGTERM'));
  } catch (error) {
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
