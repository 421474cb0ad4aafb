import { randomUUID } from 'node:crypto';
import { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import { jwtVerify } from 'jose';
import { Pool, PoolClient } from 'pg';
import { DataSource } from 'typeorm';
import { addDays, todayInStockholm } from '@bosam/calendar';
import { canonicalPersonnummer, withLuhnDigit } from '@bosam/identity';
import { loadConfig, PersonalData } from '@bosam/platform';
import { createApiApp } from '../apps/api/src';
import { Call, LoadResult, round, percentile } from './load';

// What the project is compared with in the same run: the least code that gives the same answer.

/**
 * Bare Fastify on 127.0.0.1: `live` answers GET /health/live with the same JSON; `units` answers
 * GET /api/v1/districts/:code/units as the API does: the bearer token checked with jose (same
 * issuer, audience and algorithm), the caller's district compared, and the same two queries through pg.
 */
export async function baselineApp(
  kind: 'live' | 'units',
  options?: { url: string; secret: string },
): Promise<{ base: string; close(): Promise<void> }> {
  const app = Fastify({ logger: false });
  let pool: Pool | undefined;
  if (kind === 'live') {
    app.get('/health/live', async () => ({ status: 'ok' }));
  } else {
    pool = new Pool({ connectionString: options!.url, max: 10 });
    const db = pool;
    const key = new TextEncoder().encode(options!.secret);
    app.get<{ Params: { code: string } }>('/api/v1/districts/:code/units', async (request, reply) => {
      const match = /^Bearer (.+)$/.exec(request.headers.authorization ?? '');
      let district: unknown;
      try {
        const { payload } = await jwtVerify(match?.[1] ?? '', key, {
          issuer: 'bosam-local',
          audience: 'bosam',
          algorithms: ['HS256'],
          requiredClaims: ['exp'],
        });
        district = payload.district;
      } catch {
        return reply.code(401).send({ title: 'Unauthenticated' });
      }
      const { code } = request.params;
      if (district !== code) return reply.code(403).send({ title: 'Forbidden' });
      const found = await db.query('SELECT code, name FROM district WHERE code = $1', [code]);
      if (found.rowCount === 0) return reply.code(404).send({ title: 'Not found' });
      const units = await db.query('SELECT id, code, name FROM unit WHERE district_code = $1 ORDER BY code', [code]);
      return units.rows.map((u) => ({ id: u.id, district: code, code: u.code, name: u.name }));
    });
  }
  await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    base: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`,
    close: async () => {
      await app.close();
      await pool?.end();
    },
  };
}

let seq = 0;
/** A valid personnummer, different for every call in this process (birth numbers 300 and up). */
function personnummer(): string {
  seq += 1;
  const n = seq;
  const nine = `${40 + (Math.floor(n / 336) % 50)}${String(1 + (Math.floor(n / 28) % 12)).padStart(2, '0')}${String(1 + (n % 28)).padStart(2, '0')}${300 + Math.floor(n / 16800)}`;
  const ten = withLuhnDigit(nine);
  return `${ten.slice(0, 6)}-${ten.slice(6)}`;
}

interface Notice {
  district: string;
  externalReference: string;
  receivedOn: string;
  tenantServedOn: string;
  boardNotifiedOn: string;
  arrearsSek: number;
  street: string;
  apartment: string;
  personnummer: string;
  children: number;
}

/** New, unique notices (a new household each) for POST /notifications and for its baseline. */
export class IntakeCalls {
  private readonly tokens = new Map<string, string>();
  private count = 0;

  constructor(
    private readonly landlord: string,
    readonly districts: string[],
    private readonly sign: (district: string) => Promise<string>,
  ) {}

  async ready(): Promise<void> {
    for (const d of this.districts) this.tokens.set(d, await this.sign(d));
  }

  notice(district: string): Notice {
    this.count += 1;
    const today = todayInStockholm();
    return {
      district,
      externalReference: `BENCH-${randomUUID()}`,
      receivedOn: addDays(today, -2),
      tenantServedOn: addDays(today, -6),
      boardNotifiedOn: addDays(today, -5),
      arrearsSek: 8000 + (this.count % 20_000),
      street: `Benchgatan ${this.count % 300}`,
      apartment: String(1000 + (this.count % 900)),
      personnummer: personnummer(),
      children: this.count % 3,
    };
  }

  /** Requests over `districts` in turn. */
  next(districts: string[]): (i: number) => Call {
    return (i) => {
      const n = this.notice(districts[i % districts.length]);
      return {
        method: 'POST',
        path: '/api/v1/notifications',
        headers: { authorization: `Bearer ${this.tokens.get(n.district)}` },
        body: JSON.stringify({
          district: n.district,
          source: 'landlord_arrears',
          externalReference: n.externalReference,
          landlordOrgNumber: this.landlord,
          receivedOn: n.receivedOn,
          tenantServedOn: n.tenantServedOn,
          boardNotifiedOn: n.boardNotifiedOn,
          evictionOn: null,
          arrearsSek: n.arrearsSek,
          monthsInArrears: 2,
          address: { street: n.street, postalCode: '123 45', city: 'Stockholm', apartment: n.apartment },
          tenants: [{ personnummer: n.personnummer, name: 'Förnamn Efternamn' }],
          childrenInHousehold: n.children,
          protectedIdentity: false,
        }),
      };
    };
  }
}

/** One notice's rows as intake stores them for a new household, in one transaction. */
async function insertNotice(client: PoolClient, keys: PersonalData, n: Notice, landlordId: string, landlord: string): Promise<void> {
  const caseId = randomUUID();
  const notificationId = randomUUID();
  await client.query('BEGIN');
  try {
    await client.query(
      `INSERT INTO household_case (id, district_code, status, opened_on, landlord_id, street, postal_code, city, apartment,
         children_in_household, protected_identity, arrears_ore, last_received_on, arrears_on)
       VALUES ($1, $2, 'open', $3, $4, $5, '123 45', 'Stockholm', $6, $7, false, $8, $3, $3)`,
      [caseId, n.district, n.receivedOn, landlordId, n.street, n.apartment, n.children, n.arrearsSek * 100],
    );
    // As intake stores a tenant: the number sealed and matched through its blind index.
    const canonical = canonicalPersonnummer(n.personnummer);
    await client.query(
      `INSERT INTO case_tenant (case_id, personnummer_index, personnummer_sealed, name, name_key) VALUES ($1, $2, $3, 'Förnamn Efternamn', 'fornamn efternamn')`,
      [caseId, keys.index(canonical), keys.seal('personnummer', canonical)],
    );
    await client.query(
      `INSERT INTO notification (id, district_code, case_id, source, sender_key, external_reference, content_hash, landlord_id,
         landlord_org_number, received_on, tenant_served_on, board_notified_on, arrears_ore, months_in_arrears, children_in_household,
         protected_identity, receipt, created_by)
       VALUES ($1, $2, $3, 'landlord_arrears', $4, $5, md5($5), $6, $4, $7, $8, $9, $10, 2, $11, false, '{}', 'bench')`,
      [
        notificationId,
        n.district,
        caseId,
        landlord,
        n.externalReference,
        landlordId,
        n.receivedOn,
        n.tenantServedOn,
        n.boardNotifiedOn,
        n.arrearsSek * 100,
        n.children,
      ],
    );
    await client.query(
      `INSERT INTO case_deadline (case_id, notification_id, kind, due_on, estimated, rule) VALUES ($1, $2, 'recovery_window', $3::date + 21, false, 'JB 12:44')`,
      [caseId, notificationId, n.receivedOn],
    );
    await client.query(`INSERT INTO case_event (case_id, kind, actor_sub, data) VALUES ($1, 'notification_received', 'bench', '{}')`, [
      caseId,
    ]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}

/** The intake baseline: `connections` clients writing new notices' rows through pg, closed loop, for `seconds`. */
export async function intakeBaseline(
  pool: Pool,
  keys: PersonalData,
  calls: IntakeCalls,
  districts: string[],
  connections: number,
  seconds: number,
): Promise<LoadResult> {
  const landlord = (await pool.query('SELECT id, org_number FROM landlord ORDER BY created_at LIMIT 1')).rows[0];
  const ms: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  let i = 0;
  const started = process.hrtime.bigint();
  const endAt = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      const client = await pool.connect();
      try {
        while (Date.now() < endAt) {
          const notice = calls.notice(districts[i++ % districts.length]);
          const t0 = process.hrtime.bigint();
          try {
            await insertNotice(client, keys, notice, landlord.id, landlord.org_number);
          } catch (error) {
            errors += 1;
            firstError ??= (error as Error).message;
          }
          ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
        }
      } finally {
        client.release();
      }
    }),
  );
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  ms.sort((a, b) => a - b);
  return {
    requests: ms.length,
    errors,
    seconds: round(elapsed),
    rps: round(ms.length / elapsed, 1),
    p50_ms: round(percentile(ms, 50)),
    p95_ms: round(percentile(ms, 95)),
    p99_ms: round(percentile(ms, 99)),
    ...(firstError ? { firstError } : {}),
  };
}

/**
 * The audit_overhead baseline: a second application on the same database, started with the
 * bench-only switch BOSAM_BENCH_SKIP_AUDIT=1 (the configuration refuses it unless the database's
 * name says "bench"), so its audited reads write no audit entry. Checks that none was written.
 */
export async function withoutAuditWrites<T>(env: Record<string, string>, ds: DataSource, work: (base: string) => Promise<T>): Promise<T> {
  const app = await createApiApp(loadConfig({ ...env, BOSAM_BENCH_SKIP_AUDIT: '1' }));
  const reads = async () => Number((await ds.query(`SELECT count(*)::bigint AS n FROM audit_log WHERE action = 'read'`))[0].n);
  try {
    await app.listen(0, '127.0.0.1');
    const before = await reads();
    const result = await work(`http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`);
    if ((await reads()) !== before) throw new Error('audit entries were written with BOSAM_BENCH_SKIP_AUDIT=1');
    return result;
  } finally {
    await app.close();
  }
}
