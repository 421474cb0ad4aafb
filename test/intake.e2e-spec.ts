import { addDays, todayInStockholm } from '@bosam/calendar';
import { IntakeService } from '@bosam/intake';
import { AuditEvent, DomainError } from '@bosam/platform';
import { createTestApp, TestApp } from './support/app';
import { storedPersonnummer } from './support/personal-data';
import {
  notificationBody,
  orgNumber,
  postNotification,
  setupDistrict,
  shortForm,
  TEST_LANDLORD,
  testPersonnummer,
} from './support/factories';

describe('intake: POST /api/v1/notifications', () => {
  let t: TestApp;
  let coordinator: string;
  const today = todayInStockholm();

  beforeAll(async () => {
    t = await createTestApp();
    await setupDistrict(t, 'TEST');
    await setupDistrict(t, 'OTHER', ['EKB']);
    coordinator = await t.auth('coordinator', 'TEST');
  });
  afterAll(() => t.close());

  const post = (body: Record<string, unknown>, auth = coordinator) =>
    t.http().post('/api/v1/notifications').set('Authorization', auth).send(body);
  const count = async (sql: string, params: unknown[] = []) => (await t.dataSource.query(sql, params))[0].n as number;

  describe('a new notice', () => {
    it('opens a case and answers with the deadlines and the rule behind each (API.md example)', async () => {
      const res = await postNotification(t, {
        externalReference: 'SVB-2026-00123',
        receivedOn: '2026-03-02',
        tenantServedOn: '2026-02-26',
        boardNotifiedOn: '2026-02-27',
      });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        id: expect.any(String),
        caseId: expect.any(String),
        newCase: true,
        recurrence: false,
        deadlines: [
          {
            kind: 'recovery_window',
            // JB 12:44: three weeks from the later of service (26 Feb) and the notice to the board (27 Feb).
            dueOn: '2026-03-20',
            estimated: false,
            latestDueOn: null,
            rule: expect.stringContaining('JB 12:44'),
          },
        ],
        flags: [],
      });
      expect(res.body.deadlines[0].rule).toContain('2026-02-27');
      const [row] = await t.dataSource.query(
        'SELECT n.arrears_ore, n.sender_key, n.landlord_id IS NOT NULL AS has_landlord, c.status, c.opened_on::text, c.arrears_ore AS case_arrears FROM notification n JOIN household_case c ON c.id = n.case_id WHERE n.id = $1',
        [res.body.id],
      );
      expect(row).toEqual({
        arrears_ore: 1234550,
        sender_key: TEST_LANDLORD.orgNumber.replace('-', ''),
        has_landlord: true,
        status: 'open',
        opened_on: '2026-03-02',
        case_arrears: 1234550,
      });
    });

    it('stores identity numbers in one canonical 12-digit form, whatever form they came in', async () => {
      const pnr = testPersonnummer(11);
      const res = await postNotification(t, { tenants: [{ personnummer: shortForm(pnr), name: 'Kort Form' }] });
      expect(res.status).toBe(201);
      expect(await storedPersonnummer(t, res.body.caseId)).toEqual([pnr]);
    });

    it('moves a recovery window that ends on a holiday to the next working day (Lag 1930:173 2 §)', async () => {
      // 4 Dec 2025 + 3 weeks = 25 Dec (juldagen); 26 Dec annandag jul, 27–28 Dec weekend → Monday 29 Dec.
      const res = await postNotification(t, { receivedOn: '2025-12-05', tenantServedOn: '2025-12-03', boardNotifiedOn: '2025-12-04' });
      expect(res.status).toBe(201);
      expect(res.body.deadlines).toEqual([
        {
          kind: 'recovery_window',
          dueOn: '2025-12-29',
          estimated: false,
          latestDueOn: null,
          rule: expect.stringMatching(/1930:173.*juldagen/),
        },
      ]);
    });

    it('estimates the window from the known date when one is missing (the earliest possible end), and flags it', async () => {
      const res = await postNotification(t, { receivedOn: '2026-03-02', tenantServedOn: null, boardNotifiedOn: '2026-02-27' });
      expect(res.status).toBe(201);
      expect(res.body.deadlines).toEqual([
        {
          kind: 'recovery_window',
          dueOn: '2026-03-20',
          estimated: true,
          latestDueOn: null,
          rule: expect.stringContaining('uppskattad (tidigast möjliga slut)'),
        },
      ]);
      expect(res.body.flags).toEqual(['tenant_served_on_missing']);
    });

    it('takes an eviction date from Kronofogden as given', async () => {
      const res = await postNotification(t, {
        source: 'enforcement_eviction_date',
        landlordOrgNumber: null,
        arrearsSek: null,
        tenantServedOn: null,
        boardNotifiedOn: null,
        evictionOn: addDays(today, 10),
      });
      expect(res.status).toBe(201);
      expect(res.body.deadlines).toEqual([
        { kind: 'eviction', dueOn: addDays(today, 10), estimated: false, latestDueOn: null, rule: expect.stringContaining('Kronofogden') },
      ]);
      const [row] = await t.dataSource.query('SELECT sender_key FROM notification WHERE id = $1', [res.body.id]);
      expect(row.sender_key).toBe('kronofogden');
    });

    it('accepts a disturbance notice without money owed, and marks the case', async () => {
      const res = await postNotification(t, {
        source: 'landlord_disturbance',
        arrearsSek: null,
        monthsInArrears: null,
        tenantServedOn: null,
        boardNotifiedOn: null,
      });
      expect(res.status).toBe(201);
      expect(res.body.deadlines).toEqual([]);
      const [row] = await t.dataSource.query('SELECT ongoing_disturbance, arrears_ore FROM household_case WHERE id = $1', [
        res.body.caseId,
      ]);
      expect(row).toEqual({ ongoing_disturbance: true, arrears_ore: 0 });
    });

    it('flags what the meeting should look at: zero amount, unregistered landlord, window over before receipt', async () => {
      const res = await postNotification(t, {
        landlordOrgNumber: orgNumber(999001),
        arrearsSek: 0,
        receivedOn: '2026-04-30',
        tenantServedOn: '2026-03-02',
        boardNotifiedOn: '2026-03-03',
      });
      expect(res.status).toBe(201);
      expect(res.body.flags).toEqual(['arrears_zero', 'recovery_window_ended_before_receipt', 'landlord_not_registered']);
      const [row] = await t.dataSource.query('SELECT landlord_id, landlord_org_number, flags FROM notification WHERE id = $1', [
        res.body.id,
      ]);
      expect(row).toEqual({ landlord_id: null, landlord_org_number: orgNumber(999001).replace('-', ''), flags: res.body.flags });
    });

    it('writes the case opening and the notice on the case timeline, and audits the creation', async () => {
      const res = await postNotification(t);
      const events = await t.dataSource.query('SELECT kind, actor_sub, data FROM case_event WHERE case_id = $1 ORDER BY id', [
        res.body.caseId,
      ]);
      expect(events.map((e: { kind: string }) => e.kind)).toEqual(['case_opened', 'notification_received']);
      expect(events[1].actor_sub).toBe('coordinator-test');
      expect(events[1].data).toMatchObject({
        notificationId: res.body.id,
        source: 'landlord_arrears',
        deadlines: [{ kind: 'recovery_window' }],
      });
      expect(JSON.stringify(events)).not.toContain(
        res.sent.tenants instanceof Array ? (res.sent.tenants[0] as { personnummer: string }).personnummer : '',
      );
      const audit = await t.dataSource.query('SELECT action, entity_type, actor_role FROM audit_log WHERE $1 = ANY(case_ids) ORDER BY id', [
        res.body.caseId,
      ]);
      expect(audit).toEqual([
        { action: 'create', entity_type: 'household_case', actor_role: 'coordinator' },
        { action: 'create', entity_type: 'notification', actor_role: 'coordinator' },
      ]);
    });
  });

  describe('idempotency', () => {
    it('answers an identical repeat with 200 and the same body, storing nothing new', async () => {
      const body = notificationBody();
      const first = await post(body).expect(201);
      const again = await post(body).expect(200);
      expect(again.body).toEqual(first.body);
      expect(await count('SELECT count(*)::int AS n FROM notification WHERE external_reference = $1', [body.externalReference])).toBe(1);
      expect(await count('SELECT count(*)::int AS n FROM case_event WHERE case_id = $1', [first.body.caseId])).toBe(2);
    });

    it('counts the same person written another way as the same content', async () => {
      const pnr = testPersonnummer(12);
      const body = notificationBody({ tenants: [{ personnummer: pnr, name: 'Sam Samma' }] });
      const first = await post(body).expect(201);
      const again = await post({ ...body, tenants: [{ personnummer: shortForm(pnr), name: 'Sam Samma' }] }).expect(200);
      expect(again.body).toEqual(first.body);
    });

    it('refuses the same reference with other content: 409 NOTIFICATION_CONFLICT', async () => {
      const body = notificationBody();
      await post(body).expect(201);
      const res = await post({ ...body, arrearsSek: 999 });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('NOTIFICATION_CONFLICT');
      expect(await count('SELECT count(*)::int AS n FROM notification WHERE external_reference = $1', [body.externalReference])).toBe(1);
    });

    it('keys on source and sender: the same reference from another landlord is another notice', async () => {
      const body = notificationBody();
      await post(body).expect(201);
      const admin = await t.auth('admin');
      const other = orgNumber(777);
      await t.http().post('/api/v1/landlords').set('Authorization', admin).send({ orgNumber: other, name: 'Annan Värd AB' }).expect(201);
      await post({ ...body, landlordOrgNumber: other }).expect(201);
    });

    it('stores one row when the same notice arrives several times at once', async () => {
      const body = notificationBody();
      const results = await Promise.all([1, 2, 3, 4, 5].map(() => post(body)));
      expect(results.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 201]);
      expect(new Set(results.map((r) => JSON.stringify(r.body))).size).toBe(1);
      expect(await count('SELECT count(*)::int AS n FROM notification WHERE external_reference = $1', [body.externalReference])).toBe(1);
      expect(await count('SELECT count(*)::int AS n FROM household_case WHERE id = $1', [results[0].body.caseId])).toBe(1);
    });

    it('opens one case when two notices for a new household arrive at once', async () => {
      const tenants = [{ personnummer: testPersonnummer(13), name: 'Samtidig Samtidigsson' }];
      const [a, b] = await Promise.all([post(notificationBody({ tenants })), post(notificationBody({ tenants }))]);
      expect([a.status, b.status]).toEqual([201, 201]);
      expect(a.body.caseId).toBe(b.body.caseId);
      expect([a.body.newCase, b.body.newCase].sort()).toEqual([false, true]);
    });
  });

  describe('matching to the household', () => {
    it('joins the open case through any tenant, and adds the new tenant to it', async () => {
      const [p1, p2] = [testPersonnummer(21), testPersonnummer(22)];
      const first = await postNotification(t, { tenants: [{ personnummer: p1, name: 'Ett' }] });
      const second = await postNotification(t, {
        source: 'enforcement_application',
        tenants: [
          { personnummer: p2, name: 'Två' },
          { personnummer: shortForm(p1), name: 'Ett' },
        ],
      });
      expect(second.status).toBe(201);
      expect(second.body).toMatchObject({ caseId: first.body.caseId, newCase: false, recurrence: false });
      expect(await storedPersonnummer(t, first.body.caseId)).toEqual([p1, p2].sort());
      // A third notice naming only the added tenant joins too.
      const third = await postNotification(t, { tenants: [{ personnummer: p2, name: 'Två' }] });
      expect(third.body.caseId).toBe(first.body.caseId);
    });

    it('does not let an older notice that arrives late overwrite the household facts', async () => {
      const tenants = [{ personnummer: testPersonnummer(23), name: 'Sen Ankomst' }];
      const recent = await postNotification(t, { tenants, receivedOn: addDays(today, -2), childrenInHousehold: 3, arrearsSek: 5000 });
      await postNotification(t, {
        tenants,
        receivedOn: addDays(today, -40),
        tenantServedOn: addDays(today, -45),
        boardNotifiedOn: addDays(today, -44),
        childrenInHousehold: 0,
        arrearsSek: 100,
      });
      const [row] = await t.dataSource.query(
        'SELECT children_in_household, arrears_ore, last_received_on::text FROM household_case WHERE id = $1',
        [recent.body.caseId],
      );
      expect(row).toEqual({ children_in_household: 3, arrears_ore: 500000, last_received_on: addDays(today, -2) });
    });

    it('keeps districts apart: the same person in another district is another case', async () => {
      const tenants = [{ personnummer: testPersonnummer(24), name: 'Två Distrikt' }];
      const here = await postNotification(t, { tenants });
      const there = await postNotification(t, { tenants, district: 'OTHER' });
      expect(there.status).toBe(201);
      expect(there.body.newCase).toBe(true);
      expect(there.body.caseId).not.toBe(here.body.caseId);
    });

    it('opens a new case marked as a recurrence when the household had a closed case, leaving the old one as it was', async () => {
      const tenants = [{ personnummer: testPersonnummer(25), name: 'Åter Kommer' }];
      const first = await postNotification(t, {
        tenants,
        receivedOn: addDays(today, -30),
        tenantServedOn: addDays(today, -35),
        boardNotifiedOn: addDays(today, -34),
      });
      await t
        .http()
        .post(`/api/v1/cases/${first.body.caseId}/close`)
        .set('Authorization', coordinator)
        .send({ on: addDays(today, -5), outcome: 'lease_kept' })
        .expect(200);
      const again = await postNotification(t, { tenants });
      expect(again.status).toBe(201);
      expect(again.body).toMatchObject({ newCase: true, recurrence: true });
      expect(again.body.caseId).not.toBe(first.body.caseId);
      const [fresh] = await t.dataSource.query('SELECT recurrence, previous_case_id FROM household_case WHERE id = $1', [
        again.body.caseId,
      ]);
      expect(fresh).toEqual({ recurrence: true, previous_case_id: first.body.caseId });
      const [old] = await t.dataSource.query('SELECT status, outcome, closed_on::text FROM household_case WHERE id = $1', [
        first.body.caseId,
      ]);
      expect(old).toEqual({ status: 'closed', outcome: 'lease_kept', closed_on: addDays(today, -5) });
      const events = await t.dataSource.query('SELECT kind, data FROM case_event WHERE case_id = $1 ORDER BY id', [first.body.caseId]);
      expect(events.map((e: { kind: string }) => e.kind)).toEqual([
        'case_opened',
        'notification_received',
        'case_closed',
        'household_returned',
      ]);
      expect(events[3].data).toEqual({ caseId: again.body.caseId, notificationId: again.body.id });
    });
  });

  describe('protected identity', () => {
    it('keeps the protection on the case, even when a later notice does not say so', async () => {
      const tenants = [{ personnummer: testPersonnummer(31), name: 'Skyddad Person' }];
      const first = await postNotification(t, { tenants, protectedIdentity: true });
      await postNotification(t, { tenants, protectedIdentity: false });
      const [row] = await t.dataSource.query('SELECT protected_identity FROM household_case WHERE id = $1', [first.body.caseId]);
      expect(row.protected_identity).toBe(true);
      const list = await t.http().get('/api/v1/cases').set('Authorization', coordinator).expect(200);
      const item = list.body.items.find((i: { id: string }) => i.id === first.body.caseId);
      expect(item).toMatchObject({ protectedIdentity: true, address: null });
      const detail = await t.http().get(`/api/v1/cases/${first.body.caseId}`).set('Authorization', coordinator).expect(200);
      expect(detail.body.address).toMatchObject({ street: 'Exempelgatan 1' });
    });
  });

  describe('validation', () => {
    const expectFieldError = async (overrides: Record<string, unknown>, field: string, message?: RegExp) => {
      const body = notificationBody(overrides);
      const res = await post(body);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.errors).toEqual(
        expect.arrayContaining([expect.objectContaining({ field, ...(message ? { message: expect.stringMatching(message) } : {}) })]),
      );
      for (const tenant of body.tenants as Array<{ personnummer: string }>) {
        expect(res.text).not.toContain(tenant.personnummer);
        expect(res.text).not.toContain(tenant.personnummer.slice(2));
      }
      return res;
    };

    it('needs a landlord for landlord sources', async () => {
      await expectFieldError({ landlordOrgNumber: null }, 'landlordOrgNumber', /required when source is landlord_arrears/);
      await expectFieldError(
        { source: 'landlord_disturbance', landlordOrgNumber: undefined, arrearsSek: null },
        'landlordOrgNumber',
        /landlord_disturbance/,
      );
    });

    it('needs an amount for rent arrears', async () => {
      await expectFieldError({ arrearsSek: null }, 'arrearsSek', /required/);
    });

    it('needs the eviction date for an eviction-date notice', async () => {
      await expectFieldError({ source: 'enforcement_eviction_date', evictionOn: null }, 'evictionOn', /required/);
    });

    it('accepts the other sources without landlord or amount', async () => {
      for (const source of ['enforcement_application', 'other']) {
        const res = await postNotification(t, {
          source,
          landlordOrgNumber: null,
          arrearsSek: null,
          tenantServedOn: null,
          boardNotifiedOn: null,
        });
        expect(res.status).toBe(201);
        expect(res.body.deadlines).toEqual([]);
      }
    });

    it('refuses dates that cannot be', async () => {
      await expectFieldError({ tenantServedOn: addDays(today, -1), receivedOn: addDays(today, -2) }, 'tenantServedOn', /after receivedOn/);
      await expectFieldError(
        { boardNotifiedOn: addDays(today, -1), receivedOn: addDays(today, -2) },
        'boardNotifiedOn',
        /after receivedOn/,
      );
      await expectFieldError({ receivedOn: addDays(today, 1) }, 'receivedOn', /future/);
      await expectFieldError({ receivedOn: '2026-02-30' }, 'receivedOn', /YYYY-MM-DD/);
      await expectFieldError({ evictionOn: '13/05/2026' }, 'evictionOn');
    });

    it('names a bad identity number without ever repeating it', async () => {
      const good = testPersonnummer(41);
      const bad = `${good.slice(0, 11)}${(Number(good[11]) + 1) % 10}`;
      const res = await expectFieldError(
        { tenants: [{ personnummer: bad, name: 'Fel Siffra' }] },
        'tenants[0].personnummer',
        /personnummer/,
      );
      expect(res.text).not.toContain(bad);
      expect(res.text).not.toContain(bad.slice(2, 8));
    });

    it('refuses the same person twice in one notice', async () => {
      const pnr = testPersonnummer(42);
      await expectFieldError(
        {
          tenants: [
            { personnummer: pnr, name: 'A' },
            { personnummer: shortForm(pnr), name: 'A' },
          ],
        },
        'tenants[1].personnummer',
        /same person/,
      );
    });

    it('checks every field of the body', async () => {
      await expectFieldError({ tenants: [] }, 'tenants', /at least one/);
      await expectFieldError({ source: 'rumour' }, 'source', /one of/);
      await expectFieldError({ childrenInHousehold: -1 }, 'childrenInHousehold');
      await expectFieldError({ childrenInHousehold: 1.5 }, 'childrenInHousehold');
      await expectFieldError({ arrearsSek: 10.005 }, 'arrearsSek', /two decimals/);
      await expectFieldError({ arrearsSek: '100' }, 'arrearsSek');
      await expectFieldError({ landlordOrgNumber: '556677-8890' }, 'landlordOrgNumber', /organisationsnummer/);
      await expectFieldError({ address: { street: '', postalCode: '1234', city: 'Stockholm' } }, 'address.street');
      await expectFieldError({ address: { street: 'Gatan 1', postalCode: '1234', city: 'Stockholm' } }, 'address.postalCode');
      await expectFieldError({ address: undefined }, 'address');
      await expectFieldError({ externalReference: '  ' }, 'externalReference');
      await expectFieldError({ district: undefined }, 'district');
      await expectFieldError({ protectedIdentity: 'yes' }, 'protectedIdentity');
      await expectFieldError({ surprise: 1 }, 'surprise', /should not exist/);
    });

    it('refuses a body that is not an object', async () => {
      const res = await t
        .http()
        .post('/api/v1/notifications')
        .set('Authorization', coordinator)
        .set('content-type', 'application/json')
        .send('[1,2]');
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([{ field: 'body', message: 'must be a JSON object' }]);
    });

    it('answers 404 for a district that is not the caller’s', async () => {
      const res = await post(notificationBody({ district: 'OTHER' }));
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('NOT_FOUND');
    });
  });

  describe('roles', () => {
    it.each(['unit_rep', 'admin', 'evaluator', 'auditor'] as const)('refuses %s', async (role) => {
      const res = await post(notificationBody(), await t.auth(role, 'TEST'));
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('FORBIDDEN');
    });
  });

  describe('IntakeService for file imports', () => {
    let intake: IntakeService;
    beforeAll(() => {
      intake = t.app.get(IntakeService);
    });

    it('validates and matches in a dry run without writing anything', async () => {
      const before = await count('SELECT count(*)::int AS n FROM notification');
      const audit = await count('SELECT count(*)::int AS n FROM audit_log');
      const result = await intake.receive(t.actor('coordinator'), notificationBody(), { dryRun: true });
      expect(result.created).toBe(true);
      expect(result.receipt).toMatchObject({ newCase: true, deadlines: [{ kind: 'recovery_window' }] });
      expect(await count('SELECT count(*)::int AS n FROM notification')).toBe(before);
      expect(await count('SELECT count(*)::int AS n FROM audit_log')).toBe(audit);
    });

    it('works inside the caller’s transaction, and rolls back with it', async () => {
      const body = notificationBody();
      await expect(
        t.dataSource.transaction(async (manager) => {
          const result = await intake.receive(t.actor('coordinator'), body, { manager, importId: '00000000-0000-4000-8000-000000000001' });
          expect(result.created).toBe(true);
          const again = await intake.receive(t.actor('coordinator'), body, { manager });
          expect(again).toEqual({ created: false, receipt: result.receipt });
          throw new Error('roll back');
        }),
      ).rejects.toThrow('roll back');
      expect(await count('SELECT count(*)::int AS n FROM notification WHERE external_reference = $1', [body.externalReference])).toBe(0);
    });

    it('collects audit events for the caller when asked to', async () => {
      const events: AuditEvent[] = [];
      const result = await intake.receive(t.actor('coordinator'), notificationBody(), { auditEvents: events });
      expect(events).toEqual([
        expect.objectContaining({ action: 'create', entityType: 'household_case', caseIds: [result.receipt.caseId] }),
        expect.objectContaining({ action: 'create', entityType: 'notification', entityIds: [result.receipt.id] }),
      ]);
      expect(await count('SELECT count(*)::int AS n FROM audit_log WHERE $1 = ANY(case_ids)', [result.receipt.caseId])).toBe(0);
    });

    it('throws DomainErrors with field errors for bad rows', async () => {
      const error = await intake.receive(t.actor('coordinator'), { ...notificationBody(), arrearsSek: '12 345,50' }).catch((e) => e);
      expect(error).toBeInstanceOf(DomainError);
      expect(error.code).toBe('VALIDATION_FAILED');
      expect(error.errors).toEqual([{ field: 'arrearsSek', message: expect.stringContaining('kronor') }]);
    });
  });
});
