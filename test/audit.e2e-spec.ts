import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { AuditService, chainedAuditHash, JobName } from '@bosam/platform';
import { createTestApp, TestApp } from './support/app';
import { notificationBody, setupDistrict } from './support/factories';

/**
 * The audit log against someone who administers the database: the application's role cannot
 * rewrite it, signed checkpoints outside the database catch a cut-off or recomputed log, each
 * district has a chain of its own, refused access is recorded, and set-up writes are audited.
 */
describe('audit log: tamper evidence, chains per district, security events', () => {
  let t: TestApp;
  let owner: Client;

  beforeAll(async () => {
    t = await createTestApp();
    await setupDistrict(t, 'TEST');
    await setupDistrict(t, 'OTHER', ['EKB']);
    owner = new Client({ connectionString: t.ownerUrl });
    await owner.connect();
  });

  afterAll(async () => {
    await owner.end();
    await t.close();
  });

  const verify = async () =>
    (
      await t
        .http()
        .get('/api/v1/audit/verify')
        .set('Authorization', await t.auth('auditor', 'TEST'))
        .expect(200)
    ).body;
  const newCase = async (district = 'TEST'): Promise<string> => {
    const res = await t
      .http()
      .post('/api/v1/notifications')
      .set('Authorization', await t.auth('coordinator', district))
      .send(notificationBody({ district }));
    expect(res.status).toBe(201);
    return res.body.caseId ?? res.body.receipt?.caseId;
  };
  /** As the owner, with the append-only triggers off: what a database administrator could do. */
  const asAdministrator = async (sql: string, params: unknown[] = []) => {
    await owner.query('ALTER TABLE audit_log DISABLE TRIGGER USER');
    try {
      return await owner.query(sql, params);
    } finally {
      await owner.query('ALTER TABLE audit_log ENABLE TRIGGER USER');
    }
  };

  describe('the application’s database role', () => {
    it('may only INSERT and SELECT on the audit log, and seal pending entries', async () => {
      const app = t.dataSource;
      await expect(app.query("UPDATE audit_log SET reason = 'x'")).rejects.toThrow(/permission denied/);
      await expect(app.query('DELETE FROM audit_log')).rejects.toThrow(/permission denied/);
      await expect(app.query('TRUNCATE audit_log')).rejects.toThrow(/permission denied/);
      await expect(app.query('ALTER TABLE audit_log DISABLE TRIGGER USER')).rejects.toThrow(/must be owner/);
      await expect(app.query('DROP TRIGGER audit_log_no_update ON audit_log')).rejects.toThrow(/must be owner/);
      await expect(
        app.query('CREATE TRIGGER t BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()'),
      ).rejects.toThrow(/permission denied|must be owner/);
      await expect(app.query("INSERT INTO schema_migrations (timestamp, name) VALUES (1, 'x')")).rejects.toThrow(/permission denied/);
      const [{ user }] = await app.query('SELECT current_user AS user');
      expect(user).not.toBe('postgres');
    });
  });

  describe('appends without waiting, sealed in the background', () => {
    const reasonRows = (reason: string) =>
      owner.query('SELECT id, seq, prev_hash, hash FROM audit_log WHERE reason = $1 ORDER BY id', [reason]).then((r) => r.rows);
    /** Every sealed entry of the chain has one place, 1 … n, with no gap and none twice. */
    const chainShape = async (chain: string) =>
      (
        await owner.query(
          'SELECT count(*)::int AS n, count(DISTINCT seq)::int AS places, max(seq)::int AS last, count(*) FILTER (WHERE hash IS NULL)::int AS pending FROM audit_log WHERE chain = $1',
          [chain],
        )
      ).rows[0];

    it('lets a request of a district answer while another transaction of that district holds an entry not yet committed', async () => {
      const testCase = await newCase('TEST');
      const holder = t.dataSource.createQueryRunner();
      await holder.connect();
      await holder.startTransaction();
      try {
        await t.app
          .get(AuditService)
          .record(
            t.actor('coordinator', 'TEST'),
            { action: 'read', entityType: 'household_case', caseIds: [testCase], reason: 'held' },
            holder.manager,
          );
        const res = await t
          .http()
          .get(`/api/v1/cases/${testCase}`)
          .set('Authorization', await t.auth('coordinator', 'TEST'))
          .timeout(5000);
        expect(res.status).toBe(200);
      } finally {
        await holder.commitTransaction();
        await holder.release();
      }
    });

    it('seals concurrent appends and a slow transaction’s exactly once, in one chain; a rolled-back change leaves no entry', async () => {
      const audit = t.app.get(AuditService);
      const coordinator = t.actor('coordinator', 'TEST');
      // Sealers as several instances would run them, beside the application's own timer.
      const sealers = [audit, new AuditService(t.dataSource), new AuditService(t.dataSource)];
      const slow = t.dataSource.createQueryRunner();
      await slow.connect();
      await slow.startTransaction();
      await audit.record(coordinator, { action: 'update', entityType: 'household_case', reason: 'seal-slow' }, slow.manager);
      const rolledBack = t.dataSource.createQueryRunner();
      await rolledBack.connect();
      await rolledBack.startTransaction();
      await audit.record(coordinator, { action: 'update', entityType: 'household_case', reason: 'seal-rolled-back' }, rolledBack.manager);

      let appending = true;
      const sealing = sealers.map(async (sealer, i) => {
        while (appending) await sealer.seal({ wait: i === 0 });
      });
      await Promise.all(
        Array.from({ length: 60 }, (_, i) =>
          audit.record(
            coordinator,
            { action: 'read', entityType: 'household_case', reason: 'seal-concurrent' },
            i % 3 === 0 ? undefined : t.dataSource.manager,
          ),
        ),
      );
      await rolledBack.rollbackTransaction();
      await rolledBack.release();
      appending = false;
      await Promise.all(sealing);
      await audit.seal({ wait: true });

      // Every committed entry is sealed; the slow transaction's is not visible yet, so not sealed.
      const concurrent = await reasonRows('seal-concurrent');
      expect(concurrent).toHaveLength(60);
      expect(concurrent.every((row) => row.hash !== null)).toBe(true);
      expect(await reasonRows('seal-slow')).toEqual([]);
      const lastBefore = Math.max(...concurrent.map((row) => Number(row.seq)));

      await slow.commitTransaction();
      await slow.release();
      await Promise.all(sealers.map((sealer) => sealer.seal()));
      await audit.seal({ wait: true });
      // Appended before the others (a smaller id), committed after them: sealed after them, once.
      const [slowRow] = await reasonRows('seal-slow');
      expect(Number(slowRow.id)).toBeLessThan(Math.min(...concurrent.map((row) => Number(row.id))));
      expect(Number(slowRow.seq)).toBeGreaterThan(lastBefore);
      expect(await reasonRows('seal-rolled-back')).toEqual([]);

      const shape = await chainShape('TEST');
      expect(shape).toEqual({ n: shape.last, places: shape.last, last: shape.last, pending: 0 });
      const result = await verify();
      expect(result).toMatchObject({ valid: true, pending: 0 });
      expect(result.chains.find((c: { chain: string }) => c.chain === 'TEST')).toMatchObject({ valid: true, entries: shape.last });
    });

    it('says how many entries are pending, and seals them before it verifies', async () => {
      // Holding the chain's sealing lock (as a sealer in another process would) keeps the entry pending.
      await owner.query("SELECT pg_advisory_lock(727001, hashtext('TEST'))");
      try {
        await t.app
          .get(AuditService)
          .record(t.actor('coordinator', 'TEST'), { action: 'read', entityType: 'household_case', reason: 'pending-committed' });
        await t.app.get(AuditService).seal();
        expect((await reasonRows('pending-committed'))[0].hash).toBeNull();
        expect(await t.app.get(AuditService).pending()).toBeGreaterThanOrEqual(1);
      } finally {
        await owner.query("SELECT pg_advisory_unlock(727001, hashtext('TEST'))");
      }
      expect(await verify()).toMatchObject({ valid: true, pending: 0 });
      expect((await reasonRows('pending-committed'))[0].hash).toMatch(/^[0-9a-f]{64}$/);
    });

    it('lets a pending entry be sealed once and nothing else be changed, even by the schema owner', async () => {
      await t.app
        .get(AuditService)
        .record(t.actor('coordinator', 'TEST'), { action: 'read', entityType: 'household_case', reason: 'seal-once' });
      await t.app.get(AuditService).seal({ wait: true });
      const [sealed] = await reasonRows('seal-once');
      // The application's role: the sealing columns of a sealed entry are refused by the trigger, the rest by the grant.
      await expect(t.dataSource.query("UPDATE audit_log SET hash = 'x' WHERE id = $1", [sealed.id])).rejects.toThrow(/append-only/);
      await expect(t.dataSource.query("UPDATE audit_log SET reason = 'x' WHERE id = $1", [sealed.id])).rejects.toThrow(/permission denied/);
      // A pending entry's content cannot change with its sealing.
      const holder = t.dataSource.createQueryRunner();
      await holder.connect();
      await holder.startTransaction();
      try {
        await t.app
          .get(AuditService)
          .record(t.actor('coordinator', 'TEST'), { action: 'read', entityType: 'household_case', reason: 'seal-forged' }, holder.manager);
        await expect(
          holder.query("UPDATE audit_log SET seq = 1000000, prev_hash = 'p', hash = 'h', route = 'forged' WHERE reason = 'seal-forged'"),
        ).rejects.toThrow(/permission denied/);
      } finally {
        await holder.rollbackTransaction();
        await holder.release();
      }
      await expect(
        owner.query("UPDATE audit_log SET seq = 1000000, prev_hash = 'p', hash = 'h', actor_sub = 'x' WHERE id = $1", [sealed.id]),
      ).rejects.toThrow(/append-only/);
    });
  });

  describe('checkpoints', () => {
    it('signs the chain heads into a file outside the database at every verification', async () => {
      await newCase();
      const result = await verify();
      expect(result).toMatchObject({ valid: true, firstBrokenAt: null });
      const file = join(t.config.dataDir, 'audit', `checkpoint-${new URL(t.config.databaseUrl!).pathname.slice(1)}.json`);
      expect(existsSync(file)).toBe(true);
      const checkpoint = JSON.parse(readFileSync(file, 'utf8'));
      expect(checkpoint.chains.TEST.entries).toBeGreaterThan(0);
      expect(checkpoint.signature).toMatch(/^[0-9a-f]{64}$/);
      // The next verification compares with it.
      const again = await verify();
      expect(again.checkpoint).toMatchObject({ matches: true, problems: [] });
    });

    it('is a repeatable job of the job registry, every minute', async () => {
      const w = await createTestApp({ worker: true });
      try {
        const scheduler = await w.queues.queue('bosam-default').getJobScheduler(`scheduled-${JobName.AuditCheckpoint}`);
        expect(scheduler).toMatchObject({ name: JobName.AuditCheckpoint, pattern: '* * * * *' });
        const written = await w.app.get(AuditService).checkpoint();
        expect(written.written).toBe(true);
      } finally {
        await w.close();
      }
    });

    it('reports a deleted newest entry, and keeps the checkpoint that proves it', async () => {
      await newCase();
      expect((await verify()).valid).toBe(true);
      await asAdministrator("DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log WHERE chain = 'TEST')");
      const result = await verify();
      expect(result.valid).toBe(false);
      expect(result.checkpoint.matches).toBe(false);
      expect(result.checkpoint.problems.join(' ')).toMatch(/chain TEST/);
      // The periodic checkpoint refuses to overwrite the evidence.
      expect((await t.app.get(AuditService).checkpoint()).written).toBe(false);
      expect((await verify()).valid).toBe(false);
    });
  });

  describe('tampering, each on a fresh log', () => {
    let f: TestApp;
    let fOwner: Client;
    beforeEach(async () => {
      f = await createTestApp();
      await setupDistrict(f, 'TEST');
      fOwner = new Client({ connectionString: f.ownerUrl });
      await fOwner.connect();
      const coordinator = await f.auth('coordinator', 'TEST');
      for (let i = 0; i < 3; i += 1)
        await f.http().post('/api/v1/notifications').set('Authorization', coordinator).send(notificationBody()).expect(201);
      const ok = await f
        .http()
        .get('/api/v1/audit/verify')
        .set('Authorization', await f.auth('auditor', 'TEST'))
        .expect(200);
      expect(ok.body.valid).toBe(true);
    });
    afterEach(async () => {
      await fOwner.end();
      await f.close();
    });
    const fVerify = async () =>
      (
        await f
          .http()
          .get('/api/v1/audit/verify')
          .set('Authorization', await f.auth('auditor', 'TEST'))
          .expect(200)
      ).body;

    it('reports a truncated table', async () => {
      await fOwner.query('ALTER TABLE audit_log DISABLE TRIGGER USER');
      await fOwner.query('TRUNCATE audit_log');
      await fOwner.query('ALTER TABLE audit_log ENABLE TRIGGER USER');
      const result = await fVerify();
      expect(result).toMatchObject({ valid: false });
      expect(result.checkpoint.problems.join(' ')).toMatch(/chain TEST: 0 entries/);
    });

    it('reports a chain recomputed after an edit, though every hash in it holds', async () => {
      await fOwner.query('ALTER TABLE audit_log DISABLE TRIGGER USER');
      const rows = (await fOwner.query("SELECT * FROM audit_log WHERE chain = 'TEST' ORDER BY seq")).rows;
      let prev = '0'.repeat(64);
      for (const row of rows) {
        const reason = row.seq === '2' || row.seq === 2 ? 'rewritten' : row.reason;
        const hash = chainedAuditHash(prev, {
          at: new Date(row.at).toISOString(),
          actorSub: row.actor_sub,
          actorRole: row.actor_role,
          districtCode: row.district_code,
          action: row.action,
          entityType: row.entity_type,
          entityIds: row.entity_ids,
          caseIds: row.case_ids,
          route: row.route,
          reason,
          correlationId: row.correlation_id,
          chain: row.chain,
          seq: Number(row.seq),
          clientAddress: row.client_address,
        });
        await fOwner.query('UPDATE audit_log SET reason = $2, prev_hash = $3, hash = $4 WHERE id = $1', [row.id, reason, prev, hash]);
        prev = hash;
      }
      await fOwner.query('ALTER TABLE audit_log ENABLE TRIGGER USER');
      const result = await fVerify();
      expect(result.chains.find((c: { chain: string }) => c.chain === 'TEST').valid).toBe(true);
      expect(result.valid).toBe(false);
      expect(result.checkpoint.problems.join(' ')).toMatch(/chain TEST: entry \d+ is not the one/);
    });

    it('reports an edited entry by its id, as before', async () => {
      const [{ id }] = (await fOwner.query("SELECT id FROM audit_log WHERE chain = 'TEST' ORDER BY seq LIMIT 1 OFFSET 1")).rows;
      await fOwner.query('ALTER TABLE audit_log DISABLE TRIGGER USER');
      await fOwner.query("UPDATE audit_log SET reason = 'edited' WHERE id = $1", [id]);
      await fOwner.query('ALTER TABLE audit_log ENABLE TRIGGER USER');
      expect(await fVerify()).toMatchObject({ valid: false, firstBrokenAt: Number(id) });
    });

    it('reports a forged checkpoint file', async () => {
      const file = join(f.config.dataDir, 'audit', `checkpoint-${new URL(f.config.databaseUrl!).pathname.slice(1)}.json`);
      const checkpoint = JSON.parse(readFileSync(file, 'utf8'));
      checkpoint.chains.TEST.entries = 1;
      require('node:fs').writeFileSync(file, JSON.stringify(checkpoint));
      const result = await fVerify();
      expect(result.valid).toBe(false);
      expect(result.checkpoint.problems.join(' ')).toMatch(/signature/);
    });
  });

  describe('one chain per district', () => {
    it('lets a district write its audit entries while another district’s chain is held', async () => {
      const otherCase = await newCase('OTHER');
      const testCase = await newCase('TEST');
      // A transaction that holds district OTHER's chain (its audit write not committed yet).
      const holder = t.dataSource.createQueryRunner();
      await holder.connect();
      await holder.startTransaction();
      try {
        await t.app
          .get(AuditService)
          .record(t.actor('coordinator', 'OTHER'), { action: 'read', entityType: 'household_case', caseIds: [otherCase] }, holder.manager);
        const started = Date.now();
        const res = await t
          .http()
          .get(`/api/v1/cases/${testCase}`)
          .set('Authorization', await t.auth('coordinator', 'TEST'))
          .timeout(5000);
        expect(res.status).toBe(200);
        expect(Date.now() - started).toBeLessThan(3000);
      } finally {
        await holder.commitTransaction();
        await holder.release();
      }
      const chains = (await verify()).chains.map((c: { chain: string }) => c.chain);
      expect(chains).toEqual(expect.arrayContaining(['OTHER', 'TEST']));
    });
  });

  describe('security events', () => {
    const events = async (correlationId: string) =>
      t.dataSource.query(
        'SELECT actor_sub, actor_role, district_code, action, entity_type, entity_ids, route, reason, client_address FROM audit_log WHERE correlation_id = $1',
        [correlationId],
      );

    it('records a failed authentication with who claimed to be calling, what and from where', async () => {
      const forged = `${Buffer.from('{"alg":"HS256"}').toString('base64url')}.${Buffer.from('{"sub":"mallory"}').toString('base64url')}.c2ln`;
      await t
        .http()
        .get('/api/v1/cases?status=open')
        .set('Authorization', `Bearer ${forged}`)
        .set('X-Correlation-Id', 'sec-401')
        .expect(401);
      const [event] = await events('sec-401');
      expect(event).toMatchObject({
        actor_sub: 'unverified:mallory',
        actor_role: 'none',
        district_code: null,
        action: 'deny',
        entity_type: 'security_event',
        route: 'GET /api/v1/cases',
        reason: '401 UNAUTHENTICATED',
      });
      expect(event.client_address).toMatch(/127\.0\.0\.1/);
    });

    it('records a refusal by role (403)', async () => {
      await t
        .http()
        .get('/api/v1/audit')
        .set('Authorization', await t.auth('coordinator', 'TEST'))
        .set('X-Correlation-Id', 'sec-403')
        .expect(403);
      const [event] = await events('sec-403');
      expect(event).toMatchObject({
        actor_sub: 'coordinator-test',
        district_code: 'TEST',
        action: 'deny',
        reason: '403 FORBIDDEN',
        route: 'GET /api/v1/audit',
      });
    });

    it('records a 404 for another district’s case, and not one for an id that exists nowhere', async () => {
      const otherCase = await newCase('OTHER');
      const coordinator = await t.auth('coordinator', 'TEST');
      await t.http().get(`/api/v1/cases/${otherCase}`).set('Authorization', coordinator).set('X-Correlation-Id', 'sec-404').expect(404);
      const [event] = await events('sec-404');
      expect(event).toMatchObject({
        actor_sub: 'coordinator-test',
        district_code: 'TEST',
        reason: '404 NOT_FOUND',
        entity_ids: [otherCase],
      });
      await t
        .http()
        .get('/api/v1/cases/00000000-0000-4000-8000-000000000000')
        .set('Authorization', coordinator)
        .set('X-Correlation-Id', 'sec-404-none')
        .expect(404);
      expect(await events('sec-404-none')).toEqual([]);
      await t
        .http()
        .get('/api/v1/districts/OTHER/units')
        .set('Authorization', coordinator)
        .set('X-Correlation-Id', 'sec-404-district')
        .expect(404);
      expect((await events('sec-404-district'))[0]).toMatchObject({ entity_ids: ['OTHER'], reason: '404 NOT_FOUND' });
    });
  });

  describe('set-up writes', () => {
    it('audits districts, units, mandates and landlords', async () => {
      const admin = await t.auth('admin', 'SETUP');
      await t
        .http()
        .post('/api/v1/districts')
        .set('Authorization', admin)
        .set('X-Correlation-Id', 'setup-district')
        .send({ code: 'SETUP', name: 'Distrikt' })
        .expect(201);
      const unit = await t
        .http()
        .post('/api/v1/districts/SETUP/units')
        .set('Authorization', admin)
        .set('X-Correlation-Id', 'setup-unit')
        .send({ code: 'EKB', name: 'Enhet' })
        .expect(201);
      const landlord = await t
        .http()
        .post('/api/v1/landlords')
        .set('Authorization', admin)
        .set('X-Correlation-Id', 'setup-landlord')
        .send({ orgNumber: '556035-9555', name: 'AB Familjebostäder', municipal: true })
        .expect(201);
      const rows: Array<{ correlation_id: string; action: string; entity_type: string; entity_ids: string[] }> = await t.dataSource.query(
        "SELECT correlation_id, action, entity_type, entity_ids FROM audit_log WHERE correlation_id LIKE 'setup-%' ORDER BY id",
      );
      expect(rows).toEqual([
        { correlation_id: 'setup-district', action: 'create', entity_type: 'district', entity_ids: ['SETUP'] },
        { correlation_id: 'setup-unit', action: 'create', entity_type: 'unit', entity_ids: [unit.body.id] },
        { correlation_id: 'setup-landlord', action: 'create', entity_type: 'landlord', entity_ids: [landlord.body.id] },
      ]);
    });
  });
});
