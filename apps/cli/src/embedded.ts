import { join } from 'node:path';
import { BosamConfig, EmbeddedDatabase, embeddedDatabaseUrl, startEmbeddedPostgres } from '@bosam/platform';

/** The embedded PostgreSQL of `npm start`: data in ./.data/pg, kept across restarts. */
export function startEmbedded(config: BosamConfig): Promise<EmbeddedDatabase> {
  return startEmbeddedPostgres({ dataDir: join(config.dataDir, 'pg'), port: config.embeddedPgPort, database: 'bosam' });
}

/** The URL of the embedded database when its server already runs (on `port`). */
export const embeddedUrl = (config: BosamConfig, port: number): string => embeddedDatabaseUrl(join(config.dataDir, 'pg'), port, 'bosam');
