import { randomUUID } from 'node:crypto';
import { withLuhnDigit } from '@bosam/identity';
import { TestApp } from './app';
import { seedCase } from './cases';

let serial = 0;

/** A valid canonical personnummer (test data): born 1980-01-dd, a running birth number. */
export function testPersonnummer(): string {
  serial += 1;
  const day = String((serial % 28) + 1).padStart(2, '0');
  const nine = `8001${day}${String(serial % 1000).padStart(3, '0')}`;
  return `19${withLuhnDigit(nine)}`;
}

export interface DistrictFixture {
  code: string;
  coordinator: string;
  units: Record<string, string>;
}

/** A district with units, made through the set-up API as an admin and a coordinator would. */
export async function newDistrict(t: TestApp, code: string, unitCodes: string[] = ['EKB', 'VUX', 'BOF']): Promise<DistrictFixture> {
  const admin = await t.auth('admin', code);
  const coordinator = await t.auth('coordinator', code);
  await t
    .http()
    .post('/api/v1/districts')
    .set('Authorization', admin)
    .send({ code, name: `Distrikt ${code}` })
    .expect(201);
  const units: Record<string, string> = {};
  for (const unit of unitCodes) {
    const res = await t
      .http()
      .post(`/api/v1/districts/${code}/units`)
      .set('Authorization', coordinator)
      .send({ code: unit, name: `Enhet ${unit}` })
      .expect(201);
    units[unit] = res.body.id;
  }
  return { code, coordinator, units };
}

export interface CaseSpec {
  children?: number;
  arrearsSek?: number;
  disturbance?: boolean;
  protectedIdentity?: boolean;
  status?: 'open' | 'closed';
  /** Unit codes the client is known to. */
  units?: string[];
  /** One notification per entry (receivedOn); none means one received today. */
  notices?: string[];
  deadline?: { kind?: 'recovery_window' | 'eviction'; dueOn: string; estimated?: boolean };
  name?: string;
  street?: string;
}

export interface CaseFixture {
  caseId: string;
  notificationIds: string[];
  personnummer: string;
}

/** A case written straight into the tables (household, tenant, notifications, deadline, units). */
export async function newCase(t: TestApp, district: DistrictFixture, spec: CaseSpec = {}): Promise<CaseFixture> {
  const notices = spec.notices ?? [new Date().toISOString().slice(0, 10)];
  const personnummer = testPersonnummer();
  const arrearsOre = Math.round((spec.arrearsSek ?? 0) * 100);
  const children = spec.children ?? 0;
  const protectedIdentity = spec.protectedIdentity ?? false;
  const caseId = randomUUID();
  const ids = await t.dataSource.transaction(async (m) => {
    const { notificationIds } = await seedCase(
      t,
      {
        id: caseId,
        districtCode: district.code,
        status: spec.status ?? 'open',
        openedOn: notices[0],
        closedOn: spec.status === 'closed' ? notices[0] : null,
        street: spec.street ?? 'Exempelgatan 1',
        postalCode: '123 45',
        city: 'Stockholm',
        // Each household its own apartment: two open cases in one apartment are an agenda reason of their own.
        apartment: personnummer.slice(-4),
        children,
        protectedIdentity,
        arrearsOre,
        disturbance: spec.disturbance ?? false,
        tenants: [{ personnummer, name: spec.name ?? 'Test Testsson' }],
        notices: notices.map((receivedOn) => ({ receivedOn, arrearsOre, children, protectedIdentity })),
      },
      m,
    );
    if (spec.deadline) {
      await m.query(`INSERT INTO case_deadline (case_id, notification_id, kind, due_on, estimated, rule) VALUES ($1, $2, $3, $4, $5, $6)`, [
        caseId,
        notificationIds[0],
        spec.deadline.kind ?? 'recovery_window',
        spec.deadline.dueOn,
        spec.deadline.estimated ?? false,
        'JB 12:44 (återvinningsfrist, tre veckor)',
      ]);
    }
    for (const unit of spec.units ?? []) {
      await m.query('INSERT INTO case_unit (case_id, unit_id) VALUES ($1, $2)', [caseId, district.units[unit]]);
    }
    return notificationIds;
  });
  return { caseId, notificationIds: ids, personnummer };
}

/** One more notification on an existing case, received now. */
export async function addNotice(t: TestApp, district: DistrictFixture, caseId: string, receivedOn: string): Promise<string> {
  const id = randomUUID();
  await t.dataSource.query(
    `INSERT INTO notification (id, district_code, case_id, source, sender_key, external_reference, content_hash, received_on,
       receipt, created_by)
     VALUES ($1, $2, $3, 'landlord_arrears', '5566778899', $4, 'hash', $5, '{}', 'test')`,
    [id, district.code, caseId, `REF-${id}`, receivedOn],
  );
  return id;
}

/** A next step written straight into its table. */
export async function newNextStep(
  t: TestApp,
  district: DistrictFixture,
  caseId: string,
  spec: { unit: string; dueOn: string; status?: 'open' | 'done' | 'cancelled'; action?: string },
): Promise<string> {
  const [row] = await t.dataSource.query(
    `INSERT INTO next_step (district_code, case_id, unit_id, action, due_on, status, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, 'test') RETURNING id`,
    [district.code, caseId, district.units[spec.unit], spec.action ?? 'Ring hyresgästen', spec.dueOn, spec.status ?? 'open'],
  );
  return row.id;
}

/** A meeting through the API; `startsAt` as an instant with offset. */
export async function newMeeting(t: TestApp, district: DistrictFixture, startsAt: string): Promise<string> {
  const res = await t
    .http()
    .post('/api/v1/meetings')
    .set('Authorization', district.coordinator)
    .send({ district: district.code, startsAt })
    .expect(201);
  return res.body.id;
}
