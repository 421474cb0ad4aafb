import { Agent, request as httpRequest } from 'node:http';

// A small HTTP load generator for the benchmarks: keep-alive connections to 127.0.0.1, every run
// bounded both in time and in number of requests. It runs in the benchmark's own process, so the
// project and its baseline share the same client overhead and are compared side by side.

export interface Call {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface LoadResult {
  requests: number;
  errors: number;
  seconds: number;
  rps: number;
  p50_ms: number;
  p95_ms: number;
  p99_ms: number;
  /** The first error seen (status and a few characters), to tell a broken benchmark from a slow one. */
  firstError?: string;
}

export const percentile = (sorted: number[], p: number): number =>
  sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];

export const round = (n: number, digits = 2): number => (Number.isFinite(n) ? Number(n.toFixed(digits)) : n);

export const median = (values: number[]): number => {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function send(agent: Agent, base: URL, call: Call): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        agent,
        host: '127.0.0.1',
        port: base.port,
        method: call.method,
        path: call.path,
        headers: call.body !== undefined ? { 'content-type': 'application/json', ...call.headers } : call.headers,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(call.body);
  });
}

class Recorder {
  readonly ms: number[] = [];
  errors = 0;
  firstError?: string;
  record(startNs: bigint, outcome: { status: number; body: string } | Error): void {
    this.ms.push(Number(process.hrtime.bigint() - startNs) / 1e6);
    const failed = outcome instanceof Error || outcome.status >= 400;
    if (!failed) return;
    this.errors += 1;
    this.firstError ??= outcome instanceof Error ? outcome.message : `${outcome.status} ${outcome.body.slice(0, 160)}`;
  }
  result(seconds: number): LoadResult {
    const sorted = [...this.ms].sort((a, b) => a - b);
    return {
      requests: sorted.length,
      errors: this.errors,
      seconds: round(seconds),
      rps: round(sorted.length / seconds, 1),
      p50_ms: round(percentile(sorted, 50)),
      p95_ms: round(percentile(sorted, 95)),
      p99_ms: round(percentile(sorted, 99)),
      ...(this.firstError ? { firstError: this.firstError } : {}),
    };
  }
}

/**
 * Closed loop: `connections` clients each send the next request as soon as the last one is
 * answered, for `seconds` or `maxRequests` in all. Its rate is the server's maximum at that concurrency.
 */
export async function closedLoop(
  base: string,
  options: { connections: number; seconds: number; maxRequests?: number; next: (i: number) => Call },
): Promise<LoadResult> {
  const url = new URL(base);
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections });
  const recorder = new Recorder();
  const limit = options.maxRequests ?? Number.MAX_SAFE_INTEGER;
  const started = process.hrtime.bigint();
  const endAt = Date.now() + options.seconds * 1000;
  let issued = 0;
  const client = async () => {
    while (Date.now() < endAt && issued < limit) {
      const call = options.next(issued);
      issued += 1;
      const t0 = process.hrtime.bigint();
      recorder.record(t0, await send(agent, url, call).catch((e: Error) => e));
    }
  };
  try {
    await Promise.all(Array.from({ length: options.connections }, client));
  } finally {
    agent.destroy();
  }
  return recorder.result(Number(process.hrtime.bigint() - started) / 1e9);
}

/**
 * Open loop: requests started at a fixed `rate` per second whether or not earlier ones are answered
 * (as independent users would), for `seconds`. Latency is counted from when a request was due, so
 * a server that falls behind shows it in p99 instead of hiding it. At most `maxInFlight` at once:
 * beyond that, due requests are not sent but counted as `dropped`, so a server that cannot keep up
 * ends the run soon instead of growing a queue (its achieved rate then falls short of `rate`).
 */
export async function openLoop(
  base: string,
  options: { rate: number; seconds: number; maxInFlight?: number; next: (i: number) => Call },
): Promise<LoadResult & { achieved_rps: number; dropped: number }> {
  const url = new URL(base);
  const maxInFlight = options.maxInFlight ?? 100;
  const agent = new Agent({ keepAlive: true, maxSockets: maxInFlight });
  const recorder = new Recorder();
  const total = Math.max(1, Math.round(options.rate * options.seconds));
  const interval = 1e9 / options.rate;
  const started = process.hrtime.bigint();
  const inflight = new Set<Promise<void>>();
  let ok = 0;
  let dropped = 0;
  try {
    for (let i = 0; i < total; i += 1) {
      const due = started + BigInt(Math.round(i * interval));
      const waitMs = Number(due - process.hrtime.bigint()) / 1e6;
      if (waitMs > 1) await new Promise((r) => setTimeout(r, waitMs));
      if (inflight.size >= maxInFlight) {
        dropped += 1;
        continue;
      }
      const p: Promise<void> = send(agent, url, options.next(i))
        .then((r) => {
          if (r.status < 400) ok += 1;
          recorder.record(due, r);
        })
        .catch((e: Error) => recorder.record(due, e))
        .finally(() => inflight.delete(p));
      inflight.add(p);
    }
    await Promise.all([...inflight]);
  } finally {
    agent.destroy();
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { ...recorder.result(seconds), achieved_rps: round(ok / seconds, 1), dropped };
}
