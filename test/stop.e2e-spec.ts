import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { csvFile, goodRow } from './fixtures/imports/csv';
import { ensureBuilt, parentOf, processesNaming, Spawned, startLauncher, timeUntil } from './support/processes';

// `npm start` (embedded PostgreSQL) stopped in every way an operator stops it, each time with a
// file import running: a stop must leave no process of the data folder behind within 30 s, and
// a start after a crash that left the server running must stop that server first.
// BOSAM_STOP_CYCLES sets the number of cycles (CI's reliability step runs ten).
const CYCLES = Number(process.env.BOSAM_STOP_CYCLES || 2);
const ROWS = 3000;
const LANDLORD = '556035-9555'; // a demo landlord

type Kind = 'SIGTERM to the group' | 'SIGINT to the group' | 'SIGTERM to npm' | 'SIGKILL to the launcher' | 'SIGKILL to the group';
const KINDS: Kind[] = ['SIGTERM to the group', 'SIGKILL to the launcher', 'SIGKILL to the group', 'SIGINT to the group', 'SIGTERM to npm'];

/** The node process that npm runs (npm → sh → exec node scripts/start.js). */
function launcherPid(npm: Spawned): number | undefined {
  return processesNaming(join('scripts', 'start.js')).find((pid) => parentOf(pid) === npm.pid);
}

describe('npm start: every stop stops everything', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'bosam-stop-'));
  const pgDir = join(dataDir, 'pg');
  const figures: string[] = [];
  let imported = 0;

  beforeAll(() => ensureBuilt(), 300000);
  afterAll(() => {
    for (const pid of processesNaming(dataDir)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
    process.stdout.write(`stop figures:\n${figures.join('\n')}\n`);
    rmSync(dataDir, { recursive: true, force: true });
  });

  const start = () => startLauncher(dataDir, { IMPORT_LOCK_MS: '2000' });

  const uploadImport = async (base: string, token: string, cycle: number): Promise<string> => {
    const rows = Array.from({ length: ROWS }, (_, i) =>
      goodRow(cycle * 10000 + i + 1, { externalReference: `STOP-${cycle}-${i + 1}`, landlordOrgNumber: LANDLORD }),
    );
    const form = new FormData();
    form.set('district', 'SKARP');
    form.set('file', new Blob([new Uint8Array(csvFile(rows))]), `stop-${cycle}.csv`);
    const res = await fetch(`${base}/api/v1/notification-imports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: form,
    });
    expect(res.status).toBe(202);
    imported += ROWS;
    return ((await res.json()) as { id: string }).id;
  };

  const importStatus = async (base: string, token: string, id: string) =>
    (await (await fetch(`${base}/api/v1/notification-imports/${id}`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
      status: string;
      processed: number;
      imported: number;
    };

  it(
    `stops within 30 s in ${CYCLES} start/stop cycles with an import running, and cleans up after a crash`,
    async () => {
      const importIds: string[] = [];
      let leftRunning: number[] = [];
      for (let cycle = 0; cycle < CYCLES; cycle += 1) {
        const kind = KINDS[cycle % KINDS.length];
        const t0 = Date.now();
        const { npm, base, token } = await start();
        const startMs = Date.now() - t0;
        // The server a crash left running was stopped before this start began its own.
        for (const pid of leftRunning) expect(processesNaming(pgDir)).not.toContain(pid);
        const id = await uploadImport(base, token, cycle);
        importIds.push(id);
        let status = await importStatus(base, token, id);
        for (let i = 0; i < 100 && status.status === 'queued'; i += 1) {
          await new Promise((r) => setTimeout(r, 100));
          status = await importStatus(base, token, id);
        }

        const launcher = launcherPid(npm);
        expect(launcher).toBeDefined();
        const signalledAt = Date.now();
        switch (kind) {
          case 'SIGTERM to the group':
            npm.signalGroup('SIGTERM');
            break;
          case 'SIGINT to the group':
            npm.signalGroup('SIGINT'); // Ctrl-C in a terminal
            break;
          case 'SIGTERM to npm':
            process.kill(npm.pid, 'SIGTERM');
            break;
          case 'SIGKILL to the launcher':
            process.kill(launcher!, 'SIGKILL');
            break;
          case 'SIGKILL to the group':
            npm.signalGroup('SIGKILL'); // everything of ours dies at once; only the detached server survives
            break;
        }
        expect(await npm.waitForExit(30000)).toBe(true);
        const exitMs = Date.now() - signalledAt;
        // After a SIGKILL to the whole group the server is meant to survive (the next start stops it): no need to wait long.
        const goneMs = await timeUntil(
          () => processesNaming(pgDir).length === 0,
          kind === 'SIGKILL to the group' ? 3000 : 30000,
          signalledAt,
        );
        const line =
          `cycle ${cycle + 1} (${kind}): ready after ${startMs} ms, import ${status.status} (${status.processed} rows), launcher gone after ${exitMs} ms, database gone after ${goneMs ?? 'more than 30000'} ms`.replace(
            /database gone after more than 30000 ms$/,
            kind === 'SIGKILL to the group' ? 'database left running (as meant)' : 'database still running after 30000 ms',
          );
        figures.push(line);
        if (kind === 'SIGKILL to the group') {
          // Nothing of ours is left to stop the server: the next start must.
          leftRunning = processesNaming(pgDir);
          expect(leftRunning.length).toBeGreaterThan(0);
          continue;
        }
        leftRunning = [];
        if (goneMs === undefined) throw new Error(`${line}\n${npm.output.slice(-3000)}`);
        if (kind.startsWith('SIGTERM') || kind.startsWith('SIGINT')) expect(npm.output).toMatch(/^Stopped\.$/m);
      }

      // Finally: every interrupted import resumes and completes, no row lost or doubled.
      const { npm, base, token } = await start();
      for (const pid of leftRunning) expect(processesNaming(pgDir)).not.toContain(pid);
      for (const id of importIds) {
        let status = await importStatus(base, token, id);
        const deadline = Date.now() + 120000;
        while (status.status !== 'done' && status.status !== 'failed' && Date.now() < deadline) {
          await new Promise((r) => setTimeout(r, 500));
          status = await importStatus(base, token, id);
        }
        expect(status).toMatchObject({ status: 'done', processed: ROWS, imported: ROWS });
      }
      npm.signalGroup('SIGTERM');
      expect(await npm.waitForExit(30000)).toBe(true);
      expect(await timeUntil(() => processesNaming(pgDir).length === 0, 30000)).toBeDefined();
      expect(imported).toBe(ROWS * CYCLES);
    },
    120000 + CYCLES * 120000,
  );
});
