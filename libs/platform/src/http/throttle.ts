import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { BOSAM_CONFIG, BosamConfig } from '../config';

/** One key's open window: events counted in it, and milliseconds until it ends. */
export interface RateWindow {
  count: number;
  remainingMs: number;
}

/** Where the windows are kept. Shared by every API process (Redis or PostgreSQL), so N processes do not allow N times the limit. */
export interface RateStore {
  /** Counts one event; opens a window of `windowMs` when none is open. Undefined: it could not be counted. */
  increment(key: string, windowMs: number): Promise<RateWindow | undefined>;
  /** The key's open window, if any. */
  read(key: string): Promise<RateWindow | undefined>;
}

/** In this process's memory: for unit tests. */
export class MemoryRateStore implements RateStore {
  private readonly windows = new Map<string, { endsAt: number; count: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  async increment(key: string, windowMs: number): Promise<RateWindow> {
    const time = this.now();
    let window = this.windows.get(key);
    if (!window || window.endsAt <= time) {
      window = { endsAt: time + windowMs, count: 0 };
      this.windows.set(key, window);
    }
    window.count += 1;
    return { count: window.count, remainingMs: window.endsAt - time };
  }

  async read(key: string): Promise<RateWindow | undefined> {
    const window = this.windows.get(key);
    const time = this.now();
    return window && window.endsAt > time ? { count: window.count, remainingMs: window.endsAt - time } : undefined;
  }
}

/** In the table `rate_window` (unlogged: counters need no crash safety), one upsert per event. */
export class PostgresRateStore implements RateStore {
  private lastSweep = Date.now();

  constructor(private readonly dataSource: DataSource) {}

  async increment(key: string, windowMs: number): Promise<RateWindow> {
    this.sweepNow();
    const [row] = await this.dataSource.query(
      `INSERT INTO rate_window AS w (key, count, ends_at) VALUES ($1, 1, now() + make_interval(secs => $2::float8 / 1000))
       ON CONFLICT (key) DO UPDATE SET
         count = CASE WHEN w.ends_at > now() THEN w.count + 1 ELSE 1 END,
         ends_at = CASE WHEN w.ends_at > now() THEN w.ends_at ELSE EXCLUDED.ends_at END
       RETURNING count, ceil(extract(epoch FROM ends_at - now()) * 1000)::int AS remaining_ms`,
      [key, windowMs],
    );
    return { count: row.count, remainingMs: row.remaining_ms };
  }

  async read(key: string): Promise<RateWindow | undefined> {
    const [row] = await this.dataSource.query(
      `SELECT count, ceil(extract(epoch FROM ends_at - now()) * 1000)::int AS remaining_ms FROM rate_window WHERE key = $1 AND ends_at > now()`,
      [key],
    );
    return row ? { count: row.count, remainingMs: row.remaining_ms } : undefined;
  }

  /** Ended windows are removed now and then (at most once a minute per process). */
  private sweepNow(): void {
    if (Date.now() - this.lastSweep < 60_000) return;
    this.lastSweep = Date.now();
    this.dataSource.query('DELETE FROM rate_window WHERE ends_at < now()').catch(() => undefined);
  }
}

/** In Redis, one key per window that expires with it. */
export class RedisRateStore implements RateStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async increment(key: string, windowMs: number): Promise<RateWindow> {
    const name = `${this.prefix}:rate:${key}`;
    const replies = await this.redis.multi().set(name, '0', 'PX', windowMs, 'NX').incr(name).pttl(name).exec();
    const [, [, count], [, ttl]] = replies as Array<[Error | null, number]>;
    return { count, remainingMs: ttl > 0 ? ttl : windowMs };
  }

  async read(key: string): Promise<RateWindow | undefined> {
    const name = `${this.prefix}:rate:${key}`;
    const replies = await this.redis.multi().get(name).pttl(name).exec();
    const [[, count], [, ttl]] = replies as Array<[Error | null, string | number | null]>;
    return count === null || Number(ttl) <= 0 ? undefined : { count: Number(count), remainingMs: Number(ttl) };
  }
}

/**
 * The store the deployment already has: Redis when REDIS_URL is set, else PostgreSQL. If it cannot
 * be reached quickly, the limits let the request through (and say so in the log): they are a brake
 * on abuse, and an outage is already answered by /health/ready and the requests' own 503s.
 */
@Injectable()
export class SharedRateStore implements RateStore, OnApplicationShutdown {
  private readonly logger = new Logger('rate-limits');
  private redis?: Redis;
  private store?: RateStore;
  private lastWarning = 0;

  constructor(
    @Inject(BOSAM_CONFIG) private readonly config: BosamConfig,
    private readonly dataSource: DataSource,
  ) {}

  increment(key: string, windowMs: number): Promise<RateWindow | undefined> {
    return this.guarded(() => this.backend().increment(key, windowMs));
  }

  read(key: string): Promise<RateWindow | undefined> {
    return this.guarded(() => this.backend().read(key));
  }

  async onApplicationShutdown(): Promise<void> {
    this.redis?.disconnect();
  }

  /** Made on first use, so the worker (which has the guard but no requests) opens no Redis connection. */
  private backend(): RateStore {
    if (!this.store) {
      if (this.config.redisUrl) {
        this.redis = new Redis(this.config.redisUrl, { maxRetriesPerRequest: 1, connectTimeout: 2000 });
        this.redis.on('error', () => undefined); // reported by the calls that fail
        this.store = new RedisRateStore(this.redis, this.config.queuePrefix);
      } else {
        this.store = new PostgresRateStore(this.dataSource);
      }
    }
    return this.store;
  }

  private async guarded<T>(call: () => Promise<T>): Promise<T | undefined> {
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        call(),
        new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('no answer within 2 s')), 2000))),
      ]);
    } catch (error) {
      if (Date.now() - this.lastWarning > 60_000) {
        this.lastWarning = Date.now();
        this.logger.warn(`rate limits not counted: ${(error as Error).message}`);
      }
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  }
}

/**
 * Counts events per key in fixed windows (one minute unless told) that open at a key's first event,
 * in a store shared by every process. Keys are hashed: no address or user id is stored as it is.
 */
export class WindowCounter {
  constructor(
    private readonly store: RateStore,
    private readonly name: string,
    private readonly limit: number,
    private readonly windowMs = 60_000,
  ) {}

  /** Seconds until the key may go on, when it has used its window up; else undefined. */
  async blocked(key: string): Promise<number | undefined> {
    const window = await this.store.read(this.hash(key));
    return window && window.count >= this.limit ? seconds(window.remainingMs) : undefined;
  }

  /** Counts one event; returns the seconds to wait when this one went over the limit. */
  async hit(key: string): Promise<number | undefined> {
    const window = await this.store.increment(this.hash(key), this.windowMs);
    return window && window.count > this.limit ? seconds(window.remainingMs) : undefined;
  }

  private hash(key: string): string {
    return createHash('sha256').update(`${this.name}\0${key}`).digest('base64url').slice(0, 32);
  }
}

const seconds = (ms: number): number => Math.max(1, Math.ceil(ms / 1000));
