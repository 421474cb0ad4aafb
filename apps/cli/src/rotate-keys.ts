import 'reflect-metadata';
import { ensureDataKey } from '@bosam/cases';
import { loadConfig, loadKeyring, newDataKey, openDataSource, PersonalData, writeKeyringFile } from '@bosam/platform';
import { appDataSourceOptions } from '../../common/src';
import { startEmbedded } from './embedded';

// npm run keys:rotate: seals and indexes every stored identity number and protected address with a new
// key. With the generated key file (no PERSONAL_DATA_KEYS) it makes the new key and puts it first; with
// PERSONAL_DATA_KEYS the operator has put the new key first already. Older keys stay in the ring: they
// open nothing any more, but verify the fingerprints of notices received before (see libs/platform/README.md).
async function main(): Promise<void> {
  const config = loadConfig();
  const say = (line: string) => process.stdout.write(`${line}\n`);
  let ring = loadKeyring(config);
  if (!config.personalDataKeys) {
    ring = { keys: [newDataKey(), ...ring.keys] };
    // Written before the re-key: a crash in between leaves a ring whose new key the next start finishes with.
    writeKeyringFile(config.dataDir, ring);
    say(`New key ${ring.keys[0].id} written first in ${config.dataDir}/personal-data-keys.`);
  }
  const embedded = config.databaseUrl ? undefined : await startEmbedded(config);
  try {
    const dataSource = await openDataSource(appDataSourceOptions(config.databaseUrl ?? embedded!.url));
    try {
      const report = await ensureDataKey(dataSource, new PersonalData(ring));
      if (!report) {
        say(
          `Nothing to re-key: the stored data already uses ${ring.keys[0].id}. ` +
            (config.personalDataKeys ? 'Put the new key first in PERSONAL_DATA_KEYS, the old one after it, and run this again.' : ''),
        );
      } else {
        say(
          `Re-keyed from ${report.from} to ${report.to}: ${report.tenants} identity numbers, ${report.persons} protected persons, ` +
            `${report.addresses} protected addresses, ${report.landlordNumbers} sole traders' numbers as landlords. Restart Bosam if it is running.`,
        );
      }
    } finally {
      await dataSource.destroy();
    }
  } finally {
    await embedded?.stop();
  }
}

main().catch((error: Error) => {
  process.stderr.write(`keys:rotate: ${error.message}\n`);
  process.exit(1);
});
