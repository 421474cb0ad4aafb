import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '..', '..');

/** A TCP port nobody listens on right now (127.0.0.1). */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}

/** Pids of every process whose command line names `path` (the embedded server and its children, for a data folder). */
export function processesNaming(path: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const cmdline = readFileSync(join('/proc', entry, 'cmdline'), 'utf8');
      const stat = readFileSync(join('/proc', entry, 'stat'), 'utf8');
      if (/^\d+ \(.*\) Z/.test(stat)) continue; // exited, not yet reaped
      if (cmdline.split('\0').some((arg) => arg.includes(path))) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

/** The parent pid of a process, or undefined when it has gone. */
export function parentOf(pid: number): number | undefined {
  try {
    // "pid (comm) state ppid …"; comm may hold spaces and parentheses, so read after the last ")".
    const stat = readFileSync(join('/proc', String(pid), 'stat'), 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

/** The compiled app (dist/), built once even when several test files ask at the same time. */
export function ensureBuilt(): void {
  execFileSync('flock', [join(ROOT, 'dist.build.lock'), process.execPath, join(ROOT, 'scripts', 'build.js'), '--if-needed', '--quiet'], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

/** A child process whose output is kept, and whose lines can be waited for. */
export class Spawned {
  output = '';
  readonly exited: Promise<number | null>;
  readonly startedAt = Date.now();

  constructor(readonly child: ChildProcess) {
    child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.exited = new Promise((resolveExit) => child.once('exit', (code) => resolveExit(code)));
  }

  get pid(): number {
    return this.child.pid!;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  async waitForOutput(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const match = this.output.match(pattern);
      if (match) return match;
      if (!this.running) throw new Error(`exited before ${pattern}:\n${this.output.slice(-3000)}`);
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern}:\n${this.output.slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Resolves true when the process exited within `timeoutMs`. */
  async waitForExit(timeoutMs: number): Promise<boolean> {
    if (!this.running) return true;
    return Promise.race([this.exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), timeoutMs).unref())]);
  }

  /** Signals the process group (the process was spawned detached, so it leads its own group). */
  signalGroup(signal: NodeJS.Signals): void {
    try {
      process.kill(-this.pid, signal);
    } catch {
      // already gone
    }
  }
}

/** Spawns a command in a process group of its own, like a terminal's foreground job. */
export function spawnGroup(command: string, args: string[], env: NodeJS.ProcessEnv): Spawned {
  return new Spawned(spawn(command, args, { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] }));
}

/** The environment of a child process: this one's, without the suite's database and queue settings. */
export function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ['DATABASE_URL', 'REDIS_URL', 'BOSAM_TEST_SERVER_URL', 'BOSAM_TEST_TEMPLATE', 'NODE_OPTIONS', 'JEST_WORKER_ID'])
    delete env[name];
  return { ...env, ...extra };
}

/** Waits until `check` holds, polling; returns the milliseconds it took, or undefined on timeout. */
export async function timeUntil(check: () => boolean, timeoutMs: number, from = Date.now()): Promise<number | undefined> {
  for (;;) {
    if (check()) return Date.now() - from;
    if (Date.now() - from > timeoutMs) return undefined;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** `npm start` on a data folder of its own (embedded PostgreSQL), in its own process group; resolves once it is ready. */
export async function startLauncher(
  dataDir: string,
  extra: Record<string, string> = {},
): Promise<{ npm: Spawned; base: string; token: string }> {
  const port = await freePort();
  const npm = spawnGroup(
    'npm',
    ['start'],
    cleanEnv({ PORT: String(port), EMBEDDED_PG_PORT: String(await freePort()), BOSAM_DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...extra }),
  );
  await npm.waitForOutput(/Press Ctrl-C to stop\./, 180000);
  const token = npm.output.match(/^(eyJ\S+)$/m)![1];
  return { npm, base: `http://127.0.0.1:${port}`, token };
}

/** Runs a command to its end; resolves with its exit code and output. */
export async function runToEnd(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  timeoutMs = 180000,
): Promise<{ code: number | null; output: string }> {
  const run = spawnGroup(command, args, env);
  if (!(await run.waitForExit(timeoutMs))) {
    run.signalGroup('SIGKILL');
    throw new Error(`${command} ${args.join(' ')} did not finish in ${timeoutMs} ms:\n${run.output}`);
  }
  return { code: await run.exited, output: run.output };
}
