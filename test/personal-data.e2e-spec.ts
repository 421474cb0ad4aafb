import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { addDays, todayInStockholm } from '@bosam/calendar';
import { contentHash, IntakeService } from '@bosam/intake';
import { openDataSource, dataSourceOptions, PersonalData, withDatabase } from '@bosam/platform';
import { createApiApp } from '../apps/api/src';
import { ENTITIES, MIGRATIONS } from '../apps/common/src';
import { createTestApp, TestApp } from './support/app';
import { notificationBody, setupDistrict, testPersonnummer } from './support/factories';
import { assertTestDatabaseName } from './support/guard';
import { storedPersonnummer, TEST_PERSONAL_DATA_KEYS } from './support/personal-data';
import { waitFor } from './support/wait';
import { csvFile, goodRow } from './fixtures/imports/csv';

/**
 * Personal data at rest: no identity number (in any form) and no protected identity's address is in
 * the database in the clear — tenants, the protected register, notices and their fingerprints, files,
 * frozen agendas; matching still works; the key rotates without losing a match.
 */

const today = todayInStockholm();
const display = (p: string) => `${p.slice(0, 8)}-${p.slice(8)}`;
const keyOf = (id: string, byte: number) => `${id}:${Buffer.alloc(32, byte).toString('base64')}`;

/** Every row of every table (all schemas but the catalogues) as text. */
async function everything(ds: DataSource): Promise<string> {
  const tables: Array<{ s: string; t: string }> = await ds.query(
    `SELECT table_schema AS s, table_name AS t FROM information_schema.tables
      WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')`,
  );
  const parts: string[] = [];
  for (const { s, t } of tables) {
    const rows: Array<{ r: string }> = await ds.query(`SELECT x::text AS r FROM "${s}"."${t}" x`);
    parts.push(...rows.map((row) => `${s}.${t}: ${row.r}`));
  }
  return parts.join('\n');
}

/** The forms an identity number is written in: twelve digits, ten, with a dash, and the birth date with the birth number. */
const forms = (p: string) => [p, p.slice(2), display(p), `${p.slice(2, 8)}-${p.slice(8)}`, `${p.slice(0, 8)}-`];

describe('personal data at rest', () => {
  let t: TestApp;
  let coordinator: string;
  const plain = testPersonnummer(9101);
  const hidden = testPersonnummer(9102);
  const filed = testPersonnummer(9103);
  let plainCase: string;
  let hiddenCase: string;

  const notify = async (overrides: Record<string, unknown>) => {
    const body = notificationBody({
      receivedOn: addDays(today, -1),
      tenantServedOn: addDays(today, -3),
      boardNotifiedOn: addDays(today, -2),
      ...overrides,
    });
    const res = await t.http().post('/api/v1/notifications').set('Authorization', coordinator).send(body);
    expect(res.status).toBe(201);
    return Object.assign(res.body as { caseId: string; newCase: boolean; id: string }, { body });
  };

  beforeAll(async () => {
    t = await createTestApp({ worker: true });
    await setupDistrict(t, 'TEST');
    coordinator = await t.auth('coordinator', 'TEST');
    plainCase = (await notify({ tenants: [{ personnummer: display(plain), name: 'Öppen Person' }] })).caseId;
    hiddenCase = (
      await notify({
        tenants: [{ personnummer: display(hidden), name: 'Skyddad Person' }],
        protectedIdentity: true,
        address: { street: 'Hemliggatan 77', postalCode: '987 65', city: 'Gömstad', apartment: '7777' },
      })
    ).caseId;
    const row = goodRow(880_001, {
      personnummer1: `${filed.slice(2, 8)}-${filed.slice(8)}`,
      name1: 'Fil Person',
      receivedOn: addDays(today, -1),
      tenantServedOn: addDays(today, -3),
      boardNotifiedOn: addDays(today, -2),
    });
    const upload = await t
      .http()
      .post('/api/v1/notification-imports')
      .set('Authorization', coordinator)
      .field('district', 'TEST')
      .attach('file', csvFile([row]), 'underrattelser.csv')
      .expect(202);
    await waitFor(
      async () => {
        const r = (await t.http().get(`/api/v1/notification-imports/${upload.body.id}`).set('Authorization', coordinator).expect(200)).body;
        return r.status === 'done' ? r : undefined;
      },
      30000,
      'import',
    );
    const meeting = await t
      .http()
      .post('/api/v1/meetings')
      .set('Authorization', coordinator)
      .send({ district: 'TEST', startsAt: `${addDays(today, 1)}T09:00:00+01:00` })
      .expect(201);
    await t.http().post(`/api/v1/meetings/${meeting.body.id}/start`).set('Authorization', coordinator).expect(200);
  });
  afterAll(() => t?.close());

  it('keeps no identity number in the clear anywhere in the database: tenants, register, notices, files, frozen agendas', async () => {
    const all = await everything(t.dataSource);
    expect(all).toContain('Öppen Person'); // the scan sees the tenants' rows
    for (const p of [plain, hidden, filed])
      for (const form of forms(p)) expect({ form, found: all.includes(form) }).toEqual({ form, found: false });
  });

  it('keeps a protected identity’s address sealed, and shows it in the case detail only', async () => {
    const all = await everything(t.dataSource);
    for (const part of ['Hemliggatan', '987 65', 'Gömstad', '7777'])
      expect({ part, found: all.includes(part) }).toEqual({ part, found: false });
    const detail = await t.http().get(`/api/v1/cases/${hiddenCase}`).set('Authorization', coordinator).expect(200);
    expect(detail.body.address).toEqual({ street: 'Hemliggatan 77', postalCode: '987 65', city: 'Gömstad', apartment: '7777' });
    expect(detail.body.tenants[0].personnummer).toBe(display(hidden));
  });

  it('stores each sealed value with its key id, and a keyed fingerprint instead of the content hash', async () => {
    const [tenant] = await t.dataSource.query('SELECT personnummer_sealed, personnummer_index FROM case_tenant WHERE case_id = $1', [
      plainCase,
    ]);
    expect(tenant.personnummer_sealed).toMatch(/^test1:/);
    expect(tenant.personnummer_index).toHaveLength(32);
    const [person] = await t.dataSource.query('SELECT personnummer_sealed FROM protected_person');
    expect(person.personnummer_sealed).toMatch(/^test1:/);
    const [c] = await t.dataSource.query('SELECT address_sealed, street FROM household_case WHERE id = $1', [hiddenCase]);
    expect(c).toEqual({ address_sealed: expect.stringMatching(/^test1:/), street: null });
    const [n] = await t.dataSource.query('SELECT content_hash FROM notification WHERE case_id = $1', [plainCase]);
    const intake = t.app.get(IntakeService);
    const sent = notificationBody({ tenants: [{ personnummer: display(plain), name: 'x' }] });
    expect(n.content_hash).toMatch(/^test1:[0-9a-f]{64}$/);
    expect(n.content_hash).not.toContain(contentHash(intake.validate(sent).notice));
  });

  it('still matches by identity number, answers a repeat as a repeat and a changed repeat as a conflict', async () => {
    const again = await notify({ tenants: [{ personnummer: display(plain).slice(2), name: 'Öppen Person' }] });
    expect(again).toMatchObject({ caseId: plainCase, newCase: false });
    const repeat = await t.http().post('/api/v1/notifications').set('Authorization', coordinator).send(again.body);
    expect(repeat.status).toBe(200);
    const changed = await t
      .http()
      .post('/api/v1/notifications')
      .set('Authorization', coordinator)
      .send({ ...again.body, arrearsSek: 1 });
    expect(changed.status).toBe(409);
  });

  it('rotates the key: a ring with a new key first re-keys everything at start; the old key is needed no more to open or match', async () => {
    const ring = `${keyOf('test2', 9)},${TEST_PERSONAL_DATA_KEYS}`;
    const rotated = await createApiApp({ ...t.config, personalDataKeys: ring });
    try {
      const rows: Array<{ s: string }> = await t.dataSource.query(
        `SELECT personnummer_sealed AS s FROM case_tenant UNION ALL SELECT personnummer_sealed FROM protected_person
         UNION ALL SELECT address_sealed FROM household_case WHERE address_sealed IS NOT NULL`,
      );
      expect(rows.length).toBeGreaterThan(3);
      for (const { s } of rows) expect(s).toMatch(/^test2:/);
      const [{ key_id }] = await t.dataSource.query('SELECT key_id FROM personal_data_key');
      expect(key_id).toBe('test2');
    } finally {
      await rotated.close();
    }
    // Only the new key: everything opens and matches; a notice from before the rotation is still recognised with the old key in the ring.
    const onlyNew = await createApiApp({ ...t.config, personalDataKeys: keyOf('test2', 9) });
    try {
      const auth = `Bearer ${await t.token('coordinator', 'TEST')}`;
      const detail = await onlyNew.inject({ method: 'GET', url: `/api/v1/cases/${hiddenCase}`, headers: { authorization: auth } });
      expect(detail.statusCode).toBe(200);
      expect(JSON.parse(detail.body).address.street).toBe('Hemliggatan 77');
      const body = notificationBody({
        receivedOn: addDays(today, -1),
        tenantServedOn: addDays(today, -3),
        boardNotifiedOn: addDays(today, -2),
        tenants: [{ personnummer: display(plain), name: 'Öppen Person' }],
      });
      const res = await onlyNew.inject({ method: 'POST', url: '/api/v1/notifications', headers: { authorization: auth }, payload: body });
      expect(res.statusCode).toBe(201);
      expect(JSON.parse(res.body)).toMatchObject({ caseId: plainCase, newCase: false });
    } finally {
      await onlyNew.close();
    }
    // A process still holding only the old key opens nothing any more.
    await expect(storedPersonnummer(t)).rejects.toThrow(/not configured \(test2\)/);
  });

  it('refuses to start with a key ring that lacks the key the data is sealed with', async () => {
    await expect(createApiApp({ ...t.config, personalDataKeys: keyOf('test3', 5) })).rejects.toThrow(
      /sealed with the key test2, which is not configured/,
    );
  });
});

describe('an uploaded file waiting for the worker', () => {
  it('is stored sealed: its chunks hold no identity number', async () => {
    const t = await createTestApp();
    try {
      await setupDistrict(t, 'TEST');
      const p = testPersonnummer(9301);
      const row = goodRow(880_101, { personnummer1: `${p.slice(2, 8)}-${p.slice(8)}`, name1: 'Väntande Person' });
      await t
        .http()
        .post('/api/v1/notification-imports')
        .set('Authorization', await t.auth('coordinator', 'TEST'))
        .field('district', 'TEST')
        .attach('file', csvFile([row]), 'underrattelser.csv')
        .expect(202);
      const chunks: Array<{ data: Buffer }> = await t.dataSource.query('SELECT data FROM notification_import_chunk');
      expect(chunks.length).toBe(1);
      const bytes = chunks[0].data.toString('latin1');
      for (const form of [...forms(p), 'Väntande', 'personnummer1']) expect(bytes.includes(form)).toBe(false);
    } finally {
      await t.close();
    }
  });
});

describe('the migration to sealed personal data', () => {
  it('converts existing identity numbers, protected addresses, content hashes and frozen agendas', async () => {
    const server = process.env.BOSAM_TEST_SERVER_URL!;
    const name = `${process.env.BOSAM_TEST_TEMPLATE!.replace(/_template$/, '')}_mig_${randomBytes(3).toString('hex')}`;
    assertTestDatabaseName(name);
    const admin = new Client({ connectionString: withDatabase(server, 'postgres') });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    const url = withDatabase(server, name);
    const before = MIGRATIONS.findIndex((m) => m.name === 'PersonalDataAtRest1796227000000');
    const saved = process.env.PERSONAL_DATA_KEYS;
    try {
      const old = await openDataSource(dataSourceOptions(url, [], MIGRATIONS.slice(0, before)));
      const p = testPersonnummer(9201);
      try {
        await old.runMigrations({ transaction: 'each' });
        await old.query(`INSERT INTO district (code, name) VALUES ('MIG', 'Migrering')`);
        const [{ id }] = await old.query(
          `INSERT INTO household_case (district_code, opened_on, street, postal_code, city, apartment, protected_identity)
           VALUES ('MIG', '2026-01-02', 'Gamla hemliga vägen 1', '111 11', 'Ort', '11', true) RETURNING id`,
        );
        await old.query('INSERT INTO case_tenant (case_id, personnummer, name) VALUES ($1, $2, $3)', [id, p, 'Gammal Person']);
        await old.query(`INSERT INTO protected_person (personnummer, set_by) VALUES ($1, 'test')`, [p]);
        await old.query(
          `INSERT INTO notification (district_code, case_id, source, sender_key, external_reference, content_hash, received_on, receipt, created_by)
           VALUES ('MIG', $1, 'other', 'SOC', 'R1', 'abcdef', '2026-01-02', '{}', 'test')`,
          [id],
        );
      } finally {
        await old.destroy();
      }
      process.env.PERSONAL_DATA_KEYS = TEST_PERSONAL_DATA_KEYS;
      const all = await openDataSource(dataSourceOptions(url, ENTITIES, MIGRATIONS));
      try {
        await all.runMigrations({ transaction: 'each' });
        const text = await everything(all);
        for (const form of forms(p)) expect(text.includes(form)).toBe(false);
        expect(text.includes('Gamla hemliga')).toBe(false);
        const [tenant] = await all.query('SELECT personnummer_sealed FROM case_tenant');
        expect(tenant.personnummer_sealed).toMatch(/^test1:/);
        const [c] = await all.query('SELECT address_sealed FROM household_case');
        expect(c.address_sealed).toMatch(/^test1:/);
        const [n] = await all.query('SELECT content_hash FROM notification');
        expect(n.content_hash).toMatch(/^test1:[0-9a-f]{64}$/);
        const [k] = await all.query('SELECT key_id FROM personal_data_key');
        expect(k.key_id).toBe('test1');
      } finally {
        await all.destroy();
      }
    } finally {
      if (saved === undefined) delete process.env.PERSONAL_DATA_KEYS;
      else process.env.PERSONAL_DATA_KEYS = saved;
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    }
  });
});

describe('a sole trader as a landlord (enskild firma): their personnummer is sealed like every other', () => {
  let t: TestApp;
  let coordinator: string;
  let admin: string;
  const registered = testPersonnummer(9401); // registered by an admin
  const requested = testPersonnummer(9402); // registered through a district's request
  const unregistered = testPersonnummer(9403); // named in a notice only (and then by an amendment)
  const masked = (p: string) => `${p.slice(0, 8)}-****`;
  const short = (p: string) => `${p.slice(2, 8)}-${p.slice(8)}`;
  let caseId: string;
  let noticeId: string;
  let noticeBody: Record<string, unknown>;
  let sessionId: string;
  const api = (method: 'get' | 'post' | 'put', path: string) => t.http()[method](`/api/v1${path}`).set('Authorization', coordinator);

  beforeAll(async () => {
    t = await createTestApp({ worker: true });
    await setupDistrict(t, 'TEST');
    coordinator = await t.auth('coordinator', 'TEST');
    admin = await t.auth('admin', 'TEST');
    // The register, and a request an admin accepts.
    const created = await t
      .http()
      .post('/api/v1/landlords')
      .set('Authorization', admin)
      .send({ orgNumber: short(registered), name: 'Enskild Hyresvärd' })
      .expect(201);
    expect(created.body.orgNumber).toBe(masked(registered));
    const request = await api('post', '/landlord-requests')
      .send({ orgNumber: display(requested), name: 'Begärd Hyresvärd' })
      .expect(201);
    expect(request.body.orgNumber).toBe(masked(requested));
    await t.http().post(`/api/v1/landlord-requests/${request.body.id}/accept`).set('Authorization', admin).expect(200);
    // A notice as JSON, and one in a file.
    noticeBody = notificationBody({
      receivedOn: addDays(today, -1),
      tenantServedOn: addDays(today, -3),
      boardNotifiedOn: addDays(today, -2),
      landlordOrgNumber: registered,
      tenants: [{ personnummer: display(testPersonnummer(9411)), name: 'Hyresgäst Ett' }],
    });
    const notice = await api('post', '/notifications').send(noticeBody).expect(201);
    caseId = notice.body.caseId;
    noticeId = notice.body.id;
    const other = await api('post', '/notifications')
      .send(
        notificationBody({
          receivedOn: addDays(today, -1),
          tenantServedOn: addDays(today, -3),
          boardNotifiedOn: addDays(today, -2),
          landlordOrgNumber: short(unregistered),
          tenants: [{ personnummer: display(testPersonnummer(9412)), name: 'Hyresgäst Två' }],
        }),
      )
      .expect(201);
    expect(other.body.flags).toContain('landlord_not_registered');
    const row = goodRow(880_401, {
      landlordOrgNumber: display(requested),
      personnummer1: short(testPersonnummer(9413)),
      name1: 'Fil Hyresgäst',
      receivedOn: addDays(today, -1),
      tenantServedOn: addDays(today, -3),
      boardNotifiedOn: addDays(today, -2),
    });
    const upload = await api('post', '/notification-imports')
      .field('district', 'TEST')
      .attach('file', csvFile([row]), 'underrattelser.csv')
      .expect(202);
    const done = await waitFor(
      async () => {
        const r = (await api('get', `/notification-imports/${upload.body.id}`).expect(200)).body;
        return r.status === 'done' ? r : undefined;
      },
      30000,
      'import',
    );
    expect(done.status).toBe('done');
    // Following the case: a repayment plan, a disturbance, a corrected notice.
    await api('post', `/cases/${caseId}/repayment-plans`)
      .send({ landlordOrgNumber: short(registered), monthlySek: 500, firstDueOn: addDays(today, 10) })
      .expect(201);
    await api('post', `/cases/${caseId}/disturbances`)
      .send({ on: today, landlordOrgNumber: display(registered), category: 'oljud nattetid' })
      .expect(201);
    await api('post', `/notifications/${other.body.id}/amendments`)
      .send({ changes: { landlordOrgNumber: display(requested) }, reason: 'fel hyresvärd' })
      .expect(201);
    // Consent, a liaison session with its attendance and agenda, an exchange.
    await api('post', `/cases/${caseId}/consents`)
      .send({
        landlordOrgNumber: short(registered),
        categories: ['arrears_status'],
        givenOn: today,
        form: 'written',
        documentedBy: 'Handläggare',
      })
      .expect(201);
    sessionId = (
      await api('post', '/liaison-sessions')
        .send({ district: 'TEST', on: today, landlordOrgNumbers: [short(registered), short(requested)] })
        .expect(201)
    ).body.id;
    await api('put', `/liaison-sessions/${sessionId}/attendance`)
      .send({ landlords: [{ landlordOrgNumber: registered, attendees: ['Ägaren själv'] }] })
      .expect(200);
    await api('get', `/liaison-sessions/${sessionId}/agenda?landlord=${short(registered)}`).expect(200);
    await api('post', '/landlord-exchanges')
      .send({
        caseId,
        landlordOrgNumber: short(registered),
        sessionId,
        direction: 'to_landlord',
        categories: ['arrears_status'],
        summary: 'Skulden stämd av',
      })
      .expect(201);
    // A meeting freezes its agenda (the notices name the landlords).
    const meeting = await api('post', '/meetings')
      .send({ district: 'TEST', startsAt: `${addDays(today, 1)}T09:00:00+01:00` })
      .expect(201);
    await api('post', `/meetings/${meeting.body.id}/start`).expect(200);
  }, 120000);
  afterAll(() => t?.close());

  it('keeps no sole trader’s number in the clear anywhere in the database, whichever way it came in', async () => {
    const all = await everything(t.dataSource);
    expect(all).toContain('Enskild Hyresvärd');
    for (const p of [registered, requested, unregistered]) {
      for (const form of forms(p))
        expect({
          form,
          found: all
            .split('\n')
            .filter((line) => line.includes(form))
            .map((line) => line.slice(0, 200)),
        }).toEqual({ form, found: [] });
    }
  });

  it('stores a blind index to join on and a sealed value beside it, in every table, and sends notices under the index', async () => {
    const rows: Array<{ table: string; k: string; s: string }> = await t.dataSource.query(
      `SELECT 'landlord' AS table, org_number AS k, org_number_sealed AS s FROM landlord WHERE org_number_sealed IS NOT NULL
       UNION ALL SELECT 'landlord_request', org_number, org_number_sealed FROM landlord_request WHERE org_number_sealed IS NOT NULL
       UNION ALL SELECT 'notification', landlord_org_number, landlord_org_number_sealed FROM notification WHERE landlord_org_number_sealed IS NOT NULL
       UNION ALL SELECT 'repayment_plan', landlord_org_number, landlord_org_number_sealed FROM repayment_plan
       UNION ALL SELECT 'case_disturbance', landlord_org_number, landlord_org_number_sealed FROM case_disturbance WHERE kind = 'reported'`,
    );
    expect(rows.filter((r) => r.table === 'notification')).toHaveLength(3); // as JSON, unregistered (then amended), from the file
    expect(new Set(rows.map((r) => r.table))).toEqual(
      new Set(['landlord', 'landlord_request', 'notification', 'repayment_plan', 'case_disturbance']),
    );
    for (const r of rows) {
      expect(r.k).toMatch(/^p:[A-Za-z0-9_-]{43}$/);
      expect(r.s).toMatch(/^test1:/);
    }
    const [n] = await t.dataSource.query('SELECT sender_key, landlord_org_number, landlord_id FROM notification WHERE id = $1', [noticeId]);
    expect(n.sender_key).toBe(n.landlord_org_number);
    expect(n.landlord_id).not.toBeNull();
    // The company stays as it was: its organisationsnummer is public and shown in full.
    const [company] = await t.dataSource.query('SELECT org_number, org_number_sealed FROM landlord WHERE org_number_sealed IS NULL');
    expect(company.org_number).toMatch(/^\d{10}$/);
  });

  it('matches through the index: the register, a repeat notice, lists, consents, the liaison agenda; shown masked', async () => {
    const repeat = await api('post', '/notifications').send(noticeBody);
    expect(repeat.status).toBe(200);
    expect((await api('post', '/notifications').send({ ...noticeBody, arrearsSek: 1 })).status).toBe(409);
    const list = await api('get', `/cases?landlord=${short(registered)}`).expect(200);
    expect(list.body.items.map((i: { id: string }) => i.id)).toEqual([caseId]);
    const detail = (await api('get', `/cases/${caseId}`).expect(200)).body;
    expect(detail.notifications[0].landlord).toEqual({ orgNumber: masked(registered), name: 'Enskild Hyresvärd' });
    expect(detail.repaymentPlans[0].landlord).toEqual({ orgNumber: masked(registered), name: 'Enskild Hyresvärd' });
    expect(detail.disturbances[0].landlordOrgNumber).toBe(masked(registered));
    expect(detail.consents[0].landlord.orgNumber).toBe(masked(registered));
    expect(detail.exchanges[0].landlord.orgNumber).toBe(masked(registered));
    const consents = await api('get', `/consents?landlord=${display(registered)}`).expect(200);
    expect(consents.body.map((k: { caseId: string }) => k.caseId)).toEqual([caseId]);
    const agenda = await api('get', `/liaison-sessions/${sessionId}/agenda?landlord=${registered}`).expect(200);
    expect(agenda.body.landlord).toEqual({ orgNumber: masked(registered), name: 'Enskild Hyresvärd' });
    expect(agenda.body.cases.map((c: { caseId: string }) => c.caseId)).toEqual([caseId]);
    const session = await api('get', `/liaison-sessions/${sessionId}`).expect(200);
    expect(session.body.landlords.map((l: { orgNumber: string }) => l.orgNumber).sort()).toEqual(
      [masked(registered), masked(requested)].sort(),
    );
    const landlords = await t.http().get('/api/v1/landlords').set('Authorization', admin).expect(200);
    expect(landlords.body.map((l: { orgNumber: string }) => l.orgNumber)).toEqual(
      expect.arrayContaining([masked(registered), masked(requested)]),
    );
    // A second registration of the same person is the same landlord.
    await t.http().post('/api/v1/landlords').set('Authorization', admin).send({ orgNumber: registered, name: 'Igen' }).expect(409);
    await t
      .http()
      .patch(`/api/v1/landlords/${short(registered)}`)
      .set('Authorization', admin)
      .send({ name: 'Enskild Hyresvärd' })
      .expect(200);
  });

  it('keeps the landlord index apart from the tenant index of the same person', async () => {
    const keys = t.app.get(PersonalData);
    expect(keys.landlordKey(registered)).not.toContain(keys.index(registered).toString('base64url'));
  });

  it('re-keys sole traders’ numbers with everything else when the key rotates, and still matches', async () => {
    const before: Array<{ k: string }> = await t.dataSource.query(
      'SELECT org_number AS k FROM landlord WHERE org_number_sealed IS NOT NULL ORDER BY k',
    );
    const rotated = await createApiApp({ ...t.config, personalDataKeys: `${keyOf('test2', 9)},${TEST_PERSONAL_DATA_KEYS}` });
    try {
      // A repeat of a notice from before is recognised (its fingerprint under the old key, its sender under the new index).
      const repeat = await rotated.inject({
        method: 'POST',
        url: '/api/v1/notifications',
        headers: { authorization: coordinator },
        payload: noticeBody,
      });
      expect(repeat.statusCode).toBe(200);
    } finally {
      await rotated.close();
    }
    const onlyNew = await createApiApp({ ...t.config, personalDataKeys: keyOf('test2', 9) });
    try {
      const sealed: Array<{ s: string }> = await t.dataSource.query(
        `SELECT org_number_sealed AS s FROM landlord WHERE org_number_sealed IS NOT NULL
         UNION ALL SELECT org_number_sealed FROM landlord_request WHERE org_number_sealed IS NOT NULL
         UNION ALL SELECT landlord_org_number_sealed FROM notification WHERE landlord_org_number_sealed IS NOT NULL
         UNION ALL SELECT landlord_org_number_sealed FROM repayment_plan UNION ALL SELECT landlord_org_number_sealed FROM case_disturbance WHERE kind = 'reported'`,
      );
      expect(sealed.length).toBeGreaterThan(6);
      for (const { s } of sealed) expect(s).toMatch(/^test2:/);
      const after: Array<{ k: string }> = await t.dataSource.query(
        'SELECT org_number AS k FROM landlord WHERE org_number_sealed IS NOT NULL ORDER BY k',
      );
      expect(after.map((r) => r.k)).not.toEqual(expect.arrayContaining(before.map((r) => r.k)));
      const [n] = await t.dataSource.query('SELECT sender_key, landlord_org_number FROM notification WHERE id = $1', [noticeId]);
      expect(n.sender_key).toBe(n.landlord_org_number);
      const auth = { authorization: coordinator };
      const list = await onlyNew.inject({ method: 'GET', url: `/api/v1/cases?landlord=${short(registered)}`, headers: auth });
      expect(JSON.parse(list.body).items.map((i: { id: string }) => i.id)).toEqual([caseId]);
      const detail = JSON.parse((await onlyNew.inject({ method: 'GET', url: `/api/v1/cases/${caseId}`, headers: auth })).body);
      expect(detail.notifications[0].landlord).toEqual({ orgNumber: masked(registered), name: 'Enskild Hyresvärd' });
    } finally {
      await onlyNew.close();
    }
  });
});

describe('the migration to sealed landlord numbers', () => {
  it('seals sole traders’ numbers in every table, keeps companies’ as they are, and takes masked ones out of the timeline and frozen agendas', async () => {
    const server = process.env.BOSAM_TEST_SERVER_URL!;
    const name = `${process.env.BOSAM_TEST_TEMPLATE!.replace(/_template$/, '')}_mig_${randomBytes(3).toString('hex')}`;
    assertTestDatabaseName(name);
    const admin = new Client({ connectionString: withDatabase(server, 'postgres') });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    const url = withDatabase(server, name);
    const before = MIGRATIONS.findIndex((m) => m.name === 'SealedLandlordNumbers1796237000000');
    const saved = process.env.PERSONAL_DATA_KEYS;
    const trader = testPersonnummer(9501);
    const masked = `${trader.slice(0, 8)}-****`;
    try {
      const old = await openDataSource(dataSourceOptions(url, [], MIGRATIONS.slice(0, before)));
      try {
        process.env.PERSONAL_DATA_KEYS = TEST_PERSONAL_DATA_KEYS;
        await old.runMigrations({ transaction: 'each' });
        await old.query(`INSERT INTO district (code, name) VALUES ('MIG', 'Migrering')`);
        await old.query(`INSERT INTO landlord (org_number, name) VALUES ($1, 'Enskild'), ('5560359555', 'Bolaget')`, [trader]);
        await old.query(
          `INSERT INTO landlord_request (org_number, name, district_code, requested_by, status) VALUES ($1, 'Enskild', 'MIG', 'x', 'pending')`,
          [trader],
        );
        const [{ id }] = await old.query(`INSERT INTO household_case (district_code, opened_on) VALUES ('MIG', '2026-01-02') RETURNING id`);
        for (const [ref, org] of [
          ['R1', trader],
          ['R2', '5560359555'],
        ]) {
          await old.query(
            `INSERT INTO notification (district_code, case_id, source, sender_key, external_reference, content_hash, received_on, receipt, created_by, landlord_org_number)
             VALUES ('MIG', $1, 'landlord_arrears', $2, $3, 'k:abc', '2026-01-02', '{}', 'test', $2)`,
            [id, org, ref],
          );
        }
        await old.query(
          `INSERT INTO repayment_plan (district_code, case_id, landlord_org_number, monthly_ore, first_due_on, status_on, created_by)
           VALUES ('MIG', $1, $2, 100, '2026-02-01', '2026-01-02', 'x')`,
          [id, trader],
        );
        await old.query(
          `INSERT INTO case_disturbance (case_id, kind, "on", landlord_org_number, created_by) VALUES ($1, 'reported', '2026-01-02', $2, 'x')`,
          [id, trader],
        );
        await old.query(`INSERT INTO case_event (case_id, kind, actor_sub, data) VALUES ($1, 'disturbance_reported', 'x', $2)`, [
          id,
          { landlordOrgNumber: masked },
        ]);
      } finally {
        await old.destroy();
      }
      const all = await openDataSource(dataSourceOptions(url, ENTITIES, MIGRATIONS));
      try {
        await all.runMigrations({ transaction: 'each' });
        const text = await everything(all);
        for (const form of forms(trader)) expect({ form, found: text.includes(form) }).toEqual({ form, found: false });
        const [landlord] = await all.query('SELECT org_number, org_number_sealed FROM landlord WHERE name = $1', ['Enskild']);
        expect(landlord).toEqual({ org_number: expect.stringMatching(/^p:/), org_number_sealed: expect.stringMatching(/^test1:/) });
        const notices = await all.query(
          'SELECT sender_key, landlord_org_number, landlord_org_number_sealed FROM notification ORDER BY external_reference',
        );
        expect(notices).toEqual([
          {
            sender_key: landlord.org_number,
            landlord_org_number: landlord.org_number,
            landlord_org_number_sealed: expect.stringMatching(/^test1:/),
          },
          { sender_key: '5560359555', landlord_org_number: '5560359555', landlord_org_number_sealed: null },
        ]);
        for (const table of ['landlord_request', 'repayment_plan', 'case_disturbance']) {
          const [row] = await all.query(`SELECT * FROM ${table}`);
          expect(row.org_number ?? row.landlord_org_number).toBe(landlord.org_number);
        }
        const [event] = await all.query('SELECT data FROM case_event');
        expect(event.data).toEqual({ landlordOrgNumber: null });
      } finally {
        await all.destroy();
      }
    } finally {
      if (saved === undefined) delete process.env.PERSONAL_DATA_KEYS;
      else process.env.PERSONAL_DATA_KEYS = saved;
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    }
  });
});
