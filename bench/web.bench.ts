import 'reflect-metadata';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Meeting } from '@bosam/meetings';
import { loadConfig, PersonalData, signLocalToken } from '@bosam/platform';
import { DataSource } from 'typeorm';
import { createApiApp } from '../apps/api/src';
import { SessionService } from '../apps/api/src/web/session.service';
import { generate, TODAY } from './agenda.bench';
import { freshBenchDatabase } from './support';

// The meeting page (GET /moten/:id: agenda, attendance, units, the district's meetings, rendered to HTML)
// beside the agenda API (GET /api/v1/meetings/:id/agenda, JSON), both through the whole HTTP stack in
// process (Fastify inject: server time, no network), on the national data set of the agenda benchmark.
// BENCH_SCALE=0.1 builds a tenth of it, for a busy machine.
const DATABASE = 'bosam_bench_web';
const RUNS = Number(process.env.BENCH_RUNS ?? 100);

const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
const fmt = (ms: number[]) => {
  const s = [...ms].sort((a, b) => a - b);
  return `p50 ${percentile(s, 50).toFixed(1)} ms · p95 ${percentile(s, 95).toFixed(1)} ms · max ${s[s.length - 1].toFixed(1)} ms`;
};

async function time(app: NestFastifyApplication, url: string, headers: Record<string, string>): Promise<number[]> {
  const fastify = app.getHttpAdapter().getInstance();
  const once = async () => {
    const start = process.hrtime.bigint();
    const res = await fastify.inject({ method: 'GET', url, headers });
    if (res.statusCode !== 200) throw new Error(`${url} answered ${res.statusCode}`);
    return { ms: Number(process.hrtime.bigint() - start) / 1e6, bytes: res.body.length };
  };
  for (let i = 0; i < 5; i += 1) await once(); // warm-up
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i += 1) ms.push((await once()).ms);
  return ms;
}

export async function run(): Promise<void> {
  const scale = Number(process.env.BENCH_SCALE ?? 1);
  const url = await freshBenchDatabase(DATABASE);
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: url,
    AUTH_LOCAL_SECRET: 'bench-secret-bench-secret-bench-secret-0123',
    LOG_LEVEL: 'error',
  });
  const app = await createApiApp(config);
  try {
    const ds = app.get(DataSource);
    const began = Date.now();
    await generate(ds, scale, app.get(PersonalData));
    const [counts] = await ds.query(
      `SELECT (SELECT count(*) FROM notification) AS notifications, (SELECT count(*) FROM household_case) AS cases`,
    );
    process.stdout.write(`generated (scale ${scale}) in ${((Date.now() - began) / 1000).toFixed(1)} s: ${JSON.stringify(counts)}\n`);
    for (const district of ['D001', 'D002']) {
      const meeting = await ds.getRepository(Meeting).findOneByOrFail({ districtCode: district, heldOn: TODAY });
      const actor = { sub: 'bench', name: 'Bench', role: 'coordinator' as const, district };
      const token = await signLocalToken(config, actor);
      const cookie = `bosam_session=${await app.get(SessionService).create(actor)}`;
      const api = await time(app, `/api/v1/meetings/${meeting.id}/agenda`, { authorization: `Bearer ${token}` });
      const page = await time(app, `/moten/${meeting.id}`, { cookie });
      process.stdout.write(`\ndistrict ${district}, meeting ${meeting.heldOn} (N=${RUNS} each)\n`);
      process.stdout.write(`agenda API  GET /api/v1/meetings/:id/agenda  ${fmt(api)}\n`);
      process.stdout.write(`meeting page GET /moten/:id                  ${fmt(page)}\n`);
    }
  } finally {
    await app.close();
  }
}
