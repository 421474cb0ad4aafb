import { createTestApp, TestApp } from './support/app';
import { setupDistrict } from './support/factories';

/** Throttling: guessing tokens, writing faster than anyone works, and bodies built to be expensive. */
describe('throttling', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({
      env: { AUTH_FAILURES_PER_MINUTE: '5', WRITES_PER_MINUTE: '4', JSON_MAX_ARRAY_ITEMS: '10', JSON_MAX_DEPTH: '8' },
    });
    await setupDistrict(t, 'TEST', ['EKB']);
  });
  afterAll(() => t.close());

  it('answers 429 with Retry-After to an address after repeated failed authentication, whatever it sends next', async () => {
    const address = '203.0.113.7';
    for (let i = 0; i < 5; i += 1) {
      await t.http().get('/api/v1/districts').set('X-Forwarded-For', address).set('Authorization', 'Bearer a.b.c').expect(401);
    }
    // With trustProxy off, X-Forwarded-For is not the address: all these came from the test client's own.
    const blocked = await t.http().get('/api/v1/districts').set('Authorization', 'Bearer a.b.c');
    expect(blocked.status).toBe(429);
    expect(blocked.body).toMatchObject({ code: 'RATE_LIMITED', status: 429 });
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(blocked.headers['retry-after'])).toBeLessThanOrEqual(60);
    // A valid token from that address waits too: the address is the unit.
    const valid = await t
      .http()
      .get('/api/v1/districts')
      .set('Authorization', await t.auth('coordinator', 'TEST'));
    expect(valid.status).toBe(429);
    // The health checks are not behind authentication and stay open.
    await t.http().get('/health/live').expect(200);
  });

  describe('per user and body limits', () => {
    let u: TestApp;
    beforeAll(async () => {
      u = await createTestApp({ env: { WRITES_PER_MINUTE: '4', JSON_MAX_ARRAY_ITEMS: '10', JSON_MAX_DEPTH: '8' } });
      await setupDistrict(u, 'TEST', ['EKB']);
    });
    afterAll(() => u.close());

    it('rate-limits writes per user, not reads and not other users', async () => {
      const coordinator = await u.auth('coordinator', 'TEST');
      for (let i = 0; i < 4; i += 1) {
        const res = await u
          .http()
          .post('/api/v1/districts/TEST/units')
          .set('Authorization', coordinator)
          .send({ code: `W${i}`, name: 'Enhet' });
        expect(res.status).toBe(201);
      }
      const limited = await u
        .http()
        .post('/api/v1/districts/TEST/units')
        .set('Authorization', coordinator)
        .send({ code: 'W9', name: 'Enhet' });
      expect(limited.status).toBe(429);
      expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect((await u.dataSource.query("SELECT count(*)::int AS n FROM unit WHERE code = 'W9'"))[0].n).toBe(0);
      await u.http().get('/api/v1/districts/TEST/units').set('Authorization', coordinator).expect(200);
      const other = await u.token('coordinator', 'TEST', undefined, 'another-coordinator');
      await u
        .http()
        .post('/api/v1/districts/TEST/units')
        .set('Authorization', `Bearer ${other}`)
        .send({ code: 'W5', name: 'Enhet' })
        .expect(201);
    });

    it('refuses an array over the limit, naming it, before the body is validated', async () => {
      const admin = await u.auth('admin', 'TEST');
      // Unknown fields and wrong types too: the only answer is about the array, so validation never ran.
      const res = await u
        .http()
        .post('/api/v1/notifications')
        .set('Authorization', admin)
        .send({ tenants: new Array(11).fill({ x: 1 }), bogus: true, receivedOn: 5 });
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([{ field: 'tenants', message: 'must have at most 10 items' }]);
      const nested = await u
        .http()
        .post('/api/v1/notifications')
        .set('Authorization', admin)
        .send({ a: { b: [new Array(50).fill(0)] } });
      expect(res.status).toBe(400);
      expect(nested.body.errors).toEqual([{ field: 'a.b[0]', message: 'must have at most 10 items' }]);
    });

    it('refuses JSON nested deeper than the limit, even thousands deep, with a 400', async () => {
      const admin = await u.auth('admin', 'TEST');
      for (const depth of [9, 5000, 100_000]) {
        const body = `${'['.repeat(depth)}${']'.repeat(depth)}`;
        const res = await u.http().post('/api/v1/districts').set('Authorization', admin).set('Content-Type', 'application/json').send(body);
        expect(res.status).toBe(400);
        expect(res.body.errors).toEqual([{ field: 'body', message: 'must not be nested deeper than 8 levels' }]);
      }
      const deepObject = `${'{"a":'.repeat(3000)}1${'}'.repeat(3000)}`;
      const res = await u
        .http()
        .post('/api/v1/districts')
        .set('Authorization', admin)
        .set('Content-Type', 'application/json')
        .send(deepObject);
      expect(res.status).toBe(400);
      // Brackets inside strings do not count.
      const inString = await u
        .http()
        .post('/api/v1/districts')
        .set('Authorization', admin)
        .send({ code: 'NEST', name: '[[[[[[[[[[[[{{{{{{{{{{' });
      expect(inString.status).toBe(201);
    });
  });
});
