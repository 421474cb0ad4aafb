import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanEnv, ensureBuilt, processesNaming, runToEnd, Spawned, startLauncher } from './support/processes';
import { testPersonnummer } from './support/factories';

// npm run backup / npm run restore on the embedded set-up: back up while Bosam runs, destroy the
// data folder, restore into an empty one, start again: every case is back, the audit chain holds,
// the token printed before the backup still works, and every file of the data folder is back.
describe('backup and restore of the embedded set-up', () => {
  const work = mkdtempSync(join(tmpdir(), 'bosam-backup-'));
  const dataDir = join(work, 'data');
  const file = join(work, 'bosam.bosam-backup');
  let running: Spawned | undefined;

  beforeAll(() => ensureBuilt(), 300000);
  afterAll(async () => {
    running?.signalGroup('SIGTERM');
    await running?.waitForExit(30000);
    for (const pid of processesNaming(dataDir)) process.kill(pid, 'SIGKILL');
    rmSync(work, { recursive: true, force: true });
  });

  const get = async (base: string, token: string, path: string) => {
    const res = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> & { items?: Array<{ id: string }> } };
  };
  const caseIds = async (base: string, token: string): Promise<string[]> => {
    const ids: string[] = [];
    for (const status of ['open', 'closed']) {
      for (let offset = 0; ; offset += 100) {
        const res = await get(base, token, `/api/v1/cases?district=SKARP&status=${status}&limit=100&offset=${offset}`);
        expect(res.status).toBe(200);
        const items = res.body.items ?? [];
        ids.push(...items.map((c) => c.id));
        if (items.length < 100) break;
      }
    }
    return ids.sort();
  };
  const auditorToken = async (): Promise<string> => {
    const res = await runToEnd(
      'npm',
      ['run', '-s', 'token', '--', '--role', 'auditor', '--district', 'SKARP'],
      cleanEnv({ BOSAM_DATA_DIR: dataDir }),
    );
    expect(res.code).toBe(0);
    return res.output.trim();
  };

  it('brings back every case, the audit chain, the secrets and every other file of the data folder', async () => {
    const first = await startLauncher(dataDir);
    running = first.npm;
    const { base, token } = first;
    for (let i = 0; i < 3; i += 1) {
      const res = await fetch(`${base}/api/v1/notifications`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          district: 'SKARP',
          source: 'landlord_arrears',
          externalReference: `BACKUP-${i}`,
          landlordOrgNumber: '556035-9555',
          receivedOn: '2026-11-02',
          tenantServedOn: '2026-10-28',
          boardNotifiedOn: '2026-10-29',
          evictionOn: null,
          arrearsSek: 9000,
          monthsInArrears: 2,
          address: { street: `Backupvägen ${i}`, postalCode: '123 45', city: 'Stockholm', apartment: '1001' },
          tenants: [{ personnummer: testPersonnummer(5000 + i), name: 'Säker Kopia' }],
          childrenInHousehold: 1,
          protectedIdentity: false,
        }),
      });
      expect(res.status).toBe(201);
    }
    const before = await caseIds(base, token);
    expect(before.length).toBeGreaterThan(3);
    // A key file of a kind the backup does not know by name: every file of the folder is kept.
    mkdirSync(join(dataDir, 'keys'), { recursive: true });
    writeFileSync(join(dataDir, 'keys', 'signing-key.pem'), randomBytes(64).toString('base64'), { mode: 0o600 });
    const filesBefore = Object.fromEntries(
      ['auth-local-secret', 'pg-password', join('keys', 'signing-key.pem')].map((name) => [
        name,
        readFileSync(join(dataDir, name), 'utf8'),
      ]),
    );
    const auditBefore = await get(base, await auditorToken(), '/api/v1/audit/verify');
    expect(auditBefore.body.valid).toBe(true);

    // While Bosam runs.
    const backup = await runToEnd('npm', ['run', '-s', 'backup', '--', file], cleanEnv({ BOSAM_DATA_DIR: dataDir }));
    expect(backup).toMatchObject({ code: 0, output: expect.stringMatching(/^Backup written to .*: \d+ tables \(\d+ rows\), \d+ files/) });

    running.signalGroup('SIGTERM');
    expect(await running.waitForExit(30000)).toBe(true);
    rmSync(dataDir, { recursive: true, force: true });
    mkdirSync(dataDir);

    const restore = await runToEnd('npm', ['run', '-s', 'restore', '--', file], cleanEnv({ BOSAM_DATA_DIR: dataDir }));
    expect(restore).toMatchObject({ code: 0, output: expect.stringMatching(/^Restored \d+ tables/) });
    for (const [name, content] of Object.entries(filesBefore)) expect(readFileSync(join(dataDir, name), 'utf8')).toBe(content);
    // A second restore into the now filled folder is refused.
    const again = await runToEnd('npm', ['run', '-s', 'restore', '--', file], cleanEnv({ BOSAM_DATA_DIR: dataDir }));
    expect(again.code).not.toBe(0);
    expect(again.output).toMatch(/not empty/);

    const second = await startLauncher(dataDir);
    running = second.npm;
    expect(second.npm.output).not.toMatch(/Loaded the demo district/);
    // The token printed before the backup still works: the secret came back.
    expect(await caseIds(second.base, token)).toEqual(before);
    const auditAfter = await get(second.base, await auditorToken(), '/api/v1/audit/verify');
    expect(auditAfter.status).toBe(200);
    expect(auditAfter.body.valid).toBe(true);
    expect(Number(auditAfter.body.entries)).toBeGreaterThanOrEqual(Number(auditBefore.body.entries));
    expect(existsSync(join(dataDir, 'pg', 'PG_VERSION'))).toBe(true);
    expect(readdirSync(dataDir)).toEqual(expect.arrayContaining(['auth-local-secret', 'pg-password', 'keys', 'pg']));
  }, 600000);
});
