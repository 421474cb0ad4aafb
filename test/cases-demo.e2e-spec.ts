import { addDays, todayInStockholm } from '@bosam/calendar';
import { DEMO_DISTRICT, loadDemo } from '../apps/cli/src/demo';
import { createTestApp, TestApp } from './support/app';
import { storedPersonnummer } from './support/personal-data';

describe('demo data of npm start: realistic cases in every state the agenda needs', () => {
  let t: TestApp;
  const today = todayInStockholm();
  let cases: Array<Record<string, any>>;

  beforeAll(async () => {
    t = await createTestApp();
    await loadDemo(t.app, today);
    const auth = await t.auth('coordinator', DEMO_DISTRICT);
    const res = await t.http().get('/api/v1/cases?limit=200').set('Authorization', auth).expect(200);
    cases = res.body.items;
  });
  afterAll(() => t.close());

  const count = (sql: string) => t.dataSource.query(sql).then((rows: Array<{ n: number }>) => rows[0].n);

  it('holds a few dozen notifications on a couple of dozen cases', async () => {
    expect(await count('SELECT count(*)::int AS n FROM notification')).toBeGreaterThanOrEqual(30);
    expect(cases.length).toBeGreaterThanOrEqual(25);
  });

  it('has new, urgent, children, debt, disturbance, recurrence, protected, several-unit and closed cases', async () => {
    const open = cases.filter((c) => c.status === 'open');
    const inFourWeeks = addDays(today, 28);
    expect(open.filter((c) => c.lastReceivedOn >= addDays(today, -14)).length).toBeGreaterThanOrEqual(8);
    expect(open.filter((c) => c.nextDeadline && c.nextDeadline.dueOn <= inFourWeeks).length).toBeGreaterThanOrEqual(5);
    expect(open.filter((c) => c.nextDeadline?.kind === 'eviction' && c.nextDeadline.dueOn <= inFourWeeks).length).toBeGreaterThanOrEqual(2);
    expect(open.filter((c) => c.nextDeadline?.estimated).length).toBeGreaterThanOrEqual(1);
    expect(open.filter((c) => c.childrenInHousehold > 0).length).toBeGreaterThanOrEqual(8);
    expect(open.filter((c) => c.arrearsSek > 0 && c.lastReceivedOn < addDays(today, -14)).length).toBeGreaterThanOrEqual(4);
    expect(open.filter((c) => c.ongoingDisturbance).length).toBeGreaterThanOrEqual(3);
    expect(open.filter((c) => c.recurrence).length).toBe(1);
    expect(open.filter((c) => c.protectedIdentity && c.address === null).length).toBe(2);
    expect(open.filter((c) => c.units.length >= 2).length).toBeGreaterThanOrEqual(6);
    expect(
      cases
        .filter((c) => c.status === 'closed')
        .map((c) => c.outcome)
        .sort(),
    ).toEqual(['agreement', 'commitment_given', 'lease_kept', 'moved']);
  });

  it('uses valid test identity numbers only, and a samordningsnummer among them', async () => {
    const rows = (await storedPersonnummer(t)).map((personnummer) => ({ personnummer }));
    for (const { personnummer } of rows) expect(personnummer).toMatch(/^(19|20)\d{6}9[89]\d\d$/);
    expect(rows.some(({ personnummer }: { personnummer: string }) => Number(personnummer.slice(6, 8)) > 60)).toBe(true);
    const listed = JSON.stringify(cases);
    for (const { personnummer: p } of rows) expect(listed).not.toMatch(new RegExp(`${p.slice(2, 8)}-?${p.slice(8)}`));
  });

  it('loaded everything through the intake: deadlines, timelines and the audit log are there', async () => {
    expect(await count("SELECT count(*)::int AS n FROM case_deadline WHERE kind = 'recovery_window'")).toBeGreaterThanOrEqual(20);
    expect(await count("SELECT count(*)::int AS n FROM case_event WHERE kind = 'contact_recorded'")).toBeGreaterThanOrEqual(20);
    expect(await count("SELECT count(*)::int AS n FROM case_event WHERE kind = 'household_returned'")).toBe(1);
    expect(await count("SELECT count(*)::int AS n FROM audit_log WHERE entity_type = 'notification'")).toBeGreaterThanOrEqual(30);
  });

  it('shows a case followed between meetings: a plan kept and one broken, a debt paid down, disturbances ended, a shared apartment, a corrected notice', async () => {
    const events = async (kind: string) => count(`SELECT count(*)::int AS n FROM case_event WHERE kind = '${kind}'`);
    expect(await events('repayment_plan_kept')).toBe(1);
    expect(await events('repayment_plan_broken')).toBe(1);
    expect(await events('balance_recorded')).toBeGreaterThanOrEqual(3);
    expect(await events('disturbances_ended')).toBe(1);
    expect(await events('disturbance_reported')).toBe(1);
    expect(await events('notification_amended')).toBe(1);
    // Paid down (Holm) and disturbances ended (Sjögren): both left follow-up by themselves.
    expect(await count("SELECT count(*)::int AS n FROM case_event WHERE kind = 'follow_up_ended'")).toBe(2);
    const palms = cases.filter((c) => c.status === 'open' && c.tenants.some((p: { name: string }) => p.name.endsWith(' Palm')));
    expect(palms).toHaveLength(2);
    expect(palms.every((c) => c.sharedApartment)).toBe(true);
    expect(cases.filter((c) => c.sharedApartment)).toHaveLength(2);
    // The broken plan puts its case on the first agenda with that reason.
    const auth = await t.auth('coordinator', DEMO_DISTRICT);
    const meeting = await t
      .http()
      .post('/api/v1/meetings')
      .set('Authorization', auth)
      .send({ district: DEMO_DISTRICT, startsAt: `${addDays(today, 1)}T09:00:00+01:00` })
      .expect(201);
    const agenda = await t.http().get(`/api/v1/meetings/${meeting.body.id}/agenda`).set('Authorization', auth).expect(200);
    const codes = agenda.body.sections.flatMap((s: { items: Array<{ reasons: Array<{ code: string }> }> }) =>
      s.items.flatMap((i) => i.reasons.map((r) => r.code)),
    );
    expect(codes).toEqual(expect.arrayContaining(['repayment_plan_broken', 'shared_apartment', 'notice_amended']));
  });
});
