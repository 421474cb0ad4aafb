import { previousTermCode, termOf, todayInStockholm } from '@bosam/calendar';
import { DEMO_DISTRICT, DEMO_LANDLORDS, loadDemo } from '../apps/cli/src/demo';
import { createTestApp, TestApp } from './support/app';

/** The demo's landlord liaison and evaluation loop: a held session with its general part, and last term's decisions followed up. */
describe('demo data: a held liaison session and the previous term carried into this one', () => {
  let t: TestApp;
  let coordinator: string;
  const today = todayInStockholm();
  const term = termOf(today);

  beforeAll(async () => {
    t = await createTestApp();
    await loadDemo(t.app, today);
    coordinator = await t.auth('coordinator', DEMO_DISTRICT);
  });
  afterAll(() => t.close());

  it('has a held session with who came, exchanges tied to it, and a printable agenda with a general part and consented cases', async () => {
    const sessions = (await t.http().get('/api/v1/liaison-sessions').set('Authorization', coordinator).expect(200)).body;
    const held = sessions.find((s: { status: string }) => s.status === 'held');
    expect(held.landlords.some((l: { attendees: string[] | null }) => (l.attendees ?? []).length > 0)).toBe(true);
    const detail = (await t.http().get(`/api/v1/liaison-sessions/${held.id}`).set('Authorization', coordinator).expect(200)).body;
    expect(detail.exchanges.length).toBeGreaterThanOrEqual(1);
    expect(detail.exchanges.every((x: { on: string }) => x.on === held.on)).toBe(true);
    const landlord = detail.exchanges[0].landlord.orgNumber;
    const agenda = (
      await t.http().get(`/api/v1/liaison-sessions/${held.id}/agenda?landlord=${landlord}`).set('Authorization', coordinator).expect(200)
    ).body;
    expect(agenda.cases.length).toBeGreaterThanOrEqual(1);
    expect(Number(agenda.general.openCases.replace('<5', '1'))).toBeGreaterThan(0);
    const html = (
      await t
        .http()
        .get(`/api/v1/liaison-sessions/${held.id}/agenda.html?landlord=${landlord}`)
        .set('Authorization', coordinator)
        .expect(200)
    ).text;
    expect(html).toContain('Allmän del');
    expect(html).toContain('Ärende 1');
    expect(DEMO_LANDLORDS.some((l) => html.includes(l.name))).toBe(true);
  });

  it('shows last term’s decisions with their status at this term’s evaluation', async () => {
    const report = (
      await t.http().get(`/api/v1/districts/${DEMO_DISTRICT}/terms/${term}/indicators`).set('Authorization', coordinator).expect(200)
    ).body;
    expect(report.previousTerm).toBe(previousTermCode(term));
    expect(report.previousDecisions.map((d: { status: string }) => d.status).sort()).toEqual(['done', 'dropped', 'open']);
    const before = (
      await t
        .http()
        .get(`/api/v1/districts/${DEMO_DISTRICT}/terms/${previousTermCode(term)}/indicators`)
        .set('Authorization', coordinator)
        .expect(200)
    ).body;
    expect(before.targets.some((x: { unit: string | null }) => x.unit === 'EKB')).toBe(true);
  });
});
