import { randomUUID } from 'node:crypto';
import { TestApp } from './app';
import { seedCase } from './cases';
import { DistrictFixture, testPersonnummer } from './meeting-factories';

/** Evaluation test data written straight into the tables, with the dates the test is about. */

export interface SeededCase {
  openedOn: string;
  closedOn?: string;
  outcome?: string;
  children?: number;
  arrearsSek?: number;
  recurrence?: boolean;
  previousCaseId?: string;
  /** Notifications: received date and source (landlord_arrears unless said). */
  notices?: Array<{ receivedOn: string; source?: string }>;
  name?: string;
  street?: string;
}

export interface SeededCaseIds {
  caseId: string;
  notificationIds: string[];
  personnummer: string;
}

export async function seedEvaluationCase(t: TestApp, district: DistrictFixture, spec: SeededCase): Promise<SeededCaseIds> {
  const personnummer = testPersonnummer();
  const arrearsOre = Math.round((spec.arrearsSek ?? 0) * 100);
  const children = spec.children ?? 0;
  const { caseId, notificationIds } = await seedCase(t, {
    districtCode: district.code,
    status: spec.closedOn ? 'closed' : 'open',
    openedOn: spec.openedOn,
    closedOn: spec.closedOn ?? null,
    outcome: spec.outcome ?? null,
    recurrence: spec.recurrence ?? false,
    previousCaseId: spec.previousCaseId ?? null,
    street: spec.street ?? 'Exempelgatan 1',
    postalCode: '123 45',
    city: 'Stockholm',
    apartment: '1102',
    children,
    arrearsOre,
    tenants: [{ personnummer, name: spec.name ?? 'Test Testsson' }],
    notices: (spec.notices ?? [{ receivedOn: spec.openedOn }]).map((n) => ({
      receivedOn: n.receivedOn,
      source: n.source,
      arrearsOre,
      children,
    })),
  });
  return { caseId, notificationIds, personnummer };
}

/** A meeting on a date; `started` meetings are held, and their frozen agenda holds `notificationIds`. */
export async function seedMeeting(
  t: TestApp,
  district: DistrictFixture,
  spec: {
    heldOn: string;
    started?: boolean;
    notificationIds?: string[];
    attendance?: Array<{ unit: string; role: string; withMandate: boolean }>;
  },
): Promise<string> {
  const id = randomUUID();
  const started = spec.started ?? true;
  await t.dataSource.transaction(async (m) => {
    await m.query(
      `INSERT INTO meeting (id, district_code, starts_at, held_on, status, started_at, created_by)
       VALUES ($1, $2, ($3::date + time '09:00') AT TIME ZONE 'Europe/Stockholm', $3, $4, $5, 'test')`,
      [id, district.code, spec.heldOn, started ? 'closed' : 'planned', started ? new Date(`${spec.heldOn}T08:00:00Z`) : null],
    );
    for (const notificationId of spec.notificationIds ?? []) {
      await m.query('INSERT INTO agenda_notification (notification_id, meeting_id) VALUES ($1, $2)', [notificationId, id]);
      await m.query('UPDATE notification SET awaiting_agenda = false WHERE id = $1', [notificationId]);
    }
    for (const a of spec.attendance ?? []) {
      await m.query(
        `INSERT INTO meeting_attendance (meeting_id, unit_id, person, role, mandate, with_mandate, recorded_by)
         VALUES ($1, $2, $3, $4, $5, $5, 'test')`,
        [id, district.units[a.unit], a.role === 'absent' ? null : 'Anna Andersson', a.role, a.withMandate],
      );
    }
  });
  return id;
}

export async function seedContact(t: TestApp, caseId: string, on: string, reached: boolean): Promise<void> {
  await t.dataSource.query(`INSERT INTO case_contact (case_id, "on", channel, reached, created_by) VALUES ($1, $2, 'phone', $3, 'test')`, [
    caseId,
    on,
    reached,
  ]);
}

/** A next step created at an instant (ISO with offset). */
export async function seedNextStep(
  t: TestApp,
  district: DistrictFixture,
  caseId: string,
  spec: { unit: string; createdAt: string; dueOn: string; status?: 'open' | 'done' | 'cancelled'; doneOn?: string },
): Promise<void> {
  await t.dataSource.query(
    `INSERT INTO next_step (district_code, case_id, unit_id, action, due_on, status, done_on, created_by, created_at)
     VALUES ($1, $2, $3, 'Ring hyresgästen', $4, $5, $6, 'test', $7)`,
    [district.code, caseId, district.units[spec.unit], spec.dueOn, spec.status ?? 'open', spec.doneOn ?? null, spec.createdAt],
  );
}
