import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { withDatabase } from '@bosam/platform';
import { assertTestDatabaseName } from './guard';

function server(): { url: string; template: string } {
  const url = process.env.BOSAM_TEST_SERVER_URL;
  const template = process.env.BOSAM_TEST_TEMPLATE;
  if (!url || !template) throw new Error('The e2e global set-up has not run (test/setup/global-setup.ts).');
  return { url, template };
}

async function admin<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: withDatabase(server().url, 'postgres') });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** The application's login on a test database (the role the global set-up granted, see migrate()). */
export function appUrlOf(url: string): string {
  const user = process.env.BOSAM_TEST_APP_USER;
  if (!user) throw new Error('The e2e global set-up has not run (test/setup/global-setup.ts).');
  const parsed = new URL(url);
  parsed.username = user;
  parsed.password = 'bosam-test-app';
  return parsed.toString();
}

/** A fresh database for one test file, cloned from the migrated template. `url` is the owner's login. */
export async function createTestDatabase(): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const { url, template } = server();
  const name = `${template.replace(/_template$/, '')}_${process.pid}_${randomBytes(3).toString('hex')}`;
  assertTestDatabaseName(name);
  await admin(async (client) => {
    // Two files cloning at once can collide on the template ("being accessed by other users"): retry.
    for (let attempt = 1; ; attempt += 1) {
      try {
        await client.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
        return;
      } catch (error) {
        if (attempt >= 20 || !/being accessed/.test((error as Error).message)) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
      }
    }
  });
  return {
    url: withDatabase(url, name),
    name,
    drop: () => admin(async (client) => void (await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`))),
  };
}

/** An empty database (no migrations) on the test server, for tests that migrate step by step. */
export async function emptyTestDatabase(suffix: string): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const { url, template } = server();
  const name = `${template.replace(/_template$/, '')}_${suffix}_${process.pid}_${randomBytes(3).toString('hex')}`;
  assertTestDatabaseName(name);
  await admin((client) => client.query(`CREATE DATABASE "${name}"`));
  return {
    url: withDatabase(url, name),
    name,
    drop: () => admin(async (client) => void (await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`))),
  };
}
