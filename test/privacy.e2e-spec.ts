import request from 'supertest';
import { addDays, todayInStockholm } from '@bosam/calendar';
import { withLuhnDigit } from '@bosam/identity';
import { NextStepsService } from '@bosam/meetings';
import { createTestApp, TestApp } from './support/app';
import { notificationBody, shortForm, TEST_LANDLORD, testPersonnummer } from './support/factories';
import { newDistrict, newMeeting } from './support/meeting-factories';
import { waitFor } from './support/wait';
import { csvFile, goodRow } from './fixtures/imports/csv';

/**
 * Data protection (BOSAM.md): every read and change of personal data is audited with the cases it
 * touched, a change in the same transaction; and no identity number ever leaves through an error,
 * the audit log, a job payload or a log line, wherever a client puts it.
 */

const today = todayInStockholm();

type Response = request.Response;

describe('privacy', () => {
  let t: TestApp;
  const logLines: string[] = [];
  const errorBodies: Array<{ what: string; body: string }> = [];
  let restoreStdout: () => void;

  beforeAll(async () => {
    // Every log line the application writes, at the most talkative level.
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string | Uint8Array) => {
      logLines.push(String(chunk));
      return true;
    }) as typeof process.stdout.write;
    restoreStdout = () => {
      process.stdout.write = write;
    };
    t = await createTestApp({ worker: true, env: { LOG_LEVEL: 'debug' } });
    const admin = await t.auth('admin', 'PRV');
    await t.http().post('/api/v1/landlords').set('Authorization', admin).send(TEST_LANDLORD).expect(201);
  });
  afterAll(async () => {
    await t.close();
    restoreStdout();
  });

  describe('audit: every read and change of personal data names its cases', () => {
    let coordinator: string;
    let rep: string;
    let caseId: string;
    let meetingId: string;
    let stepId: string;

    /** One request with its own correlation id, so its audit entries can be told apart. */
    const call = (correlationId: string, req: request.Test) => req.set('X-Correlation-Id', correlationId);
    const entries = (
      correlationId: string,
    ): Promise<Array<{ action: string; entity_type: string; case_ids: string[]; entity_ids: string[]; xid: string }>> =>
      t.dataSource.query(
        'SELECT action, entity_type, case_ids, entity_ids, (transaction_id % 4294967296)::text AS xid FROM audit_log WHERE correlation_id = $1 ORDER BY id',
        [correlationId],
      );
    const xmin = async (sql: string, params: unknown[]): Promise<string[]> =>
      [...new Set((await t.dataSource.query(sql, params)).map((r: { xid: string }) => r.xid))] as string[];

    /** The change's audit entry was appended by the transaction that wrote `rows` (its xmin; sealing rewrites the entry's own). */
    async function expectAuditedWith(
      correlationId: string,
      entry: { action: string; entity_type: string },
      rowsSql: string,
      params: unknown[],
    ) {
      const found = (await entries(correlationId)).filter((e) => e.action === entry.action && e.entity_type === entry.entity_type);
      expect(found).toHaveLength(1);
      expect(found[0].case_ids).toContain(caseId);
      expect(await xmin(rowsSql, params)).toEqual([found[0].xid]);
    }

    async function expectReadAudited(correlationId: string, entityType: string) {
      const found = (await entries(correlationId)).filter((e) => e.action === 'read' && e.entity_type === entityType);
      expect(found.length).toBeGreaterThanOrEqual(1);
      expect(found.flatMap((e) => e.case_ids)).toContain(caseId);
    }

    beforeAll(async () => {
      const d = await newDistrict(t, 'AUD', ['EKB', 'VUX']);
      coordinator = d.coordinator;
      rep = await t.auth('unit_rep', 'AUD', 'EKB');
    });

    it('notifications: the case and notice are created with their audit entry, in one transaction', async () => {
      const res = await call(
        'aud-notify',
        t
          .http()
          .post('/api/v1/notifications')
          .set('Authorization', coordinator)
          .send(notificationBody({ district: 'AUD' })),
      ).expect(201);
      caseId = res.body.caseId;
      await expectAuditedWith(
        'aud-notify',
        { action: 'create', entity_type: 'notification' },
        'SELECT xmin::text AS xid FROM notification WHERE id = $1',
        [res.body.id],
      );
      await expectAuditedWith(
        'aud-notify',
        { action: 'create', entity_type: 'household_case' },
        'SELECT xmin::text AS xid FROM household_case WHERE id = $1',
        [caseId],
      );
    });

    it('cases: list and detail reads, units and contacts changes', async () => {
      await call('aud-list', t.http().get('/api/v1/cases').set('Authorization', rep)).expect(200);
      await expectReadAudited('aud-list', 'household_case');
      await call('aud-detail', t.http().get(`/api/v1/cases/${caseId}`).set('Authorization', rep)).expect(200);
      await expectReadAudited('aud-detail', 'household_case');
      await call(
        'aud-units',
        t
          .http()
          .put(`/api/v1/cases/${caseId}/units`)
          .set('Authorization', coordinator)
          .send({ units: ['EKB', 'VUX'] }),
      ).expect(200);
      await expectAuditedWith(
        'aud-units',
        { action: 'update', entity_type: 'case_unit' },
        'SELECT xmin::text AS xid FROM case_unit WHERE case_id = $1',
        [caseId],
      );
      const contact = await call(
        'aud-contact',
        t
          .http()
          .post(`/api/v1/cases/${caseId}/contacts`)
          .set('Authorization', rep)
          .send({ on: today, channel: 'home_visit', reached: false }),
      ).expect(201);
      await expectAuditedWith(
        'aud-contact',
        { action: 'create', entity_type: 'case_contact' },
        'SELECT xmin::text AS xid FROM case_contact WHERE id = $1',
        [contact.body.id],
      );
    });

    it('meetings: agenda and its page, attendance, start, decisions, next steps, minutes and their page', async () => {
      meetingId = await newMeeting(t, { code: 'AUD', coordinator, units: {} }, `${addDays(today, 1)}T09:00:00+01:00`);
      const agenda = await call('aud-agenda', t.http().get(`/api/v1/meetings/${meetingId}/agenda`).set('Authorization', rep)).expect(200);
      expect(agenda.body.sections.flatMap((s: { items: Array<{ caseId: string }> }) => s.items.map((i) => i.caseId))).toContain(caseId);
      await expectReadAudited('aud-agenda', 'meeting_agenda');
      await call('aud-agenda-html', t.http().get(`/api/v1/meetings/${meetingId}/agenda.html`).set('Authorization', rep)).expect(200);
      await expectReadAudited('aud-agenda-html', 'meeting_agenda');

      await call(
        'aud-attendance',
        t
          .http()
          .put(`/api/v1/meetings/${meetingId}/attendance`)
          .set('Authorization', coordinator)
          .send({
            units: [
              { unit: 'EKB', person: 'Anna Andersson', role: 'assistant_head' },
              { unit: 'VUX', person: 'Bo Berg', role: 'assistant_head' },
            ],
          }),
      ).expect(200);
      const [attendance] = await entries('aud-attendance');
      expect(attendance).toMatchObject({ action: 'update', entity_type: 'meeting_attendance' });
      expect(await xmin('SELECT xmin::text AS xid FROM meeting_attendance WHERE meeting_id = $1', [meetingId])).toEqual([attendance.xid]);

      await call('aud-start', t.http().post(`/api/v1/meetings/${meetingId}/start`).set('Authorization', coordinator)).expect(200);
      await expectAuditedWith(
        'aud-start',
        { action: 'update', entity_type: 'meeting' },
        'SELECT xmin::text AS xid FROM agenda_item WHERE meeting_id = $1',
        [meetingId],
      );

      const decision = await call(
        'aud-decide',
        t
          .http()
          .post(`/api/v1/meetings/${meetingId}/decisions`)
          .set('Authorization', rep)
          .send({ caseId, text: 'Hembesök bokas', nextSteps: [{ unit: 'EKB', action: 'Boka hembesök', dueOn: addDays(today, 7) }] }),
      ).expect(201);
      stepId = decision.body.nextSteps[0].id;
      await expectAuditedWith(
        'aud-decide',
        { action: 'create', entity_type: 'meeting_decision' },
        'SELECT xmin::text AS xid FROM meeting_decision WHERE id = $1',
        [decision.body.id],
      );
      await expectAuditedWith(
        'aud-decide',
        { action: 'create', entity_type: 'next_step' },
        'SELECT xmin::text AS xid FROM next_step WHERE id = $1',
        [stepId],
      );

      await call('aud-steps', t.http().get('/api/v1/next-steps?unit=EKB').set('Authorization', rep)).expect(200);
      await expectReadAudited('aud-steps', 'next_step');
      await call(
        'aud-step-done',
        t.http().patch(`/api/v1/next-steps/${stepId}`).set('Authorization', rep).send({ status: 'done', doneOn: today }),
      ).expect(200);
      await expectAuditedWith(
        'aud-step-done',
        { action: 'update', entity_type: 'next_step' },
        'SELECT xmin::text AS xid FROM next_step WHERE id = $1',
        [stepId],
      );

      await call('aud-meeting-close', t.http().post(`/api/v1/meetings/${meetingId}/close`).set('Authorization', coordinator)).expect(200);
      expect(await entries('aud-meeting-close')).toEqual([expect.objectContaining({ action: 'update', entity_type: 'meeting' })]);
      await call('aud-minutes', t.http().get(`/api/v1/meetings/${meetingId}/minutes`).set('Authorization', rep)).expect(200);
      await expectReadAudited('aud-minutes', 'meeting_minutes');
      await call('aud-minutes-html', t.http().get(`/api/v1/meetings/${meetingId}/minutes.html`).set('Authorization', rep)).expect(200);
      await expectReadAudited('aud-minutes-html', 'meeting_minutes');
    });

    it('cases: closing is audited in the transaction that closes', async () => {
      await call(
        'aud-close',
        t.http().post(`/api/v1/cases/${caseId}/close`).set('Authorization', coordinator).send({ on: today, outcome: 'lease_kept' }),
      ).expect(200);
      await expectAuditedWith(
        'aud-close',
        { action: 'update', entity_type: 'household_case' },
        'SELECT xmin::text AS xid FROM household_case WHERE id = $1',
        [caseId],
      );
    });

    it('imports: the file received, and every notice and case it created, each with its transaction', async () => {
      const upload = await call(
        'aud-import',
        t
          .http()
          .post('/api/v1/notification-imports')
          .set('Authorization', coordinator)
          .field('district', 'AUD')
          .attach(
            'file',
            csvFile([goodRow(91001, { landlordOrgNumber: TEST_LANDLORD.orgNumber, personnummer1: shortForm(testPersonnummer(7901)) })]),
            'fil.csv',
          ),
      ).expect(202);
      const [received] = await entries('aud-import');
      expect(received).toMatchObject({ action: 'import', entity_type: 'notification_import', entity_ids: [upload.body.id] });
      // The job request was written with the import (now() is the transaction's start time); its
      // xmin cannot be compared, as the dispatcher may already have marked it dispatched.
      const [job] = await t.dataSource.query('SELECT created_at FROM outbox_job WHERE job_id = $1', [`import-${upload.body.id}`]);
      const [stored] = await t.dataSource.query('SELECT created_at FROM notification_import WHERE id = $1', [upload.body.id]);
      expect(job.created_at).toEqual(stored.created_at);
      const report = await waitFor(
        async () => {
          const r = await call(
            'aud-import-read',
            t.http().get(`/api/v1/notification-imports/${upload.body.id}`).set('Authorization', coordinator),
          ).expect(200);
          return r.body.status === 'done' ? r.body : undefined;
        },
        30000,
        'the import',
      );
      expect(report.imported).toBe(1);
      const [notice] = await t.dataSource.query('SELECT id, case_id, xmin::text AS xid FROM notification WHERE import_id = $1', [
        upload.body.id,
      ]);
      const [created] = await t.dataSource.query(
        `SELECT (transaction_id % 4294967296)::text AS xid, actor_sub FROM audit_log WHERE entity_type = 'notification' AND action = 'create' AND $1 = ANY(case_ids)`,
        [notice.case_id],
      );
      expect(created).toEqual({ xid: notice.xid, actor_sub: 'coordinator-aud' });
    });

    it("records the daily overdue mark in the case's district, where its auditor sees it", async () => {
      const [{ id: unitId }] = await t.dataSource.query(`SELECT id FROM unit WHERE district_code = 'AUD' AND code = 'VUX'`);
      const [{ id: late }] = await t.dataSource.query(
        `INSERT INTO next_step (district_code, case_id, unit_id, action, due_on, status, created_by) VALUES ('AUD', $1, $2, 'Ring', $3, 'open', 'test') RETURNING id`,
        [caseId, unitId, addDays(today, -2)],
      );
      expect(await t.app.get(NextStepsService).markOverdue(today)).toBeGreaterThanOrEqual(1);
      const trail = await t
        .http()
        .get(`/api/v1/audit?caseId=${caseId}`)
        .set('Authorization', await t.auth('auditor', 'AUD'))
        .expect(200);
      expect(trail.body).toContainEqual(
        expect.objectContaining({ actor: 'system', action: 'update', entityType: 'next_step', entityIds: [late], reason: 'overdue' }),
      );
    });

    it('lets the auditor follow the case, and the chain holds', async () => {
      const auditor = await t.auth('auditor', 'AUD');
      const trail = await t.http().get(`/api/v1/audit?caseId=${caseId}`).set('Authorization', auditor).expect(200);
      const kinds = new Set(trail.body.map((e: { action: string; entityType: string }) => `${e.action} ${e.entityType}`));
      for (const kind of [
        'create notification',
        'read household_case',
        'update case_unit',
        'create case_contact',
        'read meeting_agenda',
        'update meeting',
        'create meeting_decision',
        'create next_step',
        'read next_step',
        'update next_step',
        'read meeting_minutes',
        'update household_case',
      ])
        expect([kind, kinds.has(kind)]).toEqual([kind, true]);
      expect((await t.http().get('/api/v1/audit/verify').set('Authorization', auditor).expect(200)).body.valid).toBe(true);
    });
  });

  describe('no identity number leaks', () => {
    let coordinator: string;
    let caseId: string;
    const numbers: string[] = [];
    /** A fresh valid personnummer (canonical), remembered so that every check looks for it. */
    const pnr = (): string => {
      const value = testPersonnummer(8000 + numbers.length);
      numbers.push(value);
      return value;
    };
    /** A personnummer with a wrong check digit, remembered too. */
    const badPnr = (): string => {
      const good = testPersonnummer(8000 + numbers.length);
      const value = `${good.slice(0, 11)}${(Number(good[11]) + 1) % 10}`;
      numbers.push(value);
      return value;
    };
    /** A samordningsnummer (day + 60). */
    const coordinationNumber = (): string => {
      const value = `19${withLuhnDigit(`8012${String(60 + (numbers.length % 28) + 1)}98${numbers.length % 10}`)}`;
      numbers.push(value);
      return value;
    };
    const long = (canonical: string) => `${canonical.slice(0, 8)}-${canonical.slice(8)}`;
    const plus = (canonical: string) => `${canonical.slice(2, 8)}+${canonical.slice(8)}`;

    const remember = (what: string, res: Response): Response => {
      if (res.status >= 400) errorBodies.push({ what, body: res.text });
      return res;
    };
    const post = async (what: string, path: string, body: unknown) =>
      remember(
        what,
        await t
          .http()
          .post(`/api/v1${path}`)
          .set('Authorization', coordinator)
          .send(body as object),
      );

    /** Whether text holds any of the numbers used, in any written form (separators dropped). */
    const leaks = (text: string): string[] => {
      const joined = text.replace(/(\d)[-+\u2013 ]+(?=\d)/g, '$1');
      return numbers.filter((n) => joined.includes(n.slice(2)));
    };

    beforeAll(async () => {
      const d = await newDistrict(t, 'PRV', ['EKB']);
      coordinator = d.coordinator;
      const res = await t
        .http()
        .post('/api/v1/notifications')
        .set('Authorization', coordinator)
        .send(notificationBody({ district: 'PRV' }))
        .expect(201);
      caseId = res.body.caseId;
    });

    it('answers every misplaced or bad identity number with an error that does not repeat it', async () => {
      const body = (overrides: Record<string, unknown>) => notificationBody({ district: 'PRV', ...overrides });
      const tenant = (personnummer: unknown, name = 'Förnamn Efternamn') => ({ personnummer, name });
      const answers: Response[] = [
        await post('bad check digit', '/notifications', body({ tenants: [tenant(shortForm(badPnr()))] })),
        await post('bad check digit, long form', '/notifications', body({ tenants: [tenant(long(badPnr()))] })),
        await post('impossible date', '/notifications', body({ tenants: [tenant(`19801332${pnr().slice(8)}`)] })),
        await post('as a number', '/notifications', body({ tenants: [tenant(Number(pnr()))] })),
        await post(
          'the same person twice, two forms',
          '/notifications',
          body({ tenants: [tenant(shortForm(numbers.at(-1)!)), tenant(numbers.at(-1)!)] }),
        ),
        await post('in the district', '/notifications', body({ district: shortForm(pnr()) })),
        await post('in the source', '/notifications', body({ source: pnr() })),
        await post('as the landlord', '/notifications', body({ landlordOrgNumber: shortForm(badPnr()) })),
        await post('as a date', '/notifications', body({ receivedOn: long(pnr()) })),
        await post('as the amount', '/notifications', body({ arrearsSek: pnr() })),
        await post(
          'as the postal code',
          '/notifications',
          body({ address: { street: 'Gatan 1', postalCode: shortForm(pnr()), city: 'Stockholm', apartment: null } }),
        ),
        await post(
          'in the city, too long',
          '/notifications',
          body({ address: { street: 'Gatan 1', postalCode: '123 45', city: `${pnr()} ${'x'.repeat(200)}`, apartment: null } }),
        ),
        await post(
          'in the apartment, too long',
          '/notifications',
          body({
            address: { street: 'Gatan 1', postalCode: '123 45', city: 'Stockholm', apartment: `lgh ${long(pnr())} ${'x'.repeat(20)}` },
          }),
        ),
        await post(
          'in a name, too long',
          '/notifications',
          body({ tenants: [tenant(pnr(), `${long(numbers.at(-1)!)} ${'x'.repeat(300)}`)] }),
        ),
        await post('in a reference, too long', '/notifications', body({ externalReference: `${pnr()}-${'x'.repeat(120)}` })),
        await post('as a field name', '/notifications', { ...body({}), [shortForm(pnr())]: 'x' }),
        await post('as a nested field name', '/notifications', body({ tenants: [{ ...tenant(pnr()), [plus(pnr())]: true }] })),
        await post(
          'a samordningsnummer, bad district',
          '/notifications',
          body({ district: 'NOPE', tenants: [tenant(coordinationNumber())] }),
        ),
        await post('as a contact field name', `/cases/${caseId}/contacts`, { on: today, channel: 'phone', reached: true, [pnr()]: 1 }),
        await post('as a contact channel', `/cases/${caseId}/contacts`, { on: today, channel: long(pnr()), reached: true }),
        await post('as a unit', `/cases/${caseId}/close`, { on: shortForm(pnr()), outcome: pnr() }),
        await post('as a meeting district', '/meetings', { district: pnr(), startsAt: long(pnr()) }),
        remember('as a case id', await t.http().get(`/api/v1/cases/${pnr()}`).set('Authorization', coordinator)),
        remember(
          'as a case filter',
          await t
            .http()
            .get(`/api/v1/cases?landlord=${shortForm(badPnr())}&unit=${pnr()}`)
            .set('Authorization', coordinator),
        ),
        remember(
          'as an audit filter',
          await t
            .http()
            .get(`/api/v1/audit?caseId=${pnr()}`)
            .set('Authorization', await t.auth('auditor', 'PRV')),
        ),
      ];
      expect(answers.map((r, i) => [i, r.status >= 400 && r.status < 500 ? 'refused' : r.status])).toEqual(
        answers.map((_, i) => [i, 'refused']),
      );
    });

    it('stores a notice with numbers in free text where they are allowed, and a conflicting repeat does not repeat them', async () => {
      const reference = `Hyresgäst ${shortForm(pnr())}`;
      const first = notificationBody({
        district: 'PRV',
        externalReference: reference,
        address: { street: `Gatan ${long(pnr())}`, postalCode: '123 45', city: 'Stockholm', apartment: null },
        tenants: [{ personnummer: pnr(), name: `Namn ${plus(pnr())}` }],
      });
      expect((await post('first', '/notifications', first)).status).toBe(201);
      const conflict = await post('conflicting repeat', '/notifications', {
        ...first,
        arrearsSek: 1,
        tenants: [{ personnummer: pnr(), name: 'Annan Person' }],
      });
      expect(conflict.status).toBe(409);
      expect(conflict.body.code).toBe('NOTIFICATION_CONFLICT');
    });

    it('refuses files with misplaced identity numbers without repeating them', async () => {
      const upload = async (what: string, build: (r: request.Test) => request.Test) =>
        remember(what, await build(t.http().post('/api/v1/notification-imports').set('Authorization', coordinator)));
      const file = csvFile([goodRow(92001, { landlordOrgNumber: TEST_LANDLORD.orgNumber, personnummer1: shortForm(pnr()) })]);
      const header = Buffer.from(`source;externalReference;${shortForm(pnr())}\r\nlandlord_arrears;R1;x\r\n`);
      const answers = [
        await upload('a field named by a number', (r) =>
          r.field('district', 'PRV').field(shortForm(pnr()), '1').attach('file', file, 'a.csv'),
        ),
        await upload('a file part named by a number', (r) => r.field('district', 'PRV').attach(long(pnr()), file, 'a.csv')),
        await upload('a number as the district', (r) => r.field('district', shortForm(pnr())).attach('file', file, 'a.csv')),
        await upload('a number as the mode', (r) => r.field('district', 'PRV').field('mode', long(pnr())).attach('file', file, 'a.csv')),
        await upload('a number as a column', (r) => r.field('district', 'PRV').attach('file', header, 'a.csv')),
      ];
      expect(answers.map((r) => r.status >= 400 && r.status < 500)).toEqual(answers.map(() => true));
    });

    it('imports a file with bad, conflicting and misplaced numbers, and its report does not repeat them', async () => {
      const good = (n: number, overrides: Record<string, string>) =>
        goodRow(n, { landlordOrgNumber: TEST_LANDLORD.orgNumber, ...overrides });
      const shared = shortForm(pnr());
      const rows = [
        good(93001, { personnummer1: shortForm(badPnr()) }),
        good(93002, { personnummer1: long(pnr()), personnummer2: shortForm(badPnr()) }),
        good(93003, { personnummer1: shared, personnummer2: numbers.at(-1)! }),
        good(93004, { externalReference: `REF ${shortForm(pnr())}`, personnummer1: shortForm(pnr()) }),
        good(93005, { externalReference: `REF ${numbers.at(-2)!}`, personnummer1: shortForm(pnr()), arrearsSek: '1' }),
        good(93006, { name1: `${long(pnr())}`, personnummer1: shortForm(pnr()) }),
        good(93007, { street: `Gatan ${shortForm(pnr())}`, postalCode: shortForm(pnr()), personnummer1: shortForm(pnr()) }),
        good(93008, { receivedOn: shortForm(pnr()), personnummer1: plus(pnr()) }),
        good(93009, { arrearsSek: pnr(), monthsInArrears: shortForm(pnr()), personnummer1: shortForm(pnr()) }),
        good(93010, { personnummer1: `${pnr()}${'9'.repeat(30)}` }),
      ];
      const res = await t
        .http()
        .post('/api/v1/notification-imports')
        .set('Authorization', coordinator)
        .field('district', 'PRV')
        .attach('file', csvFile(rows), 'fil.csv')
        .expect(202);
      const report = await waitFor(
        async () => {
          const r = await t.http().get(`/api/v1/notification-imports/${res.body.id}`).set('Authorization', coordinator).expect(200);
          return r.body.status === 'done' || r.body.status === 'failed' ? r.body : undefined;
        },
        30000,
        'the import',
      );
      expect(report.status).toBe('done');
      expect(report.rejected.length).toBeGreaterThanOrEqual(6);
      expect(leaks(JSON.stringify(report.rejected))).toEqual([]);
      const [stored] = await t.dataSource.query(
        `SELECT (SELECT string_agg(field || ' ' || message, ' ') FROM notification_import_rejection WHERE import_id = i.id) AS rejected, failure_reason
           FROM notification_import i WHERE id = $1`,
        [res.body.id],
      );
      expect(leaks(JSON.stringify(stored))).toEqual([]);
    });

    it('finds none of the numbers in any error, audit entry, job payload or log line', async () => {
      expect(numbers.length).toBeGreaterThan(40);
      expect(errorBodies.length).toBeGreaterThan(25);
      const inErrors = errorBodies.flatMap(({ what, body }) => leaks(body).map((n) => `${what}: ${n}`));
      expect(inErrors).toEqual([]);
      const audit: Array<{ row: string }> = await t.dataSource.query('SELECT row_to_json(a)::text AS row FROM audit_log a');
      expect(leaks(audit.map((a) => a.row).join('\n'))).toEqual([]);
      // Job requests (outbox) and whatever the queue backend keeps in this database.
      const jobTables: Array<{ table_name: string }> = await t.dataSource.query(
        `SELECT table_schema, table_name FROM information_schema.tables
          WHERE table_schema NOT IN ('pg_catalog', 'information_schema') AND (table_name LIKE '%job%' OR table_name LIKE '%bull%' OR table_name LIKE '%queue%')`,
      );
      expect(jobTables.map((r) => r.table_name)).toContain('outbox_job');
      for (const { table_schema: schema, table_name: table } of jobTables as Array<{ table_schema: string; table_name: string }>) {
        const rows: Array<{ row: string }> = await t.dataSource.query(`SELECT row_to_json(x)::text AS row FROM "${schema}"."${table}" x`);
        expect([table, leaks(rows.map((r) => r.row).join('\n'))]).toEqual([table, []]);
      }
      const payloads: Array<{ payload: Record<string, unknown> }> = await t.dataSource.query('SELECT payload FROM outbox_job');
      expect(payloads.length).toBeGreaterThan(0);
      for (const { payload } of payloads) expect(Object.keys(payload).every((key) => /Id$|^asOf$/.test(key))).toBe(true);
      // Logging was on (debug): the request lines are there, and none of them holds a number.
      expect(logLines.some((line) => line.includes('"msg":"request"'))).toBe(true);
      expect(leaks(logLines.join(''))).toEqual([]);
    });
  });
});
