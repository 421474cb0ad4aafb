import { addDays, maxDate } from '@bosam/calendar';
import { CasesService } from '@bosam/cases';
import { IntakeService } from '@bosam/intake';
import { Actor, AuditEvent, DomainError, PersonalData } from '@bosam/platform';
import { createTestApp, TestApp } from './support/app';
import { indexOf } from './support/personal-data';
import { orgNumber, setupDistrict, shortForm, TEST_LANDLORD, testPersonnummer } from './support/factories';

// Differential test: the same rows through `receive` one at a time (each in its own savepoint, as
// the file import did) and through `receiveMany` per batch, on two databases; the answers and the
// stored state must be the same, up to generated ids and timestamps.

const TODAY = '2026-06-30';
const HOUSEHOLDS = 60;
const BATCHES = 4;
const ROWS_PER_BATCH = 120;

/** A small seeded generator (mulberry32), so every run sees the same rows. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Body = Record<string, unknown>;

/** Household k: one tenant, every fourth two; its notices fall on days no other household uses. */
const tenantsOf = (k: number) =>
  (k % 4 === 0 ? [2 * k, 2 * k + 1] : [2 * k]).map((n) => ({ personnummer: testPersonnummer(5000 + n), name: `Person ${n}` }));

function generateRows(seed: number): Body[][] {
  const rnd = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)];
  const earlier: Body[] = [];
  let reference = 0;

  const fresh = (k: number, tenants = tenantsOf(k)): Body => {
    reference += 1;
    const receivedOn = addDays('2025-01-06', k + HOUSEHOLDS * Math.floor(rnd() * 9));
    const source = pick([
      'landlord_arrears',
      'landlord_arrears',
      'landlord_arrears',
      'landlord_disturbance',
      'enforcement_application',
      'enforcement_eviction_date',
      'other',
    ] as const);
    const landlord = rnd() < 0.1 ? orgNumber(900000 + (k % 3)) : TEST_LANDLORD.orgNumber;
    const body: Body = {
      district: 'TEST',
      source,
      externalReference: `R-${reference}`,
      landlordOrgNumber: source.startsWith('enforcement') ? null : source === 'other' && rnd() < 0.5 ? null : landlord,
      receivedOn,
      tenantServedOn: rnd() < 0.15 ? null : addDays(receivedOn, -4),
      boardNotifiedOn: rnd() < 0.1 ? null : addDays(receivedOn, -3),
      evictionOn: source === 'enforcement_eviction_date' || rnd() < 0.05 ? addDays(receivedOn, Math.floor(rnd() * 40) - 10) : null,
      arrearsSek:
        source === 'landlord_disturbance' || (source !== 'landlord_arrears' && rnd() < 0.5)
          ? null
          : rnd() < 0.05
            ? 0
            : Math.round(rnd() * 5_000_000) / 100,
      monthsInArrears: rnd() < 0.3 ? null : 1 + Math.floor(rnd() * 5),
      address: {
        street: `${pick(['Storgatan', 'Lillgatan', 'Nygatan'])} ${k}`,
        postalCode: rnd() < 0.5 ? '12345' : '123 45',
        city: 'Stockholm',
        apartment: rnd() < 0.2 ? null : String(1000 + k),
      },
      tenants: tenants.map((t) => ({ ...t, personnummer: rnd() < 0.3 ? shortForm(t.personnummer) : t.personnummer })),
      childrenInHousehold: Math.floor(rnd() * 4),
      protectedIdentity: rnd() < 0.08,
    };
    return body;
  };

  const invalid = (k: number): unknown => {
    const body = fresh(k);
    switch (Math.floor(rnd() * 8)) {
      case 0:
        return { ...body, receivedOn: addDays(TODAY, 5) };
      case 1:
        return { ...body, tenantServedOn: addDays(String(body.receivedOn), 2) };
      case 2:
        return { ...body, address: undefined };
      case 3:
        return { ...body, tenants: [{ personnummer: '19800101-0000', name: 'Fel Nummer' }] };
      case 4:
        return { ...body, unexpected: 1 };
      case 5:
        return pick(['text', null, [body]]);
      case 6:
        return { ...body, district: 'OTHER' };
      default:
        return { ...body, source: 'landlord_arrears', arrearsSek: null, landlordOrgNumber: TEST_LANDLORD.orgNumber };
    }
  };

  const batches: Body[][] = [];
  for (let b = 0; b < BATCHES; b += 1) {
    const rows: Body[] = [];
    while (rows.length < ROWS_PER_BATCH) {
      const k = Math.floor(rnd() * HOUSEHOLDS);
      const roll = rnd();
      let row: unknown;
      if (roll < 0.12 && earlier.length > 0) row = structuredClone(pick(earlier));
      else if (roll < 0.2 && earlier.length > 0) {
        const base = structuredClone(pick(earlier));
        row =
          rnd() < 0.5
            ? { ...base, childrenInHousehold: (Number(base.childrenInHousehold) + 1) % 4 }
            : { ...base, address: { ...(base.address as Body), street: 'Ändrad gata 1' } };
      } else if (roll < 0.3) row = invalid(k);
      else if (roll < 0.37) row = fresh(k, [...tenantsOf(k), ...tenantsOf((k + 1 + Math.floor(rnd() * 5)) % HOUSEHOLDS)]);
      else row = fresh(k);
      if (row && typeof row === 'object' && !Array.isArray(row)) earlier.push(row as Body);
      rows.push(row as Body);
    }
    batches.push(rows);
  }
  return batches;
}

type Result = { ok: true; created: boolean; receipt: unknown } | { ok: false; error: DomainError };

const asPlain = (r: Result) =>
  r.ok
    ? { ok: true, created: r.created, receipt: r.receipt }
    : {
        ok: false,
        code: r.error.code,
        status: r.error.status,
        message: r.error.message,
        errors: r.error.errors ?? null,
        extra: r.error.extra ?? null,
      };

/** Cases, tenants, notifications, deadlines and timelines, in an order that does not depend on generated ids. */
async function dump(t: TestApp) {
  const q = (sql: string) => t.dataSource.query(sql);
  const notifications = await q(
    `SELECT id, district_code, case_id, source, sender_key, external_reference, content_hash, landlord_id, landlord_org_number,
            received_on, tenant_served_on, board_notified_on, eviction_on, arrears_ore, months_in_arrears, children_in_household,
            protected_identity, flags, receipt, import_id, created_by
       FROM notification ORDER BY district_code, source, sender_key, external_reference`,
  );
  const cases = await q(
    `SELECT id, district_code, status, opened_on, closed_on, outcome, recurrence, previous_case_id, landlord_id, street, postal_code,
            city, apartment, children_in_household, protected_identity, arrears_ore, ongoing_disturbance, last_received_on
       FROM household_case`,
  );
  // Opened: the sealed values differ by their random nonces.
  const keys = t.app.get(PersonalData);
  const tenants = (await q('SELECT case_id, personnummer_sealed, name FROM case_tenant')).map(
    (r: { case_id: string; personnummer_sealed: string; name: string }) => ({
      case_id: r.case_id,
      personnummer: keys.open('personnummer', r.personnummer_sealed),
      name: r.name,
    }),
  );
  const deadlines = await q('SELECT case_id, notification_id, kind, due_on, estimated, rule FROM case_deadline');
  const events = await q('SELECT case_id, kind, actor_sub, data FROM case_event ORDER BY id');
  // Each case is named by its first notification (and closed cases without one by their tenants).
  const rank = new Map<string, number>();
  notifications.forEach((n: { id: string; case_id: string }, i: number) => {
    rank.set(n.id, i);
    if (!rank.has(n.case_id)) rank.set(n.case_id, i);
  });
  const byRank = (a?: string, b?: string) => (rank.get(a ?? '') ?? -1) - (rank.get(b ?? '') ?? -1);
  return {
    notifications,
    cases: cases.sort((a: { id: string }, b: { id: string }) => byRank(a.id, b.id)),
    tenants: tenants.sort(
      (a: { case_id: string; personnummer: string }, b: { case_id: string; personnummer: string }) =>
        byRank(a.case_id, b.case_id) || (a.personnummer < b.personnummer ? -1 : 1),
    ),
    deadlines: deadlines.sort(
      (a: { notification_id: string; kind: string }, b: { notification_id: string; kind: string }) =>
        byRank(a.notification_id, b.notification_id) || (a.kind < b.kind ? -1 : 1),
    ),
    // Per case in timeline order (ids ascending); the cases in a fixed order.
    events: [...timelines(events).entries()].sort((a, b) => byRank(a[0], b[0])),
  };
}

function timelines(events: Array<{ case_id: string }>): Map<string, unknown[]> {
  const byCase = new Map<string, unknown[]>();
  for (const e of events) byCase.set(e.case_id, [...(byCase.get(e.case_id) ?? []), e]);
  return byCase;
}

/** Every uuid replaced by its order of first appearance in the text. */
function normalized(value: unknown): unknown {
  const seen = new Map<string, string>();
  const text = JSON.stringify(value).replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, (id) => {
    if (!seen.has(id)) seen.set(id, `#${seen.size + 1}`);
    return seen.get(id)!;
  });
  return JSON.parse(text);
}

describe('intake: receiveMany answers and stores exactly what receive does row by row', () => {
  let sequential: TestApp;
  let batched: TestApp;
  const batches = generateRows(20261127);

  beforeAll(async () => {
    sequential = await createTestApp();
    batched = await createTestApp();
    for (const t of [sequential, batched]) {
      await setupDistrict(t, 'TEST');
      await setupDistrict(t, 'OTHER', ['EKB']);
    }
  });
  afterAll(async () => {
    await sequential?.close();
    await batched?.close();
  });

  async function oneByOne(t: TestApp, actor: Actor, rows: unknown[], audit: AuditEvent[], dryRun = false): Promise<Result[]> {
    const intake = t.app.get(IntakeService);
    return t.dataSource.transaction(async (manager) => {
      const results: Result[] = [];
      for (const raw of rows) {
        const events: AuditEvent[] = [];
        await manager.query('SAVEPOINT row');
        try {
          const { created, receipt } = await intake.receive(actor, raw, { manager, auditEvents: events, today: TODAY, dryRun });
          await manager.query('RELEASE SAVEPOINT row');
          audit.push(...events);
          results.push({ ok: true, created, receipt });
        } catch (error) {
          await manager.query('ROLLBACK TO SAVEPOINT row');
          if (!(error instanceof DomainError)) throw error;
          results.push({ ok: false, error });
        }
      }
      return results;
    });
  }

  async function atOnce(t: TestApp, actor: Actor, rows: unknown[], audit: AuditEvent[], dryRun = false): Promise<Result[]> {
    const intake = t.app.get(IntakeService);
    return t.dataSource.transaction((manager) => intake.receiveMany(actor, rows, { manager, auditEvents: audit, today: TODAY, dryRun }));
  }

  /** Closes the open cases of some households, the same ones in both databases. */
  async function closeSome(t: TestApp, households: number[], on: string): Promise<void> {
    const cases = t.app.get(CasesService);
    const actor = t.actor('coordinator', 'TEST');
    for (const k of households) {
      const open: Array<{ id: string; opened_on: string }> = await t.dataSource.query(
        `SELECT DISTINCT c.id, c.opened_on FROM household_case c JOIN case_tenant t ON t.case_id = c.id
          WHERE t.personnummer_index = $1 AND c.status = 'open' ORDER BY c.opened_on`,
        [indexOf(t, tenantsOf(k)[0].personnummer)],
      );
      for (const c of open) await cases.close(actor, c.id, { on: maxDate(on, c.opened_on), outcome: 'lease_kept' }, TODAY);
    }
  }

  it('gives the same answer for every row and leaves the same cases, notices, deadlines, timelines and audit events', async () => {
    const rnd = random(7);
    const answers = { sequential: [] as unknown[], batched: [] as unknown[] };
    const audit = { sequential: [] as AuditEvent[], batched: [] as AuditEvent[] };
    for (const [b, rows] of batches.entries()) {
      if (b === BATCHES - 1) {
        // A dry run of the last batch first: decided against the database alone, writing nothing.
        const dry = { sequential: [] as AuditEvent[], batched: [] as AuditEvent[] };
        const seq = await oneByOne(sequential, sequential.actor('coordinator', 'TEST'), rows, dry.sequential, true);
        const bat = await atOnce(batched, batched.actor('coordinator', 'TEST'), rows, dry.batched, true);
        expect(normalized(bat.map(asPlain))).toEqual(normalized(seq.map(asPlain)));
        expect(dry.batched).toEqual([]);
        expect(dry.sequential).toEqual([]);
      }
      const seq = await oneByOne(sequential, sequential.actor('coordinator', 'TEST'), rows, audit.sequential);
      const bat = await atOnce(batched, batched.actor('coordinator', 'TEST'), rows, audit.batched);
      answers.sequential.push(...seq.map(asPlain));
      answers.batched.push(...bat.map(asPlain));
      const close = Array.from({ length: HOUSEHOLDS }, (_, k) => k).filter(() => rnd() < 0.25);
      await closeSome(sequential, close, addDays('2026-06-01', b));
      await closeSome(batched, close, addDays('2026-06-01', b));
    }

    // A notice that declares protected identity protects the persons' other cases once per batch (row by row: once per
    // row): those entries and timeline lines are compared as the set of cases they name, the rest entry by entry.
    const state = async (t: TestApp, answered: unknown[], events: AuditEvent[]) => {
      const db = await dump(t);
      const protection = (e: AuditEvent) => e.entityType === 'protected_identity';
      const timelineLines = db.events.map(([caseId, list]) => [
        caseId,
        (list as Array<{ kind: string }>).filter((e) => e.kind !== 'protected_identity_set'),
      ]);
      const raw = {
        answers: answered,
        audit: events.filter((e) => !protection(e)),
        db: { ...db, events: timelineLines },
        protection: {
          audited: [...new Set(events.filter(protection).flatMap((e) => e.caseIds ?? []))],
          timeline: db.events
            .filter(([, list]) => (list as Array<{ kind: string }>).some((e) => e.kind === 'protected_identity_set'))
            .map(([caseId]) => caseId),
        },
      };
      const result = normalized(raw) as Record<string, unknown[]> & { protection: { audited: string[]; timeline: string[] } };
      result.protection.audited.sort();
      result.protection.timeline.sort();
      return result;
    };
    const seqState = await state(sequential, answers.sequential, audit.sequential);
    const batState = await state(batched, answers.batched, audit.batched);
    expect(seqState.protection.audited.length).toBeGreaterThan(0);
    // Row by row first, for a readable difference.
    batState.answers.forEach((answer, i) => expect({ row: i, answer }).toEqual({ row: i, answer: seqState.answers[i] }));
    expect(batState).toEqual(seqState);

    // The rows cover what they are meant to cover.
    const plain = answers.sequential as Array<{
      ok: boolean;
      created?: boolean;
      code?: string;
      receipt?: { newCase: boolean; recurrence: boolean; flags: string[] };
    }>;
    const count = (f: (a: (typeof plain)[number]) => boolean | undefined) => plain.filter(f).length;
    expect(count((a) => a.ok && a.created && a.receipt!.newCase)).toBeGreaterThan(30);
    expect(count((a) => a.ok && a.created && !a.receipt!.newCase)).toBeGreaterThan(30);
    expect(count((a) => a.ok && a.created && a.receipt!.recurrence)).toBeGreaterThan(5);
    expect(count((a) => a.ok && a.created === false)).toBeGreaterThan(10);
    expect(count((a) => a.code === 'NOTIFICATION_CONFLICT')).toBeGreaterThan(5);
    expect(count((a) => a.code === 'VALIDATION_FAILED')).toBeGreaterThan(10);
    expect(count((a) => a.code === 'NOT_FOUND')).toBeGreaterThan(0);
    expect(count((a) => a.ok && a.created && a.receipt!.flags.includes('several_open_cases'))).toBeGreaterThan(0);
    expect(count((a) => a.ok && a.created && a.receipt!.flags.includes('landlord_not_registered'))).toBeGreaterThan(0);
    const [{ n }] = await batched.dataSource.query(`SELECT count(*)::int AS n FROM household_case WHERE status = 'closed'`);
    expect(n).toBeGreaterThan(5);
  }, 180_000);
});
