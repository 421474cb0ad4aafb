import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { TestApp } from './app';
import { insertTenant } from './personal-data';

/** A household case as the tests write it straight into the tables; unset fields keep the column default. */
export interface CaseRow {
  id?: string;
  districtCode: string;
  status?: 'open' | 'closed';
  openedOn: string;
  closedOn?: string | null;
  outcome?: string | null;
  recurrence?: boolean;
  previousCaseId?: string | null;
  street?: string;
  postalCode?: string;
  city?: string;
  apartment?: string;
  children?: number;
  protectedIdentity?: boolean;
  arrearsOre?: number;
  disturbance?: boolean;
  /** Sets created_at and updated_at (default: now). */
  createdAt?: string;
  tenants?: Array<{ personnummer: string; name: string | null }>;
  notices?: Array<{
    receivedOn: string;
    /** landlord_arrears unless said. */
    source?: string;
    arrearsOre?: number;
    children?: number;
    protectedIdentity?: boolean;
    createdAt?: string;
  }>;
}

export interface SeededRows {
  caseId: string;
  notificationIds: string[];
}

/** An INSERT of the columns given a value (undefined: the column's default). */
async function insertRow(m: EntityManager, table: string, values: Record<string, unknown>): Promise<void> {
  const given = Object.entries(values).filter(([, value]) => value !== undefined);
  await m.query(
    `INSERT INTO ${table} (${given.map(([column]) => column).join(', ')}) VALUES (${given.map((_, i) => `$${i + 1}`).join(', ')})`,
    given.map(([, value]) => value),
  );
}

/**
 * The one way the tests write a case without the API: the household, its tenants (sealed as the
 * application seals them) and its notifications, in the caller's transaction or one of its own.
 */
export async function seedCase(t: TestApp, spec: CaseRow, manager?: EntityManager): Promise<SeededRows> {
  if (!manager) return t.dataSource.transaction((m) => seedCase(t, spec, m));
  const caseId = spec.id ?? randomUUID();
  await insertRow(manager, 'household_case', {
    id: caseId,
    district_code: spec.districtCode,
    status: spec.status,
    opened_on: spec.openedOn,
    closed_on: spec.closedOn,
    outcome: spec.outcome,
    recurrence: spec.recurrence,
    previous_case_id: spec.previousCaseId,
    street: spec.street,
    postal_code: spec.postalCode,
    city: spec.city,
    apartment: spec.apartment,
    children_in_household: spec.children,
    protected_identity: spec.protectedIdentity,
    arrears_ore: spec.arrearsOre,
    ongoing_disturbance: spec.disturbance,
    created_at: spec.createdAt,
    updated_at: spec.createdAt,
  });
  for (const tenant of spec.tenants ?? []) await insertTenant(t, manager, caseId, tenant.personnummer, tenant.name);
  const notificationIds: string[] = [];
  for (const notice of spec.notices ?? []) {
    const id = randomUUID();
    notificationIds.push(id);
    await insertRow(manager, 'notification', {
      id,
      district_code: spec.districtCode,
      case_id: caseId,
      source: notice.source ?? 'landlord_arrears',
      sender_key: '5566778899',
      external_reference: `REF-${id}`,
      content_hash: 'hash',
      received_on: notice.receivedOn,
      arrears_ore: notice.arrearsOre,
      children_in_household: notice.children,
      protected_identity: notice.protectedIdentity,
      receipt: '{}',
      created_by: 'test',
      created_at: notice.createdAt,
    });
  }
  return { caseId, notificationIds };
}
