import { randomUUID } from 'node:crypto';
import { withLuhnDigit } from '@bosam/identity';
import { AuditService, JobName, loadConfig, PersonalData, QUEUE_OF } from '@bosam/platform';
import { RETENTION_REASON, RetentionService } from '@bosam/retention';
import { createTestApp, TestApp } from './support/app';
import { DistrictFixture, newDistrict } from './support/meeting-factories';
import { seedCase } from './support/cases';
import { waitFor } from './support/wait';

// Every table that hangs on a case (directly or through its notifications).
const CASE_TABLES = [
  'household_case',
  'case_tenant',
  'notification',
  'case_deadline',
  'case_unit',
  'case_contact',
  'next_step',
  'case_event',
  'consent',
  'landlord_exchange',
  'agenda_item',
  'agenda_notification',
  'meeting_decision',
] as const;

const AS_OF = '2026-11-27';
let serial = 0;

/** A canonical personnummer born 1980-01-`day` (a samordningsnummer when day > 60). */
function personnummerBornOn(day: number): string {
  serial += 1;
  return `19${withLuhnDigit(`8001${String(day).padStart(2, '0')}${String(serial).padStart(3, '0')}`)}`;
}

interface SeedSpec {
  status?: 'open' | 'closed';
  openedOn?: string;
  closedOn?: string | null;
  birthDays?: number[];
  /** The tenants' identity numbers (instead of numbers born on birthDays). */
  personnummer?: string[];
  /** Also contacts, next step, consent, exchange, deadline, unit, timeline, frozen agenda and decision, all dated then. */
  full?: boolean;
  contactOn?: string;
  eventAt?: string;
  previousCaseId?: string;
}

describe('retention (gallring): SoL 12:1 with the research exemption of 12:2', () => {
  let t: TestApp;
  let d: DistrictFixture;
  let other: DistrictFixture;
  let landlordId: string;
  let meetingId: string;

  beforeAll(async () => {
    t = await createTestApp({ worker: true });
    d = await newDistrict(t, 'RET', ['EKB']);
    other = await newDistrict(t, 'RETB', ['EKB']);
    [{ id: landlordId }] = await t.dataSource.query(
      `INSERT INTO landlord (org_number, name) VALUES ($1, 'Gallringsbostäder AB') RETURNING id`,
      [withLuhnDigit('556000111')],
    );
    [{ id: meetingId }] = await t.dataSource.query(
      `INSERT INTO meeting (district_code, starts_at, held_on, status, started_at, closed_at, created_by)
       VALUES ('RET', '2019-02-20T08:00:00Z', '2019-02-20', 'closed', '2019-02-20T08:00:00Z', '2019-02-20T10:00:00Z', 'test')
       RETURNING id`,
    );
  });
  afterAll(() => t.close());

  /** A case written straight into the tables with explicit old dates. */
  async function seed(district: DistrictFixture, spec: SeedSpec): Promise<string> {
    const caseId = randomUUID();
    const closedOn = spec.closedOn === undefined ? '2019-03-01' : spec.closedOn;
    const status = spec.status ?? 'closed';
    const openedOn = spec.openedOn ?? '2019-01-10';
    const at = `${closedOn ?? openedOn}T09:00:00Z`;
    await t.dataSource.transaction(async (m) => {
      const {
        notificationIds: [notificationId],
      } = await seedCase(
        t,
        {
          id: caseId,
          districtCode: district.code,
          status,
          openedOn,
          closedOn: status === 'closed' ? closedOn : null,
          outcome: status === 'closed' ? 'lease_kept' : null,
          street: 'Gallringsgatan 1',
          previousCaseId: spec.previousCaseId ?? null,
          recurrence: spec.previousCaseId !== undefined,
          createdAt: at,
          tenants: (spec.personnummer ?? (spec.birthDays ?? [4]).map(personnummerBornOn)).map((personnummer) => ({
            personnummer,
            name: 'Test Gallring',
          })),
          notices: [{ receivedOn: openedOn, createdAt: at }],
        },
        m,
      );
      await m.query(`INSERT INTO case_event (case_id, kind, actor_sub, data, at) VALUES ($1, 'case_closed', 'test', '{}', $2)`, [
        caseId,
        spec.eventAt ?? at,
      ]);
      if (spec.contactOn) {
        await m.query(
          `INSERT INTO case_contact (case_id, "on", channel, reached, created_by, created_at) VALUES ($1, $2, 'phone', true, 'test', $3)`,
          [caseId, spec.contactOn, `${spec.contactOn}T09:00:00Z`],
        );
      }
      if (spec.full) {
        await m.query(
          `INSERT INTO case_deadline (case_id, notification_id, kind, due_on, rule) VALUES ($1, $2, 'recovery_window', '2019-02-01', 'JB 12:44')`,
          [caseId, notificationId],
        );
        await m.query('INSERT INTO case_unit (case_id, unit_id) VALUES ($1, $2)', [caseId, district.units.EKB]);
        await m.query(
          `INSERT INTO case_contact (case_id, "on", channel, reached, created_by, created_at) VALUES ($1, '2019-01-15', 'letter', false, 'test', $2)`,
          [caseId, at],
        );
        await m.query(
          `INSERT INTO next_step (district_code, case_id, unit_id, action, due_on, status, done_on, created_by, created_at)
           VALUES ($1, $2, $3, 'Ring hyresgästen', '2019-02-01', 'done', '2019-02-01', 'test', $4)`,
          [district.code, caseId, district.units.EKB, at],
        );
        const [{ id: consentId }] = await m.query(
          `INSERT INTO consent (district_code, case_id, landlord_id, categories, given_on, form, documented_by, created_by, created_at)
           VALUES ($1, $2, $3, '{arrears_status}', '2019-01-20', 'written', 'test', 'test', $4) RETURNING id`,
          [district.code, caseId, landlordId, at],
        );
        await m.query(
          `INSERT INTO landlord_exchange (district_code, case_id, landlord_id, "on", direction, categories, summary, consent_ids, created_by, created_at)
           VALUES ($1, $2, $3, '2019-01-25', 'to_landlord', '{arrears_status}', 'Avbetalningsplan', $4, 'test', $5)`,
          [district.code, caseId, landlordId, [consentId], at],
        );
        const [{ n: position }] = await m.query('SELECT coalesce(max(position) + 1, 0)::int AS n FROM agenda_item WHERE meeting_id = $1', [
          meetingId,
        ]);
        await m.query(`INSERT INTO agenda_item (meeting_id, section, position, case_id, item) VALUES ($1, 'new', $2, $3, '{}')`, [
          meetingId,
          position,
          caseId,
        ]);
        await m.query('INSERT INTO agenda_notification (notification_id, meeting_id) VALUES ($1, $2)', [notificationId, meetingId]);
        await m.query('UPDATE notification SET awaiting_agenda = false WHERE id = $1', [notificationId]);
        await m.query(
          `INSERT INTO meeting_decision (meeting_id, case_id, text, decided_by, decided_by_role, created_at)
           VALUES ($1, $2, 'Kontakta hyresvärden', 'test', 'coordinator', $3)`,
          [meetingId, caseId, at],
        );
      }
    });
    return caseId;
  }

  /** Rows per table that belong to these cases. */
  async function rowsOf(caseIds: string[]): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (const table of CASE_TABLES) {
      const where =
        table === 'household_case'
          ? 'id = ANY($1)'
          : table === 'agenda_notification'
            ? 'notification_id IN (SELECT id FROM notification WHERE case_id = ANY($1))'
            : 'case_id = ANY($1)';
      const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM ${table} WHERE ${where}`, [caseIds]);
      counts[table] = n;
    }
    return counts;
  }
  const exists = async (caseId: string): Promise<boolean> =>
    (await t.dataSource.query('SELECT 1 FROM household_case WHERE id = $1', [caseId])).length === 1;

  // The worker holds the job's service; the API application does not.
  const retention = (): RetentionService => t.worker!.get(RetentionService);

  /** The service with configuration as the environment would give it. */
  const serviceWith = (env: Record<string, string>): RetentionService =>
    new RetentionService(
      t.dataSource,
      t.app.get(AuditService),
      loadConfig({ ...env, DATABASE_URL: t.config.databaseUrl }),
      t.app.get(PersonalData),
    );

  const cases: Record<string, string> = {};

  it('thins exactly the closed cases past five years without a research-exempt tenant, with everything on them', async () => {
    cases.old = await seed(d, { full: true });
    cases.boundary = await seed(d, { closedOn: '2021-11-27' });
    cases.dayAfterBoundary = await seed(d, { closedOn: '2021-11-28' });
    cases.bornOn15th = await seed(d, { full: true, birthDays: [4, 15] });
    cases.coordination75 = await seed(d, { birthDays: [75] });
    cases.openOld = await seed(d, { status: 'open', openedOn: '2015-05-05', closedOn: null });
    cases.recentContact = await seed(d, { contactOn: '2024-05-01' });
    cases.recentEvent = await seed(d, { eventAt: '2025-06-01T10:00:00Z' });
    // Late in the evening of 27 November 2021 UTC is already the 28th in Stockholm: not yet due.
    cases.eventStockholmDate = await seed(d, { closedOn: '2021-11-20', eventAt: '2021-11-27T23:30:00Z' });
    cases.recentlyClosed = await seed(d, { closedOn: '2025-02-01' });
    cases.previous = await seed(d, {});
    cases.recurrence = await seed(d, { status: 'open', openedOn: '2026-01-10', closedOn: null, previousCaseId: cases.previous });
    cases.otherDistrict = await seed(other, { full: false });

    const thinnedKeys = ['old', 'boundary', 'previous', 'otherDistrict'];
    const keptKeys = Object.keys(cases).filter((k) => !thinnedKeys.includes(k));
    const before = await rowsOf(thinnedKeys.map((k) => cases[k]));
    const keptBefore = await rowsOf(keptKeys.map((k) => cases[k]));
    // The full case reaches every table, so the counts below prove each one.
    for (const table of CASE_TABLES) expect(before[table]).toBeGreaterThan(0);

    // A dry run counts and deletes nothing.
    const dry = await serviceWith({ RETENTION_DRY_RUN: '1' }).enforce({ asOf: AS_OF });
    expect(dry).toMatchObject({ dryRun: true, thinned: 4, exempt: 2 });
    expect(await rowsOf(thinnedKeys.map((k) => cases[k]))).toEqual(before);

    const auditBefore = await t.dataSource.query('SELECT count(*)::int AS n FROM audit_log');
    const report = await retention().enforce({ asOf: AS_OF });
    expect(report).toMatchObject({ asOf: AS_OF, dryRun: false, years: 5, thinned: 4, exempt: 2, notYetDue: 3, examined: 9 });
    expect(report.districts).toEqual([
      { district: 'RET', examined: 8, exempt: 2, thinned: 3, notYetDue: 3, protectedPersonsRemoved: 0 },
      { district: 'RETB', examined: 1, exempt: 0, thinned: 1, notYetDue: 0, protectedPersonsRemoved: 0 },
    ]);
    const after = await rowsOf(thinnedKeys.map((k) => cases[k]));
    for (const table of CASE_TABLES) expect({ table, n: after[table] }).toEqual({ table, n: 0 });
    expect(await rowsOf(keptKeys.map((k) => cases[k]))).toEqual(keptBefore);
    // The later case keeps its recurrence flag and loses the pointer to the thinned one.
    const [recurrence] = await t.dataSource.query('SELECT recurrence, previous_case_id FROM household_case WHERE id = $1', [
      cases.recurrence,
    ]);
    expect(recurrence).toEqual({ recurrence: true, previous_case_id: null });
    // The frozen agenda of the past meeting keeps the other cases' items.
    const items = await t.dataSource.query('SELECT case_id FROM agenda_item WHERE meeting_id = $1', [meetingId]);
    expect(items).toEqual([{ case_id: cases.bornOn15th }]);
    const [{ n: agendaNotices }] = await t.dataSource.query('SELECT count(*)::int AS n FROM agenda_notification WHERE meeting_id = $1', [
      meetingId,
    ]);
    expect(agendaNotices).toBe(1);
    const [{ n: decisions }] = await t.dataSource.query('SELECT count(*)::int AS n FROM meeting_decision WHERE meeting_id = $1', [
      meetingId,
    ]);
    expect(decisions).toBe(1);

    // One audit entry per district and batch, by the system actor in that district; the log itself is not thinned.
    const entries = await t.dataSource.query(
      `SELECT actor_sub, district_code, action, entity_type, case_ids, reason FROM audit_log
        WHERE id > (SELECT coalesce(max(id), 0) FROM audit_log) - 10 AND action = 'delete' AND entity_type = 'household_case' ORDER BY id`,
    );
    expect(entries).toHaveLength(2);
    expect(entries[0]).toMatchObject({ actor_sub: 'system', district_code: 'RET', reason: RETENTION_REASON });
    expect([...entries[0].case_ids].sort()).toEqual([cases.old, cases.boundary, cases.previous].sort());
    expect(entries[1]).toMatchObject({
      actor_sub: 'system',
      district_code: 'RETB',
      case_ids: [cases.otherDistrict],
      reason: RETENTION_REASON,
    });
    const [{ n: auditAfter }] = await t.dataSource.query('SELECT count(*)::int AS n FROM audit_log');
    expect(auditAfter).toBeGreaterThan(auditBefore[0].n);
    const verify = await t
      .http()
      .get('/api/v1/audit/verify')
      .set('Authorization', await t.auth('auditor', 'RET'))
      .expect(200);
    expect(verify.body.valid).toBe(true);

    // Running again changes nothing.
    expect(await retention().enforce({ asOf: AS_OF })).toMatchObject({ thinned: 0, exempt: 2 });
  });

  it('runs through the queue, and is scheduled nightly under a fixed id', async () => {
    const queued = await seed(d, { full: true });
    await t.dataSource.transaction((m) => t.queues.enqueue(m, JobName.EnforceRetention, { asOf: AS_OF }, { jobId: `retention-${AS_OF}` }));
    t.queues.dispatchSoon();
    await waitFor(async () => !(await exists(queued)), 20000, 'the retention job');
    expect(Object.values(await rowsOf([queued])).every((n) => n === 0)).toBe(true);
    expect(await exists(cases.bornOn15th)).toBe(true);
    const schedulers = await t.queues.queue(QUEUE_OF[JobName.EnforceRetention]).getJobSchedulers();
    expect(schedulers.map((s) => s.key ?? s.id)).toContain(`scheduled-${JobName.EnforceRetention}`);
  });

  it('thins the research selection too when RETENTION_EXEMPT_BIRTH_DAYS is empty', async () => {
    const report = await serviceWith({ RETENTION_EXEMPT_BIRTH_DAYS: '' }).enforce({ asOf: AS_OF });
    expect(report).toMatchObject({ thinned: 2, exempt: 0 });
    expect(await exists(cases.bornOn15th)).toBe(false);
    expect(await exists(cases.coordination75)).toBe(false);
    expect(Object.values(await rowsOf([cases.bornOn15th, cases.coordination75])).every((n) => n === 0)).toBe(true);
    for (const kept of ['openOld', 'recentContact', 'recentEvent', 'eventStockholmDate', 'recentlyClosed', 'recurrence']) {
      expect({ kept, exists: await exists(cases[kept]) }).toEqual({ kept, exists: true });
    }
  });

  it('takes a person out of the protected-identity register when none of their cases is kept any more, in any district', async () => {
    const keys = t.app.get(PersonalData);
    const [gone, keptHere, keptElsewhere] = [personnummerBornOn(6), personnummerBornOn(7), personnummerBornOn(8)];
    await seed(d, { personnummer: [gone, keptHere] });
    await seed(d, { personnummer: [gone] });
    await seed(d, { personnummer: [keptHere], status: 'open', openedOn: '2019-01-10', closedOn: null });
    await seed(d, { personnummer: [keptElsewhere] });
    await seed(other, { personnummer: [keptElsewhere], closedOn: '2025-02-01' });
    for (const p of [gone, keptHere, keptElsewhere]) {
      await t.dataSource.query(`INSERT INTO protected_person (personnummer_index, personnummer_sealed, set_by) VALUES ($1, $2, 'test')`, [
        keys.index(p),
        keys.seal('personnummer', p),
      ]);
    }
    const registered = async () =>
      (await t.dataSource.query('SELECT personnummer_sealed AS s FROM protected_person'))
        .map((r: { s: string }) => keys.open('personnummer', r.s))
        .sort();
    expect(await serviceWith({ RETENTION_DRY_RUN: '1' }).enforce({ asOf: AS_OF })).toMatchObject({
      thinned: 3,
      protectedPersonsRemoved: 1,
    });
    expect(await registered()).toEqual([gone, keptHere, keptElsewhere].sort());
    const report = await retention().enforce({ asOf: AS_OF });
    expect(report).toMatchObject({ thinned: 3, protectedPersonsRemoved: 1 });
    expect(await registered()).toEqual([keptHere, keptElsewhere].sort());
    const [entry] = await t.dataSource.query(
      `SELECT reason, entity_ids FROM audit_log WHERE entity_type = 'protected_person' AND action = 'delete'`,
    );
    expect(entry).toEqual({ reason: `${RETENTION_REASON}: 1 without a kept case`, entity_ids: [] });
  });

  it('removes evaluation export files older than RETENTION_EXPORT_DAYS, keeping the rows', async () => {
    const insert = async (status: string, finishedAt: string): Promise<string> => {
      const [{ id }] = await t.dataSource.query(
        `INSERT INTO evaluation_export (district_code, term, format, status, progress, requested_by, content, created_at, finished_at)
         VALUES ('RET', '2026-VT', 'csv', $1, 100, 'test', $2, $3, $3) RETURNING id`,
        [status, status === 'done' ? Buffer.from('a;b\n1;2\n') : null, finishedAt],
      );
      return id;
    };
    const old = await insert('done', '2026-10-20T12:00:00Z');
    const recent = await insert('done', '2026-11-20T12:00:00Z');
    const failed = await insert('failed', '2026-01-20T12:00:00Z');

    expect(await serviceWith({ RETENTION_DRY_RUN: '1' }).enforce({ asOf: AS_OF })).toMatchObject({ exportFilesRemoved: 1 });
    const report = await retention().enforce({ asOf: AS_OF });
    expect(report.exportFilesRemoved).toBe(1);
    const rows = await t.dataSource.query(
      'SELECT id, status, content IS NOT NULL AS "hasFile" FROM evaluation_export WHERE id = ANY($1) ORDER BY finished_at',
      [[old, recent, failed]],
    );
    expect(rows).toEqual([
      { id: failed, status: 'failed', hasFile: false },
      { id: old, status: 'expired', hasFile: false },
      { id: recent, status: 'done', hasFile: true },
    ]);
    const auth = await t.auth('coordinator', 'RET');
    const status = await t.http().get(`/api/v1/evaluation-exports/${old}`).set('Authorization', auth).expect(200);
    expect(status.body.status).toBe('expired');
    const file = await t.http().get(`/api/v1/evaluation-exports/${old}/file`).set('Authorization', auth).expect(409);
    expect(file.body.detail).toMatch(/retention/);
    // A shorter setting takes the recent one too.
    expect((await serviceWith({ RETENTION_EXPORT_DAYS: '3' }).enforce({ asOf: AS_OF })).exportFilesRemoved).toBe(1);
  });

  it('validates its settings, naming the variable', () => {
    expect(loadConfig({})).toMatchObject({
      retentionYears: 5,
      retentionExemptBirthDays: [5, 15, 25],
      retentionExportDays: 30,
      retentionDryRun: false,
    });
    expect(loadConfig({ RETENTION_EXEMPT_BIRTH_DAYS: ' 25, 5 ,5' }).retentionExemptBirthDays).toEqual([5, 25]);
    expect(loadConfig({ RETENTION_EXEMPT_BIRTH_DAYS: '' }).retentionExemptBirthDays).toEqual([]);
    expect(() => loadConfig({ RETENTION_EXEMPT_BIRTH_DAYS: '5,32' })).toThrow(/RETENTION_EXEMPT_BIRTH_DAYS/);
    expect(() => loadConfig({ RETENTION_EXEMPT_BIRTH_DAYS: '0' })).toThrow(/RETENTION_EXEMPT_BIRTH_DAYS/);
    expect(() => loadConfig({ RETENTION_EXEMPT_BIRTH_DAYS: 'fifth' })).toThrow(/RETENTION_EXEMPT_BIRTH_DAYS/);
    expect(() => loadConfig({ RETENTION_YEARS: '0' })).toThrow(/RETENTION_YEARS/);
    expect(() => loadConfig({ RETENTION_EXPORT_DAYS: 'x' })).toThrow(/RETENTION_EXPORT_DAYS/);
    expect(() => loadConfig({ RETENTION_DRY_RUN: 'yes' })).toThrow(/RETENTION_DRY_RUN/);
    expect(loadConfig({ RETENTION_DRY_RUN: '1' }).retentionDryRun).toBe(true);
  });
});
