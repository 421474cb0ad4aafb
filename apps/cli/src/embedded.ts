import { join } from 'node:path';
import { BosamConfig, EmbeddedDatabase, startEmbeddedPostgres } from '@bosam/platform';

/** The embedded PostgreSQL of `npm start`: data in ./.data/pg, kept across restarts. */
export function startEmbedded(config: BosamConfig): Promise<EmbeddedDatabase> {
  return startEmbeddedPostgres({ dataDir: join(config.dataDir, 'pg'), port: config.embeddedPgPort, database: 'bosam' });
}
