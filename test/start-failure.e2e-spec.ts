import { Injectable, Module, OnApplicationBootstrap } from '@nestjs/common';
import { Client } from 'pg';
import { withDatabase } from '@bosam/platform';
import { createTestApp } from './support/app';

/** A module whose start fails once everything before it (the pool among them) is open. */
@Injectable()
class RefusesAtBootstrap implements OnApplicationBootstrap {
  onApplicationBootstrap(): void {
    throw new Error('refuses to start');
  }
}
@Module({ providers: [RefusesAtBootstrap] })
class FailsAtBootstrap {}

/** A module whose provider cannot be built, while the application is still being assembled. */
@Module({
  providers: [
    {
      provide: 'UNBUILDABLE',
      useFactory: () => {
        throw new Error('cannot be built');
      },
    },
  ],
})
class FailsWhileBuilding {}

/** The databases this test process has cloned and not dropped. */
async function ownDatabases(): Promise<string[]> {
  const prefix = `${process.env.BOSAM_TEST_TEMPLATE!.replace(/_template$/, '')}_${process.pid}_`;
  const client = new Client({ connectionString: withDatabase(process.env.BOSAM_TEST_SERVER_URL!, 'postgres') });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>('SELECT datname FROM pg_database WHERE starts_with(datname, $1)', [prefix]);
    return rows.map((r) => r.datname);
  } finally {
    await client.end();
  }
}

describe('a test application that fails to start', () => {
  const cases: Array<[string, Parameters<typeof createTestApp>[0], RegExp]> = [
    ['its configuration is refused', { env: { PERSONAL_DATA_KEYS: 'not-a-key' } }, /PERSONAL_DATA_KEYS/],
    ['a module fails at bootstrap, with the pool open', { imports: [FailsAtBootstrap] }, /refuses to start/],
    ['a provider cannot be built', { imports: [FailsWhileBuilding] }, /cannot be built/],
  ];

  it.each(cases)(
    'rejects promptly and leaves no database when %s',
    async (_, options, error) => {
      const before = await ownDatabases();
      const t0 = Date.now();
      await expect(createTestApp(options)).rejects.toThrow(error);
      expect(Date.now() - t0).toBeLessThan(10000);
      expect(await ownDatabases()).toEqual(before);
    },
    20000,
  );
});
