import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INestApplicationContext, Type } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { Actor, BosamConfig, databaseNameOf, loadConfig, QueueService, Role, signLocalToken } from '@bosam/platform';
import { migrate } from '../../apps/common/src';
import { createApiApp } from '../../apps/api/src';
import { createWorker, WorkerOptions } from '../../apps/worker/src';
import { appUrlOf, createTestDatabase } from './database';
import { TEST_PERSONAL_DATA_KEYS } from './personal-data';

export const TEST_SECRET = 'test-secret-test-secret-test-secret-0123456789';

export interface TestAppOptions {
  /** Also start the worker (outbox dispatcher and job consumers) in this process. */
  worker?: boolean | WorkerOptions;
  /** Queue backend: PostgreSQL (default) or the Redis of REDIS_URL. */
  queue?: 'postgres' | 'redis';
  env?: Record<string, string>;
  /** A database of the test's own (e.g. on a server it restarts), migrated here; default: a clone of the template. */
  databaseUrl?: string;
  /** Modules added to the API application (e.g. one that fails at start). */
  imports?: Type[];
}

export interface TestApp {
  config: BosamConfig;
  /** The schema owner's login on this test's database (the application logs in as a role with fewer rights). */
  ownerUrl: string;
  app: NestFastifyApplication;
  worker?: INestApplicationContext;
  dataSource: DataSource;
  queues: QueueService;
  /** supertest against the in-process server. */
  http(): request.Agent;
  /** A signed token for a role in a district. */
  token(role: Role, district?: string, unit?: string, sub?: string): Promise<string>;
  /** `Authorization` header value, for the common case. */
  auth(role: Role, district?: string, unit?: string): Promise<string>;
  actor(role: Role, district?: string, unit?: string): Actor;
  close(): Promise<void>;
}

async function ownDatabase(url: string): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  // The application's role is made and granted on that server too.
  await migrate(url, { appUrl: appUrlOf(url) });
  return { url, name: `${databaseNameOf(url)}_${process.pid}`, drop: async () => undefined };
}

/**
 * The real API (and optionally the worker) on a database of its own. A start that fails closes what
 * it had opened and drops its database before rethrowing, so the test file fails instead of hanging.
 */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const database = options.databaseUrl ? await ownDatabase(options.databaseUrl) : await createTestDatabase();
  let app: NestFastifyApplication | undefined;
  let worker: INestApplicationContext | undefined;
  try {
    const env: Record<string, string> = {
      DATABASE_URL: appUrlOf(database.url),
      DATABASE_MIGRATION_URL: database.url,
      AUTH_LOCAL_SECRET: TEST_SECRET,
      // Many requests from one address and one user in a few seconds: throttling is tested on its own.
      AUTH_FAILURES_PER_MINUTE: '1000000',
      WRITES_PER_MINUTE: '1000000',
      PERSONAL_DATA_KEYS: TEST_PERSONAL_DATA_KEYS,
      LOG_LEVEL: 'error',
      QUEUE_PREFIX: database.name,
      BOSAM_DATA_DIR: mkdtempSync(join(tmpdir(), 'bosam-test-data-')),
      ...(options.env ?? {}),
    };
    if (options.queue === 'redis') {
      if (!process.env.REDIS_URL) throw new Error('REDIS_URL is not set');
      env.REDIS_URL = process.env.REDIS_URL;
    }
    const config = loadConfig(env);
    app = await createApiApp(config, undefined, options.imports);
    worker = options.worker ? await createWorker(config, typeof options.worker === 'object' ? options.worker : {}) : undefined;
    return testApp(config, database, app, worker);
  } catch (error) {
    // What did open is closed; the database goes WITH (FORCE), which also ends any session a
    // half-built application could not close itself.
    await worker?.close().catch(() => undefined);
    await app?.close().catch(() => undefined);
    await database.drop().catch(() => undefined);
    throw error;
  }
}

function testApp(
  config: BosamConfig,
  database: { url: string; drop(): Promise<void> },
  app: NestFastifyApplication,
  worker: INestApplicationContext | undefined,
): TestApp {
  const dataSource = app.get(DataSource);
  const actor = (role: Role, district = 'TEST', unit?: string): Actor => ({
    sub: `${role}-${district.toLowerCase()}${unit ? `-${unit.toLowerCase()}` : ''}`,
    name: `Test ${role}`,
    role,
    district,
    unit: unit ?? (role === 'unit_rep' ? 'EKB' : undefined),
  });
  const token = (role: Role, district = 'TEST', unit?: string, sub?: string) => {
    const a = actor(role, district, unit);
    return signLocalToken(config, { ...a, sub: sub ?? a.sub });
  };
  return {
    config,
    ownerUrl: database.url,
    app,
    worker,
    dataSource,
    queues: app.get(QueueService),
    http: () => request.agent(app.getHttpServer()),
    token,
    auth: async (role, district, unit) => `Bearer ${await token(role, district, unit)}`,
    actor,
    async close() {
      await worker?.close();
      await app.close();
      await database.drop();
    },
  };
}
