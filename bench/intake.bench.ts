import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { withLuhnDigit } from '@bosam/identity';
import { IntakeService } from '@bosam/intake';
import { Actor, loadConfig } from '@bosam/platform';
import { dropBenchDatabase, freshBenchDatabase } from './support';
import { WorkerModule } from '../apps/worker/src/worker.module';

// The JSON path (POST /notifications): notices received one at a time, each in its own transaction,
// first for new households, then again for the same households (matched to their open cases).
const DATABASE = 'bosam_bench_intake';
// BENCH_INTAKE_NOTICES: households (each is notified twice).
const HOUSEHOLDS = Number(process.env.BENCH_INTAKE_NOTICES) || 2_000;
const DISTRICT = 'BENCH';

function personnummer(n: number): string {
  const born = new Date(Date.UTC(1940, 0, 1) + (n % 18000) * 86_400_000).toISOString().slice(0, 10);
  const nine = `${born.slice(2, 4)}${born.slice(5, 7)}${born.slice(8, 10)}${String(100 + Math.floor(n / 18000)).padStart(3, '0')}`;
  return `${born.slice(0, 2)}${withLuhnDigit(nine)}`;
}

const notice = (n: number, round: number) => ({
  district: DISTRICT,
  source: 'landlord_arrears',
  externalReference: `INT-${round}-${n}`,
  landlordOrgNumber: '556677-8899',
  receivedOn: round === 0 ? '2026-03-02' : '2026-04-02',
  tenantServedOn: round === 0 ? '2026-02-26' : '2026-03-27',
  boardNotifiedOn: round === 0 ? '2026-02-27' : '2026-03-28',
  arrearsSek: 12345.5,
  monthsInArrears: 2,
  address: { street: `Exempelgatan ${n % 500}`, postalCode: '123 45', city: 'Stockholm', apartment: String(1000 + (n % 900)) },
  tenants: [{ personnummer: personnummer(n), name: `Förnamn Efternamn ${n}` }],
  childrenInHousehold: n % 3,
  protectedIdentity: n % 50 === 0,
});

export async function run(): Promise<void> {
  const url = await freshBenchDatabase(DATABASE);
  try {
    const config = loadConfig({ DATABASE_URL: url, LOG_LEVEL: 'error', AUTH_LOCAL_SECRET: 'bench-secret-bench-secret-bench-secret-0123' });
    const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { logger: false });
    try {
      const ds = app.get(DataSource);
      await ds.query(`INSERT INTO district (code, name) VALUES ($1, 'Benchmark')`, [DISTRICT]);
      await ds.query(`INSERT INTO landlord (org_number, name, municipal) VALUES ('5566778899', 'Bostadsbolaget', true)`);
      const actor: Actor = { sub: 'bench-coordinator', name: 'Bench', role: 'coordinator', district: DISTRICT };
      const intake = app.get(IntakeService);
      for (const round of [0, 1]) {
        const times: number[] = [];
        const start = process.hrtime.bigint();
        for (let n = 1; n <= HOUSEHOLDS; n += 1) {
          const t0 = process.hrtime.bigint();
          await intake.receive(actor, notice(n, round), { today: '2026-04-10' });
          times.push(Number(process.hrtime.bigint() - t0) / 1e6);
        }
        const seconds = Number(process.hrtime.bigint() - start) / 1e9;
        times.sort((a, b) => a - b);
        const at = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))].toFixed(2);
        process.stdout.write(
          `${round === 0 ? 'new households' : 'matched to open cases'}: ${HOUSEHOLDS} notices in ${seconds.toFixed(1)} s = ` +
            `${Math.round(HOUSEHOLDS / seconds)} notices/s; p50 ${at(0.5)} ms, p95 ${at(0.95)} ms\n`,
        );
      }
    } finally {
      await app.close();
    }
  } finally {
    await dropBenchDatabase(DATABASE);
  }
}
