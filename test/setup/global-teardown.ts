import './register-paths';
import { EmbeddedDatabase } from '@bosam/platform';

export default async function globalTeardown(): Promise<void> {
  const embedded = (globalThis as Record<string, unknown>).__BOSAM_EMBEDDED__ as EmbeddedDatabase | undefined;
  await embedded?.stop();
}
