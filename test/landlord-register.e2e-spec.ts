import { createTestApp, TestApp } from './support/app';
import { orgNumber, setupDistrict, TEST_LANDLORD } from './support/factories';

/** The landlord register is every district's: no district sets the name the others see. */
describe('landlord register: shared, renamed by an admin only, every change audited', () => {
  let t: TestApp;
  let admin: string;
  let coordinator: string;
  let otherCoordinator: string;

  beforeAll(async () => {
    t = await createTestApp();
    await setupDistrict(t, 'TEST');
    await setupDistrict(t, 'OTHER', ['EKB']);
    admin = await t.auth('admin', 'TEST');
    coordinator = await t.auth('coordinator', 'TEST');
    otherCoordinator = await t.auth('coordinator', 'OTHER');
  });
  afterAll(() => t.close());

  const nameInRegister = async (org: string): Promise<string | undefined> =>
    (await t.http().get('/api/v1/landlords').set('Authorization', otherCoordinator).expect(200)).body.find(
      (l: { orgNumber: string }) => l.orgNumber === org,
    )?.name;
  const audited = (entityType: string, id: string) =>
    t.dataSource.query('SELECT actor_sub, action, reason FROM audit_log WHERE entity_type = $1 AND $2 = ANY(entity_ids) ORDER BY id', [
      entityType,
      id,
    ]);

  it('refuses a coordinator who would add or rename a landlord directly', async () => {
    const created = await t
      .http()
      .post('/api/v1/landlords')
      .set('Authorization', coordinator)
      .send({ orgNumber: orgNumber(11), name: 'Mitt namn AB' });
    expect(created.status).toBe(403);
    const renamed = await t
      .http()
      .patch(`/api/v1/landlords/${TEST_LANDLORD.orgNumber}`)
      .set('Authorization', coordinator)
      .send({ name: 'Omdöpt AB' });
    expect(renamed.status).toBe(403);
    expect(await nameInRegister(TEST_LANDLORD.orgNumber)).toBe(TEST_LANDLORD.name);
  });

  it('lets a coordinator ask for a rename, which changes nothing until an admin accepts it', async () => {
    const asked = await t
      .http()
      .post('/api/v1/landlord-requests')
      .set('Authorization', coordinator)
      .send({ orgNumber: TEST_LANDLORD.orgNumber, name: 'Testbostäder i Skarpnäck AB' })
      .expect(201);
    expect(asked.body).toMatchObject({ status: 'pending', district: 'TEST', registered: true, orgNumber: TEST_LANDLORD.orgNumber });
    expect(await nameInRegister(TEST_LANDLORD.orgNumber)).toBe(TEST_LANDLORD.name);
    // Another district does not see this district's requests; the admin sees every district's.
    const theirs = await t.http().get('/api/v1/landlord-requests').set('Authorization', otherCoordinator).expect(200);
    expect(theirs.body.map((r: { id: string }) => r.id)).not.toContain(asked.body.id);
    const pending = await t.http().get('/api/v1/landlord-requests?status=pending').set('Authorization', admin).expect(200);
    expect(pending.body.map((r: { id: string }) => r.id)).toContain(asked.body.id);
    // A coordinator cannot accept their own request.
    expect((await t.http().post(`/api/v1/landlord-requests/${asked.body.id}/accept`).set('Authorization', coordinator)).status).toBe(403);

    const accepted = await t.http().post(`/api/v1/landlord-requests/${asked.body.id}/accept`).set('Authorization', admin).expect(200);
    expect(accepted.body).toMatchObject({ status: 'accepted', decidedBy: 'admin-test' });
    expect(await nameInRegister(TEST_LANDLORD.orgNumber)).toBe('Testbostäder i Skarpnäck AB');
    expect((await t.http().post(`/api/v1/landlord-requests/${asked.body.id}/reject`).set('Authorization', admin)).status).toBe(409);

    const landlordId = (
      await t.dataSource.query('SELECT id FROM landlord WHERE org_number = $1', [TEST_LANDLORD.orgNumber.replace('-', '')])
    )[0].id;
    expect(await audited('landlord_request', asked.body.id)).toEqual([
      { actor_sub: 'coordinator-test', action: 'create', reason: null },
      { actor_sub: 'admin-test', action: 'update', reason: 'accepted' },
    ]);
    expect(await audited('landlord', landlordId)).toEqual(
      expect.arrayContaining([{ actor_sub: 'admin-test', action: 'update', reason: null }]),
    );
  });

  it('adds a new landlord through an accepted request, and leaves the register alone on a rejected one', async () => {
    const org = orgNumber(22);
    const asked = await t
      .http()
      .post('/api/v1/landlord-requests')
      .set('Authorization', coordinator)
      .send({ orgNumber: org, name: 'Nya Hem AB', municipal: true })
      .expect(201);
    expect(asked.body.registered).toBe(false);
    await t.http().post(`/api/v1/landlord-requests/${asked.body.id}/accept`).set('Authorization', admin).expect(200);
    expect(await nameInRegister(org)).toBe('Nya Hem AB');

    const rename = await t
      .http()
      .post('/api/v1/landlord-requests')
      .set('Authorization', otherCoordinator)
      .send({ orgNumber: org, name: 'Kapat namn' })
      .expect(201);
    await t.http().post(`/api/v1/landlord-requests/${rename.body.id}/reject`).set('Authorization', admin).expect(200);
    expect(await nameInRegister(org)).toBe('Nya Hem AB');
  });

  it('lets an admin rename directly, audited', async () => {
    const org = orgNumber(22);
    const res = await t
      .http()
      .patch(`/api/v1/landlords/${org.replace('-', '')}`)
      .set('Authorization', admin)
      .send({ name: 'Nya Hem i Stockholm AB' })
      .expect(200);
    expect(res.body).toMatchObject({ orgNumber: org, name: 'Nya Hem i Stockholm AB', municipal: true });
    expect(await audited('landlord', res.body.id)).toEqual(
      expect.arrayContaining([
        { actor_sub: 'admin-test', action: 'create', reason: null },
        { actor_sub: 'admin-test', action: 'update', reason: null },
      ]),
    );
    expect(
      (
        await t
          .http()
          .patch(`/api/v1/landlords/${orgNumber(33)}`)
          .set('Authorization', admin)
          .send({ name: 'X' })
      ).status,
    ).toBe(404);
  });
});
