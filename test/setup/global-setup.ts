import './register-paths';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { databaseNameOf, startEmbeddedPostgres, withDatabase } from '@bosam/platform';
import { migrate } from '../../apps/common/src';
import { assertTestDatabaseName } from '../support/guard';

/**
 * Builds one migrated template database per run; each test file clones its own from it
 * (test/support/database.ts). Uses DATABASE_URL when set (its database name must say
 * "test"), else an embedded PostgreSQL in a temporary folder.
 */
export default async function globalSetup(): Promise<void> {
  let serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const port = 55000 + Math.floor(Math.random() * 4000);
    const embedded = await startEmbeddedPostgres({
      dataDir: join(mkdtempSync(join(tmpdir(), 'bosam-test-pg-')), 'pg'),
      port,
      database: 'bosam_test',
    });
    (globalThis as Record<string, unknown>).__BOSAM_EMBEDDED__ = embedded;
    serverUrl = embedded.url;
  }
  const base = databaseNameOf(serverUrl);
  assertTestDatabaseName(base);
  const template = `${base}_template`;
  assertTestDatabaseName(template);

  const admin = new Client({ connectionString: withDatabase(serverUrl, 'postgres') });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${template}"`);
  } finally {
    await admin.end();
  }
  const templateUrl = withDatabase(serverUrl, template);
  // The application runs as a role of its own, as in production: on the audit log INSERT and SELECT
  // only. One per test base name, so that runs against other base names on the same server never share it.
  const appUser = `${base.toLowerCase().replace(/[^a-z0-9_]/g, '_')}_app`.slice(0, 63);
  const appUrl = new URL(templateUrl);
  appUrl.username = appUser;
  appUrl.password = 'bosam-test-app';
  await migrate(templateUrl, { appUrl: appUrl.toString() });
  delete process.env.BOSAM_NATIVE_ESM; // the test workers compile ES modules themselves
  process.env.BOSAM_TEST_APP_USER = appUser;
  process.env.BOSAM_TEST_SERVER_URL = serverUrl;
  process.env.BOSAM_TEST_TEMPLATE = template;
}
