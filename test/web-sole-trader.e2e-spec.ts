import request from 'supertest';
import { addDays, todayInStockholm } from '@bosam/calendar';
import { createTestApp, TestApp } from './support/app';
import { setupDistrict, testPersonnummer } from './support/factories';

const sessionOf = (res: request.Response): string => {
  const cookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('bosam_session='));
  if (!cookie) throw new Error(`no session cookie (${res.status})`);
  return cookie.split(';')[0];
};
const csrfOf = (html: string): string => /name="_csrf" value="([^"]+)"/.exec(html)![1];

// The web forms that name a landlord work for a sole trader (enskild firma), whose personnummer the
// pages show masked only: each form names the landlord by its id in the register, never by the number.
describe('the web forms with a sole trader as the landlord', () => {
  let t: TestApp;
  let cookie: string;
  let csrf: string;
  let coordinator: string;
  let landlordId: string;
  const today = todayInStockholm();
  const trader = testPersonnummer(9701);
  const masked = `${trader.slice(0, 8)}-****`;
  const hidden = [trader, trader.slice(2), `${trader.slice(0, 8)}-${trader.slice(8)}`, `${trader.slice(2, 8)}-${trader.slice(8)}`];

  const page = async (path: string) => {
    const res = await t.http().get(path).set('Cookie', cookie).expect(200);
    for (const form of hidden) expect({ path, form, shown: res.text.includes(form) }).toEqual({ path, form, shown: false });
    return res.text;
  };
  const post = (path: string, body: Record<string, string | string[]>) =>
    t
      .http()
      .post(path)
      .set('Cookie', cookie)
      .type('form')
      .send({ _csrf: csrf, ...body });
  const api = async (path: string) => (await t.http().get(`/api/v1${path}`).set('Authorization', coordinator).expect(200)).body;

  beforeAll(async () => {
    t = await createTestApp();
    await setupDistrict(t, 'TEST');
    coordinator = await t.auth('coordinator', 'TEST');
    const admin = await t.auth('admin', 'TEST');
    landlordId = (
      await t
        .http()
        .post('/api/v1/landlords')
        .set('Authorization', admin)
        .send({ orgNumber: trader, name: 'Enskild Hyresvärd' })
        .expect(201)
    ).body.id;
    const agent = t.http();
    const login = await agent.get('/login').expect(200);
    const res = await agent
      .post('/login')
      .type('form')
      .send({ _csrf: csrfOf(login.text), token: await t.token('coordinator', 'TEST'), next: '/' })
      .expect(303);
    cookie = sessionOf(res);
    csrf = csrfOf((await t.http().get('/').set('Cookie', cookie)).text);
  }, 60000);
  afterAll(() => t?.close());

  it('records a notice, a plan, a disturbance, a consent and a correction naming the sole trader', async () => {
    const form = await page('/underrattelser/ny');
    expect(form).toContain(`<option value="${landlordId}"`);
    expect(form).toContain(`Enskild Hyresvärd (${masked})`);
    const notice = await post('/underrattelser', {
      source: 'landlord_arrears',
      externalReference: 'WEB-1',
      landlordOrgNumber: landlordId,
      receivedOn: addDays(today, -1),
      tenantServedOn: addDays(today, -3),
      boardNotifiedOn: addDays(today, -2),
      arrearsSek: '8 000',
      monthsInArrears: '2',
      'address.street': 'Webbgatan 1',
      'address.postalCode': '123 45',
      'address.city': 'Stockholm',
      'address.apartment': '1101',
      'tenants[0].personnummer': testPersonnummer(9702),
      'tenants[0].name': 'Webb Hyresgäst',
      childrenInHousehold: '0',
    });
    expect(notice.status).toBe(303);
    const caseId = /\/arenden\/([0-9a-f-]{36})/.exec(notice.headers.location)![1];
    const casePage = await page(`/arenden/${caseId}`);
    // The case's landlord is the choice the forms start from.
    expect(casePage).toMatch(new RegExp(`<option value="${landlordId}" selected`));

    expect(
      (
        await post(`/arenden/${caseId}/avbetalningsplaner`, {
          landlordOrgNumber: landlordId,
          monthlySek: '500',
          firstDueOn: addDays(today, 10),
          agreedOn: today,
        })
      ).status,
    ).toBe(303);
    expect((await post(`/arenden/${caseId}/storningar`, { on: today, landlordOrgNumber: landlordId, category: 'oljud' })).status).toBe(303);
    expect(
      (
        await post(`/arenden/${caseId}/samtycken`, {
          landlordOrgNumber: landlordId,
          categories: 'arrears_status',
          givenOn: today,
          form: 'written',
          documentedBy: 'Handläggare',
        })
      ).status,
    ).toBe(303);
    const detail = await api(`/cases/${caseId}`);
    const shown = { orgNumber: masked, name: 'Enskild Hyresvärd' };
    expect(detail.repaymentPlans[0].landlord).toEqual(shown);
    expect(detail.disturbances[0].landlordOrgNumber).toBe(masked);
    expect(detail.consents[0].landlord).toEqual(shown);

    // A correction that leaves the landlord as it is changes only what was changed.
    const noticeId = detail.notifications[0].id;
    await page(`/arenden/${caseId}/underrattelser/${noticeId}`);
    const amended = await post(`/arenden/${caseId}/underrattelser/${noticeId}`, {
      landlordOrgNumber: landlordId,
      receivedOn: addDays(today, -1),
      tenantServedOn: addDays(today, -3),
      boardNotifiedOn: addDays(today, -2),
      evictionOn: '',
      arrearsSek: '7 000',
      monthsInArrears: '2',
      childrenInHousehold: '0',
      reason: 'Fel belopp',
    });
    expect(amended.status).toBe(303);
    const corrected = await api(`/notifications/${noticeId}`);
    expect(corrected.amendments[0].changes.map((c: { field: string }) => c.field)).toEqual(['arrearsSek']);
    expect(corrected.landlord).toEqual(shown);
  });

  it('plans a liaison session with the sole trader, records the attendance and an exchange, and prints their agenda', async () => {
    const list = await page('/samverkan');
    expect(list).toContain(`value="${landlordId}"`);
    expect((await post('/samverkan', { on: today, landlord: landlordId })).status).toBe(303);
    const [session] = await api('/liaison-sessions');
    const sessionPage = await page(`/samverkan/${session.id}`);
    expect(sessionPage).toContain(`<input type="hidden" name="landlord" value="${landlordId}"/>`);
    const attendance = await post(`/samverkan/${session.id}/narvaro`, { landlord: landlordId, attendees: 'Ägaren själv' });
    expect(attendance.status).toBe(303);
    expect((await api(`/liaison-sessions/${session.id}`)).landlords[0]).toMatchObject({
      id: landlordId,
      orgNumber: masked,
      attendees: ['Ägaren själv'],
    });
    const [caseItem] = (await api('/cases')).items;
    const exchange = await post(`/samverkan/${session.id}/utbyte`, {
      caseId: caseItem.id,
      landlordOrgNumber: landlordId,
      direction: 'to_landlord',
      categories: 'arrears_status',
      summary: 'Skulden stämd av',
    });
    expect(exchange.status).toBe(303);
    expect((await api(`/liaison-sessions/${session.id}`)).exchanges).toHaveLength(1);
    const agenda = await page(`/samverkan/${session.id}/dagordning?hyresvard=${landlordId}`);
    expect(agenda).toContain('Enskild Hyresvärd');
  });
});
