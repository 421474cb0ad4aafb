import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BosamConfig, EmbeddedDatabase, embeddedDatabaseUrl, startEmbeddedPostgres } from '@bosam/platform';

/** The embedded PostgreSQL of `npm start`: data in ./.data/pg, kept across restarts. */
export function startEmbedded(config: BosamConfig): Promise<EmbeddedDatabase> {
  return startEmbeddedPostgres({ dataDir: join(config.dataDir, 'pg'), port: config.embeddedPgPort, database: 'bosam' });
}

/** The URL of the embedded database when its server already runs (on `port`). */
export const embeddedUrl = (config: BosamConfig, port: number): string => embeddedDatabaseUrl(join(config.dataDir, 'pg'), port, 'bosam');

/**
 * The application's login on the embedded database: the role `bosam_app` (made by the migration
 * step, which runs as the superuser), with a password generated once into the data folder.
 */
export function embeddedAppUrl(config: BosamConfig, ownerUrl: string): string {
  const file = join(config.dataDir, 'pg-app-password');
  if (!existsSync(file)) writeFileSync(file, randomBytes(24).toString('base64url'), { mode: 0o600, flag: 'wx' });
  const url = new URL(ownerUrl);
  url.username = 'bosam_app';
  url.password = readFileSync(file, 'utf8').trim();
  return url.toString();
}
