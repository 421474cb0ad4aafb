import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import Redis from 'ioredis';
import { EmbeddedDatabase, startEmbeddedPostgres } from '@bosam/platform';
import { freePort } from './processes';

/**
 * A PostgreSQL server of the test's own (the embedded binaries, in a temporary folder, on a free
 * port), for tests that stop, restart or starve it: never the shared server.
 */
export class OwnPostgres {
  private embedded?: EmbeddedDatabase;
  url = '';

  private constructor(
    readonly dataDir: string,
    readonly port: number,
  ) {}

  static async start(dataDir = join(mkdtempSync(join(tmpdir(), 'bosam-own-pg-')), 'pg')): Promise<OwnPostgres> {
    const server = new OwnPostgres(dataDir, await freePort());
    await server.up();
    return server;
  }

  async up(): Promise<void> {
    this.embedded = await startEmbeddedPostgres({ dataDir: this.dataDir, port: this.port, database: 'bosam_own_test' });
    this.url = this.embedded.url;
  }

  async down(): Promise<void> {
    await this.embedded?.stop();
    this.embedded = undefined;
  }

  /** Stops the server and removes its folder (the parent of its data folder, a temporary one). */
  async destroy(): Promise<void> {
    await this.down();
    rmSync(dirname(this.dataDir), { recursive: true, force: true });
  }
}

/** A Redis server of the test's own, on a free port, persisting to a temporary folder with an append-only file. */
export class OwnRedis {
  private child?: ChildProcess;
  readonly dir = mkdtempSync(join(tmpdir(), 'bosam-own-redis-'));

  private constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  static async start(): Promise<OwnRedis> {
    const server = new OwnRedis(await freePort());
    await server.up();
    return server;
  }

  async up(): Promise<void> {
    // As in docker-compose.yml: an append-only file, so that a restart keeps every queued job.
    this.child = spawn(
      'redis-server',
      [
        '--port',
        String(this.port),
        '--bind',
        '127.0.0.1',
        '--dir',
        this.dir,
        '--save',
        '',
        '--appendonly',
        'yes',
        '--appendfsync',
        'always',
        '--maxmemory-policy',
        'noeviction',
      ],
      { stdio: 'ignore' },
    );
    const client = new Redis(this.port, '127.0.0.1', { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    for (let i = 0; ; i += 1) {
      try {
        await client.connect();
        await client.ping();
        client.disconnect();
        return;
      } catch {
        client.disconnect();
        if (i > 100) throw new Error('redis-server did not start');
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }

  async down(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM'); // Redis finishes the append-only file and exits
    await exited;
    this.child = undefined;
  }

  async destroy(): Promise<void> {
    await this.down();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
