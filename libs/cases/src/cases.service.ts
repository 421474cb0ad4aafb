import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { compareDates, todayInStockholm } from '@bosam/calendar';
import { maskPersonnummer, parseOrgNumber, parsePersonnummer, scrubIdentityNumbers } from '@bosam/identity';
import { Actor, assertDistrict, assertUuid, AuditService, DomainError, FieldError, invalid, invalidFields, notFound, oreToKronor } from '@bosam/platform';
import {
  CASE_LIST_MAX_LIMIT, CaseClosedView, CaseDetailView, CaseListItem, CaseListView, CaseUnitsView, CloseCaseDto, ContactView,
  CreateContactDto, LandlordRef, ListCasesQuery, ProtectedIdentityView, SetCaseUnitsDto, SetProtectedIdentityDto,
} from './dto';
import { liftPersons, protectPersons } from './protection';

/** The case as the other contexts need it: where it belongs and whether it is open. */
export interface CaseRef {
  id: string;
  districtCode: string;
  status: 'open' | 'closed';
  openedOn: string;
}

type Row = Record<string, any>;

const orgDisplay = (digits: string): string => {
  const parsed = parseOrgNumber(digits);
  return parsed.ok ? parsed.display : digits;
};
const landlordRef = (orgNumber: string | null, name: string | null): LandlordRef | null =>
  orgNumber ? { orgNumber: orgDisplay(orgNumber), name } : null;
const personnummerDisplay = (canonical: string): string => `${canonical.slice(0, 8)}-${canonical.slice(8)}`;
const iso = (value: string | Date): string => new Date(value).toISOString();

/**
 * Cases (ärenden): the list and detail views in hand-written SQL, and the changes coordinators
 * make. Every read and change is audited; every change also lands on the case's append-only
 * timeline (case_event), which nothing ever updates or deletes.
 */
@Injectable()
export class CasesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** Appends one line to the case's timeline. `data` holds ids and facts, never names or identity numbers. */
  async appendEvent(manager: EntityManager, caseId: string, kind: string, actorSub: string, data: Record<string, unknown> = {}): Promise<void> {
    await manager.query('INSERT INTO case_event (case_id, kind, actor_sub, data) VALUES ($1, $2, $3, $4::jsonb)', [
      caseId,
      kind,
      actorSub,
      JSON.stringify(data),
    ]);
  }

  /**
   * The case if it is in the caller's district, else NOT_FOUND (never FORBIDDEN: another district's
   * cases cannot be probed). `lock` takes a row lock for a change.
   */
  async requireCase(actor: Actor, id: unknown, manager: EntityManager = this.dataSource.manager, lock = false): Promise<CaseRef> {
    const caseId = assertUuid(id, 'case');
    const [row] = await manager.query(
      `SELECT id, district_code, status, opened_on::text FROM household_case WHERE id = $1 AND district_code = $2${lock ? ' FOR UPDATE' : ''}`,
      [caseId, actor.district],
    );
    if (!row) throw notFound('case');
    return { id: row.id, districtCode: row.district_code, status: row.status, openedOn: row.opened_on };
  }

  async list(actor: Actor, query: ListCasesQuery, today: string = todayInStockholm()): Promise<CaseListView> {
    if (query.district !== undefined) assertDistrict(actor, query.district);
    const limit = Math.min(query.limit ?? 50, CASE_LIST_MAX_LIMIT);
    const offset = query.offset ?? 0;
    const params: unknown[] = [actor.district];
    const p = (value: unknown): string => `$${params.push(value)}`;
    const where = ['c.district_code = $1'];
    if (query.status) where.push(`c.status = ${p(query.status)}`);
    if (query.children === true) where.push('c.children_in_household > 0');
    if (query.children === false) where.push('c.children_in_household = 0');
    if (query.deadlineBefore || query.deadlineFrom) {
      const bounds = [
        query.deadlineBefore ? `d.due_on < ${p(query.deadlineBefore)}::date` : null,
        query.deadlineFrom ? `d.due_on >= ${p(query.deadlineFrom)}::date` : null,
      ].filter(Boolean);
      where.push(`EXISTS (SELECT 1 FROM case_deadline d WHERE d.case_id = c.id AND ${bounds.join(' AND ')})`);
    }
    if (query.unit) {
      where.push(
        `EXISTS (SELECT 1 FROM case_unit cu JOIN unit u ON u.id = cu.unit_id WHERE cu.case_id = c.id AND u.district_code = $1 AND u.code = ${p(query.unit)})`,
      );
    }
    if (query.landlord) {
      const parsed = parseOrgNumber(query.landlord);
      if (!parsed.ok) throw invalid('landlord', 'must be a valid organisationsnummer');
      where.push(`EXISTS (SELECT 1 FROM notification n WHERE n.case_id = c.id AND n.landlord_org_number = ${p(parsed.canonical)})`);
    }
    const filter = where.join(' AND ');
    const [{ total }] = await this.dataSource.query(`SELECT count(*)::int AS total FROM household_case c WHERE ${filter}`, params);
    const rows: Row[] = total === 0 ? [] : await this.dataSource.query(
      `SELECT c.id, c.status, c.opened_on::text, c.closed_on::text, c.outcome, c.recurrence, c.children_in_household, c.protected_identity,
              c.arrears_ore, c.ongoing_disturbance, c.last_received_on::text, c.street, c.postal_code, c.city, c.apartment,
              l.org_number AS landlord_org_number, l.name AS landlord_name,
              (SELECT json_agg(json_build_object('name', t.name, 'personnummer', t.personnummer) ORDER BY t.personnummer)
                 FROM case_tenant t WHERE t.case_id = c.id) AS tenants,
              (SELECT json_agg(u.code ORDER BY u.code) FROM case_unit cu JOIN unit u ON u.id = cu.unit_id WHERE cu.case_id = c.id) AS units,
              (SELECT json_build_object('kind', d.kind, 'dueOn', d.due_on, 'estimated', d.estimated, 'rule', d.rule)
                 FROM case_deadline d WHERE d.case_id = c.id AND d.due_on >= ${p(today)}::date ORDER BY d.due_on, d.kind LIMIT 1) AS next_deadline,
              (SELECT count(*)::int FROM notification n WHERE n.case_id = c.id) AS notifications
         FROM household_case c
         LEFT JOIN landlord l ON l.id = c.landlord_id
        WHERE ${filter}
        ORDER BY c.opened_on DESC, c.id DESC
        LIMIT ${p(limit)} OFFSET ${p(offset)}`,
      params,
    );
    const items = rows.map((row): CaseListItem => ({
      id: row.id,
      status: row.status,
      openedOn: row.opened_on,
      closedOn: row.closed_on,
      outcome: row.outcome,
      recurrence: row.recurrence,
      // Lists show names and masked numbers only; the whole number is in the case detail.
      tenants: (row.tenants ?? []).map((t: Row) => ({ name: t.name, personnummer: maskPersonnummer(t.personnummer) })),
      // Skyddade personuppgifter: the address never leaves the case detail.
      address: row.protected_identity ? null : { street: row.street, postalCode: row.postal_code, city: row.city, apartment: row.apartment },
      childrenInHousehold: row.children_in_household,
      protectedIdentity: row.protected_identity,
      arrearsSek: oreToKronor(row.arrears_ore) ?? 0,
      ongoingDisturbance: row.ongoing_disturbance,
      landlord: landlordRef(row.landlord_org_number, row.landlord_name),
      nextDeadline: row.next_deadline,
      units: row.units ?? [],
      notifications: row.notifications,
      lastReceivedOn: row.last_received_on,
    }));
    const ids = items.map((item) => item.id);
    await this.audit.record(actor, { action: 'read', entityType: 'household_case', entityIds: ids, caseIds: ids, route: 'GET /cases' });
    return { items, total, limit, offset };
  }

  async detail(actor: Actor, id: unknown, today: string = todayInStockholm()): Promise<CaseDetailView> {
    const caseId = assertUuid(id, 'case');
    const [row]: Row[] = await this.dataSource.query(
      `SELECT c.id, c.district_code, c.status, c.opened_on::text, c.closed_on::text, c.outcome, c.recurrence, c.previous_case_id,
              c.street, c.postal_code, c.city, c.apartment, c.children_in_household, c.protected_identity, c.arrears_ore,
              c.ongoing_disturbance, l.org_number AS landlord_org_number, l.name AS landlord_name,
              (SELECT coalesce(json_agg(json_build_object('name', t.name, 'personnummer', t.personnummer) ORDER BY t.personnummer), '[]')
                 FROM case_tenant t WHERE t.case_id = c.id) AS tenants,
              (SELECT coalesce(json_agg(json_build_object(
                        'id', n.id, 'source', n.source, 'externalReference', n.external_reference,
                        'landlordOrgNumber', n.landlord_org_number, 'landlordName', nl.name,
                        'receivedOn', n.received_on, 'tenantServedOn', n.tenant_served_on, 'boardNotifiedOn', n.board_notified_on,
                        'evictionOn', n.eviction_on, 'arrearsOre', n.arrears_ore, 'monthsInArrears', n.months_in_arrears,
                        'childrenInHousehold', n.children_in_household, 'protectedIdentity', n.protected_identity, 'flags', n.flags,
                        'importId', n.import_id, 'createdAt', n.created_at) ORDER BY n.received_on, n.created_at), '[]')
                 FROM notification n LEFT JOIN landlord nl ON nl.org_number = n.landlord_org_number
                WHERE n.case_id = c.id) AS notifications,
              (SELECT coalesce(json_agg(json_build_object('kind', d.kind, 'dueOn', d.due_on, 'estimated', d.estimated, 'rule', d.rule,
                        'notificationId', d.notification_id) ORDER BY d.due_on, d.kind), '[]')
                 FROM case_deadline d WHERE d.case_id = c.id) AS deadlines,
              (SELECT coalesce(json_agg(json_build_object('code', u.code, 'name', u.name) ORDER BY u.code), '[]')
                 FROM case_unit cu JOIN unit u ON u.id = cu.unit_id WHERE cu.case_id = c.id) AS units,
              (SELECT coalesce(json_agg(json_build_object('id', k.id, 'on', k.on, 'channel', k.channel, 'reached', k.reached,
                        'createdBy', k.created_by, 'createdAt', k.created_at) ORDER BY k.on, k.created_at), '[]')
                 FROM case_contact k WHERE k.case_id = c.id) AS contacts,
              (SELECT coalesce(json_agg(json_build_object('id', s.id, 'unit', u.code, 'action', s.action, 'dueOn', s.due_on,
                        'status', s.status, 'doneOn', s.done_on, 'decisionId', s.decision_id, 'responsible', s.responsible,
                        'result', s.result, 'cancelReason', s.cancel_reason) ORDER BY s.due_on, s.created_at), '[]')
                 FROM next_step s JOIN unit u ON u.id = s.unit_id WHERE s.case_id = c.id) AS next_steps,
              -- A documented cross-context read: the consent table belongs to @bosam/landlords, which depends on
              -- this lib (never the other way round); the status rule is the same as its consentStatusToday().
              (SELECT coalesce(json_agg(json_build_object('id', k.id, 'caseId', k.case_id,
                        'landlord', json_build_object('orgNumber', kl.org_number, 'name', kl.name), 'categories', k.categories,
                        'givenOn', k.given_on, 'validUntil', k.valid_until, 'form', k.form, 'documentedBy', k.documented_by,
                        'withdrawnOn', k.withdrawn_on,
                        'status', CASE WHEN k.withdrawn_on IS NOT NULL THEN 'withdrawn' WHEN k.given_on > $3::date THEN 'not_yet_valid'
                                       WHEN k.valid_until < $3::date THEN 'expired' ELSE 'valid' END)
                        ORDER BY k.given_on, k.created_at), '[]')
                 FROM consent k JOIN landlord kl ON kl.id = k.landlord_id WHERE k.case_id = c.id) AS consents,
              -- A documented cross-context read: meeting_decision and meeting belong to @bosam/meetings, which
              -- depends on this lib; the case shows where and what was decided on it.
              (SELECT coalesce(json_agg(json_build_object('id', md.id, 'meetingId', md.meeting_id, 'heldOn', mm.held_on,
                        'text', md.text, 'decidedBy', md.decided_by, 'decidedByName', md.decided_by_name, 'decidedAt', md.created_at,
                        'status', CASE WHEN md.pending_confirmation THEN 'pending' ELSE COALESCE(md.confirmation, 'final') END,
                        'pendingUnits', md.pending_units, 'confirmedBy', md.confirmed_by, 'confirmedAt', md.confirmed_at)
                        ORDER BY md.created_at, md.id), '[]')
                 FROM meeting_decision md JOIN meeting mm ON mm.id = md.meeting_id WHERE md.case_id = c.id) AS decisions,
              (SELECT coalesce(json_agg(json_build_object('id', e.id, 'at', e.at, 'kind', e.kind, 'actor', e.actor_sub, 'data', e.data)
                        ORDER BY e.id), '[]')
                 FROM case_event e WHERE e.case_id = c.id) AS timeline
         FROM household_case c
         LEFT JOIN landlord l ON l.id = c.landlord_id
        WHERE c.id = $1 AND c.district_code = $2`,
      [caseId, actor.district, today],
    );
    if (!row) throw notFound('case');
    await this.audit.record(actor, { action: 'read', entityType: 'household_case', entityIds: [caseId], caseIds: [caseId], route: 'GET /cases/{id}' });
    return {
      id: row.id,
      district: row.district_code,
      status: row.status,
      openedOn: row.opened_on,
      closedOn: row.closed_on,
      outcome: row.outcome,
      recurrence: row.recurrence,
      previousCaseId: row.previous_case_id,
      tenants: row.tenants.map((t: Row) => {
        const parsed = parsePersonnummer(t.personnummer);
        return { name: t.name, personnummer: personnummerDisplay(t.personnummer), coordinationNumber: parsed.ok && parsed.coordinationNumber };
      }),
      address: { street: row.street, postalCode: row.postal_code, city: row.city, apartment: row.apartment },
      household: { childrenInHousehold: row.children_in_household, protectedIdentity: row.protected_identity },
      arrearsSek: oreToKronor(row.arrears_ore) ?? 0,
      ongoingDisturbance: row.ongoing_disturbance,
      landlord: landlordRef(row.landlord_org_number, row.landlord_name),
      notifications: row.notifications.map((n: Row) => ({
        id: n.id,
        source: n.source,
        externalReference: n.externalReference,
        landlord: landlordRef(n.landlordOrgNumber, n.landlordName),
        receivedOn: n.receivedOn,
        tenantServedOn: n.tenantServedOn,
        boardNotifiedOn: n.boardNotifiedOn,
        evictionOn: n.evictionOn,
        arrearsSek: oreToKronor(n.arrearsOre),
        monthsInArrears: n.monthsInArrears,
        childrenInHousehold: n.childrenInHousehold,
        protectedIdentity: n.protectedIdentity,
        flags: n.flags,
        importId: n.importId,
        createdAt: iso(n.createdAt),
      })),
      deadlines: row.deadlines,
      units: row.units,
      contacts: row.contacts.map((k: Row) => ({ ...k, createdAt: iso(k.createdAt) })),
      nextSteps: row.next_steps,
      decisions: row.decisions.map((d: Row) => ({ ...d, decidedAt: iso(d.decidedAt), confirmedAt: d.confirmedAt ? iso(d.confirmedAt) : null })),
      consents: row.consents.map((k: Row) => ({ ...k, landlord: landlordRef(k.landlord.orgNumber, k.landlord.name) })),
      timeline: row.timeline.map((e: Row) => ({ ...e, id: Number(e.id), at: iso(e.at) })),
    };
  }

  /** Replaces the units the client is known to; the timeline says which were added and removed. */
  async setUnits(actor: Actor, id: unknown, dto: SetCaseUnitsDto): Promise<CaseUnitsView> {
    const wanted = [...new Set(dto.units)];
    return this.dataSource.transaction(async (manager) => {
      const ref = await this.requireOpenCase(actor, id, manager);
      const units: Row[] = wanted.length
        ? await manager.query('SELECT id, code, name FROM unit WHERE district_code = $1 AND code = ANY($2::text[])', [ref.districtCode, wanted])
        : [];
      const unknown: FieldError[] = dto.units
        .map((code, index) => ({ code, index }))
        .filter(({ code }) => !units.some((u) => u.code === code))
        .map(({ index }) => ({ field: `units[${index}]`, message: 'is not a unit of this district' }));
      if (unknown.length) throw invalidFields(unknown);
      const current: Row[] = await manager.query(
        'SELECT u.id, u.code FROM case_unit cu JOIN unit u ON u.id = cu.unit_id WHERE cu.case_id = $1',
        [ref.id],
      );
      const added = units.filter((u) => !current.some((c) => c.id === u.id));
      const removed = current.filter((c) => !units.some((u) => u.id === c.id));
      if (removed.length) {
        await manager.query('DELETE FROM case_unit WHERE case_id = $1 AND unit_id = ANY($2::uuid[])', [ref.id, removed.map((u) => u.id)]);
      }
      if (added.length) {
        await manager.query('INSERT INTO case_unit (case_id, unit_id) SELECT $1, unnest($2::uuid[])', [ref.id, added.map((u) => u.id)]);
      }
      if (added.length || removed.length) {
        await this.appendEvent(manager, ref.id, 'units_changed', actor.sub, {
          added: added.map((u) => u.code).sort(),
          removed: removed.map((u) => u.code).sort(),
          units: units.map((u) => u.code).sort(),
        });
      }
      await this.audit.record(actor, { action: 'update', entityType: 'case_unit', entityIds: [ref.id], caseIds: [ref.id] }, manager);
      return {
        caseId: ref.id,
        units: units.map((u) => ({ code: u.code, name: u.name })).sort((a, b) => (a.code < b.code ? -1 : 1)),
      };
    });
  }

  /** An outreach attempt (letter, phone, home visit …) and whether the person was reached. */
  async addContact(actor: Actor, id: unknown, dto: CreateContactDto, today: string = todayInStockholm()): Promise<ContactView> {
    return this.dataSource.transaction(async (manager) => {
      const ref = await this.requireOpenCase(actor, id, manager);
      this.assertDayInCase('on', dto.on, ref, today);
      const [contact] = await manager.query(
        `INSERT INTO case_contact (case_id, "on", channel, reached, created_by) VALUES ($1, $2, $3, $4, $5)
         RETURNING id, "on"::text, channel, reached, created_by, created_at`,
        [ref.id, dto.on, dto.channel, dto.reached, actor.sub],
      );
      await this.appendEvent(manager, ref.id, 'contact_recorded', actor.sub, {
        contactId: contact.id,
        on: dto.on,
        channel: dto.channel,
        reached: dto.reached,
        ...(actor.unit ? { unit: actor.unit } : {}),
      });
      await this.audit.record(actor, { action: 'create', entityType: 'case_contact', entityIds: [contact.id], caseIds: [ref.id] }, manager);
      return {
        id: contact.id,
        on: contact.on,
        channel: contact.channel,
        reached: contact.reached,
        createdBy: contact.created_by,
        createdAt: iso(contact.created_at),
      };
    });
  }

  /**
   * Closes the case with its outcome. A closed case is never reopened: a new notice for the
   * household opens a new case marked as a recurrence (see IntakeService), so history stays as it was.
   */
  async close(actor: Actor, id: unknown, dto: CloseCaseDto, today: string = todayInStockholm()): Promise<CaseClosedView> {
    return this.dataSource.transaction(async (manager) => {
      const ref = await this.requireOpenCase(actor, id, manager);
      this.assertDayInCase('on', dto.on, ref, today);
      // Open next steps are not left hanging: the caller either sees them (409) or cancels them with the closing.
      const open: Row[] = await manager.query(
        `SELECT s.id, u.code AS unit, s.action, s.due_on::text AS "dueOn", s.responsible
           FROM next_step s JOIN unit u ON u.id = s.unit_id WHERE s.case_id = $1 AND s.status = 'open' ORDER BY s.due_on, s.id FOR UPDATE OF s`,
        [ref.id],
      );
      if (open.length > 0 && !dto.cancelOpenSteps) {
        throw new DomainError('OPEN_NEXT_STEPS', `The case has ${open.length} open next step(s); close it with cancelOpenSteps: true to cancel them.`, undefined, {
          nextSteps: open,
        });
      }
      const reason = `Ärendet avslutades ${dto.on}`;
      if (open.length > 0) {
        await manager.query(`UPDATE next_step SET status = 'cancelled', cancel_reason = $2 WHERE id = ANY($1::uuid[])`, [open.map((s) => s.id), reason]);
        for (const step of open) {
          await this.appendEvent(manager, ref.id, 'next_step_cancelled', actor.sub, { nextStepId: step.id, dueOn: step.dueOn, reason });
        }
        await this.audit.record(actor, { action: 'update', entityType: 'next_step', entityIds: open.map((s) => s.id), caseIds: [ref.id] }, manager);
      }
      await manager.query(
        `UPDATE household_case SET status = 'closed', closed_on = $2, outcome = $3, updated_at = now() WHERE id = $1`,
        [ref.id, dto.on, dto.outcome],
      );
      await this.appendEvent(manager, ref.id, 'case_closed', actor.sub, { on: dto.on, outcome: dto.outcome, cancelledNextStepIds: open.map((s) => s.id) });
      await this.audit.record(actor, { action: 'update', entityType: 'household_case', entityIds: [ref.id], caseIds: [ref.id] }, manager);
      return { id: ref.id, status: 'closed', closedOn: dto.on, outcome: dto.outcome, cancelledNextSteps: open.map((s) => s.id) };
    });
  }

  /**
   * The coordinator's word on protected identity, for every person of the case: set, or lifted with
   * a stated reason. It applies to the persons, so to every case of theirs (open or closed, in any
   * district); the reason goes to the audit log, each changed case's timeline says what happened.
   */
  async setProtectedIdentity(actor: Actor, id: unknown, dto: SetProtectedIdentityDto): Promise<ProtectedIdentityView> {
    return this.dataSource.transaction(async (manager) => {
      const ref = await this.requireCase(actor, id, manager, true);
      const persons: string[] = (await manager.query('SELECT personnummer FROM case_tenant WHERE case_id = $1', [ref.id])).map(
        (r: Row) => r.personnummer,
      );
      const change = dto.protected ? await protectPersons(manager, persons, actor.sub) : await liftPersons(manager, persons);
      const changed = dto.protected ? change.protectedCases : change.liftedCases;
      const kind = dto.protected ? 'protected_identity_set' : 'protected_identity_lifted';
      const timeline = [...new Set([ref.id, ...changed.map((c) => c.id)])];
      await manager.query(
        `INSERT INTO case_event (case_id, kind, actor_sub, data) SELECT unnest($1::uuid[]), $2, $3, $4::jsonb`,
        [timeline, kind, actor.sub, JSON.stringify({ caseId: ref.id, by: 'coordinator' })],
      );
      await this.audit.record(
        actor,
        {
          action: 'update',
          entityType: 'protected_identity',
          entityIds: [ref.id],
          caseIds: timeline,
          reason: `${dto.protected ? 'protected identity set' : 'protected identity lifted'}: ${scrubIdentityNumbers(dto.reason)}`,
        },
        manager,
      );
      const [{ protected_identity: now }] = await manager.query('SELECT protected_identity FROM household_case WHERE id = $1', [ref.id]);
      return {
        caseId: ref.id,
        protectedIdentity: now,
        persons: persons.length,
        casesChanged: changed.filter((c) => c.districtCode === actor.district).length,
      };
    });
  }

  private async requireOpenCase(actor: Actor, id: unknown, manager: EntityManager): Promise<CaseRef> {
    const ref = await this.requireCase(actor, id, manager, true);
    if (ref.status !== 'open') {
      throw new DomainError('CONFLICT', 'The case is closed; a new notice for the household opens a new case.');
    }
    return ref;
  }

  private assertDayInCase(field: string, day: string, ref: CaseRef, today: string): void {
    if (compareDates(day, today) > 0) throw invalid(field, 'must not be in the future');
    if (compareDates(day, ref.openedOn) < 0) throw invalid(field, `must not be before the case was opened (${ref.openedOn})`);
  }
}
