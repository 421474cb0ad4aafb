import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { addDays, compareDates, todayInStockholm } from '@bosam/calendar';
import { maskPersonnummer, parseLandlordNumber, parsePersonnummer, scrubIdentityNumbers } from '@bosam/identity';
import {
  Actor,
  assertDistrict,
  assertUuid,
  AuditService,
  DomainError,
  FieldError,
  forbidden,
  invalid,
  invalidFields,
  notFound,
  oreToKronor,
  PersonalData,
} from '@bosam/platform';
import {
  CASE_LIST_MAX_LIMIT,
  CaseClosedView,
  CaseCorrectedView,
  CaseDetailView,
  CaseListItem,
  CaseListView,
  CaseMergedView,
  CaseReopenedView,
  CaseUnitsView,
  CloseCaseDto,
  ContactView,
  CorrectCaseDto,
  CreateContactDto,
  LandlordRef,
  ListCasesQuery,
  MergeCaseDto,
  ProtectedIdentityView,
  ReopenCaseDto,
  SetCaseUnitsDto,
  SetProtectedIdentityDto,
} from './dto';
import { consentStatusToday } from './consent-status';
import { ContactOutcome } from './entities';
import { REFRESH_FOLLOW_STATE_SQL } from './follow-state.sql';
import { nameSearchKey, sharedApartmentSql } from './household';
import { liftPersons, openAddress, protectPersons, sealAddresses } from './protection';

/** The case as the other contexts need it: where it belongs and whether it is open. */
export interface CaseRef {
  id: string;
  districtCode: string;
  status: 'open' | 'closed';
  openedOn: string;
}

type Row = Record<string, any>;

/** A case closed by mistake may be reopened within this many days of its closing day. */
export const REOPEN_WITHIN_DAYS = 30;

// reached, home visit made and declined: the person was met (declining is an answer); no answer, letter sent: not.
const REACHED_BY_OUTCOME: Record<ContactOutcome, boolean> = {
  reached: true,
  home_visit_made: true,
  declined: true,
  no_answer: false,
  letter_sent: false,
};

/**
 * The SQL condition on case_tenant `t` for an identity number, and its parameter: the keyed blind
 * index (identity numbers are stored sealed; see PersonalData in @bosam/platform).
 */
export function tenantIdentityMatch(keys: PersonalData, canonical: string, param: string): { sql: string; value: Buffer } {
  return { sql: `t.personnummer_index = ${param}`, value: keys.index(canonical) };
}

/** Access reasons are free text from a header: bounded, and never an identity number. */
const cleanReason = (reason: string | undefined): string | null => {
  const trimmed = (reason ?? '').trim();
  return trimmed.length === 0 ? null : scrubIdentityNumbers(trimmed).slice(0, 500);
};
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
    private readonly keys: PersonalData,
  ) {}

  /** A landlord as shown: a sole trader's personnummer (sealed at rest) masked like every other. */
  private landlordRef(orgNumber: string | null, sealed: string | null, name: string | null): LandlordRef | null {
    return orgNumber ? { orgNumber: this.keys.landlordShown(orgNumber, sealed), name } : null;
  }

  /** The tenants as stored (sealed numbers) → names and canonical numbers, in the order of the numbers. */
  private openTenants(tenants: Row[] | null): Array<{ name: string | null; personnummer: string }> {
    return (tenants ?? [])
      .map((t) => ({ name: t.name, personnummer: this.keys.open('personnummer', t.sealed) }))
      .sort((a, b) => (a.personnummer < b.personnummer ? -1 : a.personnummer > b.personnummer ? 1 : 0));
  }

  /** Appends one line to the case's timeline. `data` holds ids and facts, never names or identity numbers. */
  async appendEvent(
    manager: EntityManager,
    caseId: string,
    kind: string,
    actorSub: string,
    data: Record<string, unknown> = {},
  ): Promise<void> {
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

  /**
   * The district's cases with filters. `q` searches by a tenant's name (every word of `q` a prefix of a
   * word of the name, case and accents aside) or identity number in any written form; a search must name
   * its reason (`accessReason`, the X-Access-Reason header), which the audit entry records.
   */
  async list(actor: Actor, query: ListCasesQuery, today: string = todayInStockholm(), accessReason?: string): Promise<CaseListView> {
    if (query.district !== undefined) assertDistrict(actor, query.district);
    const reason = cleanReason(accessReason);
    if (query.q !== undefined && reason === null) {
      throw new DomainError('ACCESS_REASON_REQUIRED', 'A search for a person needs a reason: send the header X-Access-Reason.');
    }
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
      const parsed = parseLandlordNumber(query.landlord, today);
      if (!parsed.ok) throw invalid('landlord', 'must be a valid organisationsnummer');
      where.push(
        `EXISTS (SELECT 1 FROM notification n WHERE n.case_id = c.id AND n.landlord_org_number = ${p(this.keys.landlordKey(parsed.canonical))})`,
      );
    }
    if (query.q !== undefined) {
      const person = parsePersonnummer(query.q, today);
      if (person.ok) {
        const match = tenantIdentityMatch(this.keys, person.canonical, '$__');
        where.push(`EXISTS (SELECT 1 FROM case_tenant t WHERE t.case_id = c.id AND ${match.sql.replace('$__', p(match.value))})`);
      } else {
        // A double-barrelled name is two words: "Östlund-Pålsson" is found by "pals" too.
        const words = nameSearchKey(query.q)
          .replace(/-/g, ' ')
          .split(' ')
          .filter((w) => w.length > 0);
        if (words.length === 0 || /^[\d\s+-]+$/.test(query.q))
          throw invalid('q', 'must be a name, or a valid personnummer or samordningsnummer');
        const likes = words.map((w) => {
          const escaped = w.replace(/[\\%_]/g, (ch) => `\\${ch}`);
          return `(' ' || translate(t.name_key, '-', ' ')) LIKE ${p(`% ${escaped}%`)}`;
        });
        where.push(`EXISTS (SELECT 1 FROM case_tenant t WHERE t.case_id = c.id AND ${likes.join(' AND ')})`);
      }
    }
    const filter = where.join(' AND ');
    const [{ total }] = await this.dataSource.query(`SELECT count(*)::int AS total FROM household_case c WHERE ${filter}`, params);
    const rows: Row[] =
      total === 0
        ? []
        : await this.dataSource.query(
            `SELECT c.id, c.status, c.opened_on::text, c.closed_on::text, c.outcome, c.recurrence, c.children_in_household, c.protected_identity,
              c.arrears_ore, c.ongoing_disturbance, c.last_received_on::text, c.street, c.postal_code, c.city, c.apartment,
              l.org_number AS landlord_org_number, l.org_number_sealed AS landlord_org_sealed, l.name AS landlord_name,
              (SELECT json_agg(json_build_object('name', t.name, 'sealed', t.personnummer_sealed))
                 FROM case_tenant t WHERE t.case_id = c.id) AS tenants,
              (SELECT json_agg(u.code ORDER BY u.code) FROM case_unit cu JOIN unit u ON u.id = cu.unit_id WHERE cu.case_id = c.id) AS units,
              (SELECT json_build_object('kind', d.kind, 'dueOn', d.due_on, 'estimated', d.estimated, 'latestDueOn', d.latest_due_on, 'rule', d.rule)
                 FROM case_deadline d WHERE d.case_id = c.id AND d.due_on >= ${p(today)}::date ORDER BY d.due_on, d.kind LIMIT 1) AS next_deadline,
              (SELECT count(*)::int FROM notification n WHERE n.case_id = c.id) AS notifications,
              c.status = 'open' AND EXISTS (${sharedApartmentSql('c')}) AS shared_apartment, c.merged_into_case_id
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
      tenants: this.openTenants(row.tenants).map((t) => ({ name: t.name, personnummer: maskPersonnummer(t.personnummer) })),
      // Skyddade personuppgifter: the address never leaves the case detail.
      address: row.protected_identity
        ? null
        : { street: row.street, postalCode: row.postal_code, city: row.city, apartment: row.apartment },
      childrenInHousehold: row.children_in_household,
      protectedIdentity: row.protected_identity,
      arrearsSek: oreToKronor(row.arrears_ore) ?? 0,
      ongoingDisturbance: row.ongoing_disturbance,
      landlord: this.landlordRef(row.landlord_org_number, row.landlord_org_sealed, row.landlord_name),
      nextDeadline: row.next_deadline,
      units: row.units ?? [],
      notifications: row.notifications,
      lastReceivedOn: row.last_received_on,
      sharedApartment: row.shared_apartment,
      mergedIntoCaseId: row.merged_into_case_id,
    }));
    const ids = items.map((item) => item.id);
    await this.audit.record(actor, {
      action: 'read',
      entityType: 'household_case',
      entityIds: ids,
      caseIds: ids,
      ...(query.q !== undefined ? { reason: `sökning: ${reason}` } : {}),
    });
    return { items, total, limit, offset };
  }

  async detail(actor: Actor, id: unknown, today: string = todayInStockholm()): Promise<CaseDetailView> {
    const caseId = assertUuid(id, 'case');
    const [row]: Row[] = await this.dataSource.query(
      `SELECT c.id, c.district_code, c.status, c.opened_on::text, c.closed_on::text, c.outcome, c.recurrence, c.previous_case_id,
              c.street, c.postal_code, c.city, c.apartment, c.address_sealed, c.children_in_household, c.protected_identity, c.arrears_ore,
              c.ongoing_disturbance, c.arrears_on::text, c.merged_into_case_id, l.org_number AS landlord_org_number,
              l.org_number_sealed AS landlord_org_sealed, l.name AS landlord_name,
              (SELECT coalesce(json_agg(json_build_object('name', t.name, 'sealed', t.personnummer_sealed)), '[]')
                 FROM case_tenant t WHERE t.case_id = c.id) AS tenants,
              CASE WHEN c.status = 'open' THEN (SELECT coalesce(json_agg(s.id ORDER BY s.id), '[]') FROM (${sharedApartmentSql('c')}) s)
                   ELSE '[]' END AS shared_apartment_with,
              (SELECT coalesce(json_agg(json_build_object('id', b.id, 'on', b.on, 'arrearsOre', b.arrears_ore, 'source', b.source,
                        'createdBy', b.created_by) ORDER BY b.on, b.created_at), '[]')
                 FROM case_balance b WHERE b.case_id = c.id) AS balances,
              (SELECT coalesce(json_agg(json_build_object('id', rp.id, 'caseId', rp.case_id, 'landlordOrgNumber', rp.landlord_org_number,
                        'landlordOrgSealed', rp.landlord_org_number_sealed, 'landlordName', rl.name, 'monthlyOre', rp.monthly_ore, 'firstDueOn', rp.first_due_on, 'status', rp.status,
                        'statusOn', rp.status_on, 'createdBy', rp.created_by, 'createdAt', rp.created_at) ORDER BY rp.created_at), '[]')
                 FROM repayment_plan rp LEFT JOIN landlord rl ON rl.org_number = rp.landlord_org_number WHERE rp.case_id = c.id) AS repayment_plans,
              (SELECT coalesce(json_agg(json_build_object('id', cd.id, 'kind', cd.kind, 'on', cd.on, 'landlordOrgNumber', cd.landlord_org_number,
                        'landlordOrgSealed', cd.landlord_org_number_sealed, 'category', cd.category) ORDER BY cd.on, cd.created_at), '[]')
                 FROM case_disturbance cd WHERE cd.case_id = c.id) AS disturbances,
              (SELECT coalesce(json_agg(json_build_object(
                        'id', n.id, 'source', n.source, 'externalReference', n.external_reference,
                        'landlordOrgNumber', n.landlord_org_number, 'landlordOrgSealed', n.landlord_org_number_sealed, 'landlordName', nl.name,
                        'receivedOn', n.received_on, 'tenantServedOn', n.tenant_served_on, 'boardNotifiedOn', n.board_notified_on,
                        'evictionOn', n.eviction_on, 'arrearsOre', n.arrears_ore, 'monthsInArrears', n.months_in_arrears,
                        'childrenInHousehold', n.children_in_household, 'protectedIdentity', n.protected_identity, 'flags', n.flags,
                        'importId', n.import_id, 'createdAt', n.created_at) ORDER BY n.received_on, n.created_at), '[]')
                 FROM notification n LEFT JOIN landlord nl ON nl.org_number = n.landlord_org_number
                WHERE n.case_id = c.id) AS notifications,
              (SELECT coalesce(json_agg(json_build_object('kind', d.kind, 'dueOn', d.due_on, 'estimated', d.estimated,
                        'latestDueOn', d.latest_due_on, 'rule', d.rule, 'notificationId', d.notification_id) ORDER BY d.due_on, d.kind), '[]')
                 FROM case_deadline d WHERE d.case_id = c.id) AS deadlines,
              (SELECT coalesce(json_agg(json_build_object('code', u.code, 'name', u.name) ORDER BY u.code), '[]')
                 FROM case_unit cu JOIN unit u ON u.id = cu.unit_id WHERE cu.case_id = c.id) AS units,
              (SELECT coalesce(json_agg(json_build_object('id', k.id, 'on', k.on, 'channel', k.channel, 'reached', k.reached,
                        'outcome', k.outcome, 'note', k.note, 'madeBy', k.made_by, 'unit', k.unit_code,
                        'createdBy', k.created_by, 'createdAt', k.created_at) ORDER BY k.on, k.created_at), '[]')
                 FROM case_contact k WHERE k.case_id = c.id) AS contacts,
              (SELECT coalesce(json_agg(json_build_object('id', s.id, 'unit', u.code, 'action', s.action, 'dueOn', s.due_on,
                        'status', s.status, 'doneOn', s.done_on, 'decisionId', s.decision_id, 'responsible', s.responsible,
                        'result', s.result, 'cancelReason', s.cancel_reason) ORDER BY s.due_on, s.created_at), '[]')
                 FROM next_step s JOIN unit u ON u.id = s.unit_id WHERE s.case_id = c.id) AS next_steps,
              -- A documented cross-context read: the consent table belongs to @bosam/landlords, which depends on
              -- this lib (never the other way round); the status is consentStatusToday()'s, below.
              (SELECT coalesce(json_agg(json_build_object('id', k.id, 'caseId', k.case_id,
                        'landlord', json_build_object('orgNumber', kl.org_number, 'sealed', kl.org_number_sealed, 'name', kl.name), 'categories', k.categories,
                        'givenOn', k.given_on, 'validUntil', k.valid_until, 'form', k.form, 'documentedBy', k.documented_by,
                        'withdrawnOn', k.withdrawn_on)
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
              -- Every disclosure to a landlord (GDPR art. 15.1 c: who received the person's data): the same documented
              -- cross-context read, of @bosam/landlords' landlord_exchange.
              (SELECT coalesce(json_agg(json_build_object('id', x.id, 'on', x.on,
                        'landlord', json_build_object('orgNumber', xl.org_number, 'sealed', xl.org_number_sealed, 'name', xl.name), 'direction', x.direction,
                        'categories', x.categories, 'consentIds', x.consent_ids, 'sessionId', x.session_id, 'summary', x.summary,
                        'who', coalesce(x.created_by_name, x.created_by)) ORDER BY x.on, x.created_at), '[]')
                 FROM landlord_exchange x JOIN landlord xl ON xl.id = x.landlord_id WHERE x.case_id = c.id) AS exchanges,
              (SELECT coalesce(json_agg(json_build_object('id', e.id, 'at', e.at, 'kind', e.kind, 'actor', e.actor_sub, 'data', e.data)
                        ORDER BY e.id), '[]')
                 FROM case_event e WHERE e.case_id = c.id) AS timeline
         FROM household_case c
         LEFT JOIN landlord l ON l.id = c.landlord_id
        WHERE c.id = $1 AND c.district_code = $2`,
      [caseId, actor.district],
    );
    if (!row) throw notFound('case');
    await this.audit.record(actor, { action: 'read', entityType: 'household_case', entityIds: [caseId], caseIds: [caseId] });
    return {
      id: row.id,
      district: row.district_code,
      status: row.status,
      openedOn: row.opened_on,
      closedOn: row.closed_on,
      outcome: row.outcome,
      recurrence: row.recurrence,
      previousCaseId: row.previous_case_id,
      tenants: this.openTenants(row.tenants).map((t) => {
        const parsed = parsePersonnummer(t.personnummer);
        return {
          name: t.name,
          personnummer: personnummerDisplay(t.personnummer),
          coordinationNumber: parsed.ok && parsed.coordinationNumber,
        };
      }),
      // The case workers see a protected identity's address here (sealed at rest), and nowhere else.
      address: openAddress(this.keys, row.address_sealed, {
        street: row.street,
        postalCode: row.postal_code,
        city: row.city,
        apartment: row.apartment,
      }),
      household: { childrenInHousehold: row.children_in_household, protectedIdentity: row.protected_identity },
      arrearsSek: oreToKronor(row.arrears_ore) ?? 0,
      arrearsOn: row.arrears_on,
      ongoingDisturbance: row.ongoing_disturbance,
      inFollowUp: row.status === 'open' && (Number(row.arrears_ore) > 0 || row.ongoing_disturbance),
      landlord: this.landlordRef(row.landlord_org_number, row.landlord_org_sealed, row.landlord_name),
      mergedIntoCaseId: row.merged_into_case_id,
      sharedApartmentWith: row.shared_apartment_with,
      balances: row.balances.map((b: Row) => ({
        id: b.id,
        on: b.on,
        arrearsSek: oreToKronor(b.arrearsOre) ?? 0,
        source: b.source,
        createdBy: b.createdBy,
      })),
      repaymentPlans: row.repayment_plans.map((rp: Row) => ({
        id: rp.id,
        caseId: rp.caseId,
        landlord: this.landlordRef(rp.landlordOrgNumber, rp.landlordOrgSealed, rp.landlordName)!,
        monthlySek: oreToKronor(rp.monthlyOre) ?? 0,
        firstDueOn: rp.firstDueOn,
        status: rp.status,
        statusOn: rp.statusOn,
        createdBy: rp.createdBy,
        createdAt: iso(rp.createdAt),
      })),
      disturbances: row.disturbances.map(({ landlordOrgSealed, ...d }: Row) => ({
        ...d,
        landlordOrgNumber: d.landlordOrgNumber ? this.keys.landlordShown(d.landlordOrgNumber, landlordOrgSealed) : null,
      })),
      notifications: row.notifications.map((n: Row) => ({
        id: n.id,
        source: n.source,
        externalReference: n.externalReference,
        landlord: this.landlordRef(n.landlordOrgNumber, n.landlordOrgSealed, n.landlordName),
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
      decisions: row.decisions.map((d: Row) => ({
        ...d,
        decidedAt: iso(d.decidedAt),
        confirmedAt: d.confirmedAt ? iso(d.confirmedAt) : null,
      })),
      consents: row.consents.map((k: Row) => ({
        ...k,
        landlord: this.landlordRef(k.landlord.orgNumber, k.landlord.sealed, k.landlord.name),
        status: consentStatusToday({ givenOn: k.givenOn, validUntil: k.validUntil, withdrawnOn: k.withdrawnOn }, today),
      })),
      exchanges: row.exchanges.map((x: Row) => ({
        ...x,
        landlord: this.landlordRef(x.landlord.orgNumber, x.landlord.sealed, x.landlord.name),
      })),
      timeline: row.timeline.map((e: Row) => ({ ...e, id: Number(e.id), at: iso(e.at) })),
    };
  }

  /**
   * Replaces the units the client is known to; the timeline says which were added and removed. A unit
   * representative sets only their own unit: the list must keep every other unit exactly as it is.
   */
  async setUnits(actor: Actor, id: unknown, dto: SetCaseUnitsDto): Promise<CaseUnitsView> {
    const wanted = [...new Set(dto.units)];
    return this.dataSource.transaction(async (manager) => {
      const ref = await this.requireOpenCase(actor, id, manager);
      if (actor.role === 'unit_rep') {
        const others: Row[] = await manager.query(
          'SELECT u.code FROM case_unit cu JOIN unit u ON u.id = cu.unit_id WHERE cu.case_id = $1 AND u.code <> $2',
          [ref.id, actor.unit ?? ''],
        );
        const kept = others.map((o) => o.code as string).sort();
        const asked = wanted.filter((code) => code !== actor.unit).sort();
        if (kept.join(',') !== asked.join(',')) throw forbidden('A unit representative sets only their own unit.');
      }
      const units: Row[] = wanted.length
        ? await manager.query('SELECT id, code, name FROM unit WHERE district_code = $1 AND code = ANY($2::text[])', [
            ref.districtCode,
            wanted,
          ])
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
      const implied = dto.outcome ? REACHED_BY_OUTCOME[dto.outcome] : undefined;
      if (dto.reached === undefined && implied === undefined) throw invalid('reached', 'is required when no outcome is given');
      if (dto.reached !== undefined && implied !== undefined && dto.reached !== implied) {
        throw invalid('reached', `must be ${implied} when the outcome is ${dto.outcome}`);
      }
      const reached = dto.reached ?? implied!;
      const [contact] = await manager.query(
        `INSERT INTO case_contact (case_id, "on", channel, reached, outcome, note, made_by, unit_code, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         RETURNING id, "on"::text, channel, reached, outcome, note, made_by, unit_code, created_by, created_at`,
        [
          ref.id,
          dto.on,
          dto.channel,
          reached,
          dto.outcome ?? null,
          dto.note ?? null,
          dto.madeBy ?? actor.name ?? null,
          actor.unit ?? null,
          actor.sub,
        ],
      );
      // The note stays in its table: the timeline gets the facts.
      await this.appendEvent(manager, ref.id, 'contact_recorded', actor.sub, {
        contactId: contact.id,
        on: dto.on,
        channel: dto.channel,
        reached,
        ...(dto.outcome ? { outcome: dto.outcome } : {}),
        ...(actor.unit ? { unit: actor.unit } : {}),
      });
      await this.audit.record(actor, { action: 'create', entityType: 'case_contact', entityIds: [contact.id], caseIds: [ref.id] }, manager);
      return {
        id: contact.id,
        on: contact.on,
        channel: contact.channel,
        reached: contact.reached,
        outcome: contact.outcome,
        note: contact.note,
        madeBy: contact.made_by,
        unit: contact.unit_code,
        createdBy: contact.created_by,
        createdAt: iso(contact.created_at),
      };
    });
  }

  /**
   * Closes the case with its outcome. A new notice for the household afterwards opens a new case marked
   * as a recurrence (see IntakeService); a case closed by mistake can be reopened (reopen). Unit
   * representatives may close only where the district allows it (district.unit_reps_may_close).
   */
  async close(actor: Actor, id: unknown, dto: CloseCaseDto, today: string = todayInStockholm()): Promise<CaseClosedView> {
    return this.dataSource.transaction(async (manager) => {
      // Another district's case is 404 before any question of role.
      const ref = await this.requireCase(actor, id, manager, true);
      await this.assertMayClose(actor, manager);
      if (ref.status !== 'open') throw new DomainError('CONFLICT', 'The case is closed; a new notice for the household opens a new case.');
      this.assertDayInCase('on', dto.on, ref, today);
      // Open next steps are not left hanging: the caller either sees them (409) or cancels them with the closing.
      const open: Row[] = await manager.query(
        `SELECT s.id, u.code AS unit, s.action, s.due_on::text AS "dueOn", s.responsible
           FROM next_step s JOIN unit u ON u.id = s.unit_id WHERE s.case_id = $1 AND s.status = 'open' ORDER BY s.due_on, s.id FOR UPDATE OF s`,
        [ref.id],
      );
      if (open.length > 0 && !dto.cancelOpenSteps) {
        throw new DomainError(
          'OPEN_NEXT_STEPS',
          `The case has ${open.length} open next step(s); close it with cancelOpenSteps: true to cancel them.`,
          undefined,
          {
            nextSteps: open,
          },
        );
      }
      const reason = `Ärendet avslutades ${dto.on}`;
      if (open.length > 0) {
        await manager.query(`UPDATE next_step SET status = 'cancelled', cancel_reason = $2 WHERE id = ANY($1::uuid[])`, [
          open.map((s) => s.id),
          reason,
        ]);
        for (const step of open) {
          await this.appendEvent(manager, ref.id, 'next_step_cancelled', actor.sub, { nextStepId: step.id, dueOn: step.dueOn, reason });
        }
        await this.audit.record(
          actor,
          { action: 'update', entityType: 'next_step', entityIds: open.map((s) => s.id), caseIds: [ref.id] },
          manager,
        );
      }
      await manager.query(`UPDATE household_case SET status = 'closed', closed_on = $2, outcome = $3, updated_at = now() WHERE id = $1`, [
        ref.id,
        dto.on,
        dto.outcome,
      ]);
      await this.appendEvent(manager, ref.id, 'case_closed', actor.sub, {
        on: dto.on,
        outcome: dto.outcome,
        cancelledNextStepIds: open.map((s) => s.id),
      });
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
      const persons: Array<{ index: Buffer; sealed: string }> = (
        await manager.query('SELECT personnummer_index, personnummer_sealed FROM case_tenant WHERE case_id = $1', [ref.id])
      ).map((r: Row) => ({ index: r.personnummer_index, sealed: r.personnummer_sealed }));
      const change = dto.protected
        ? await protectPersons(manager, this.keys, persons, actor.sub)
        : await liftPersons(
            manager,
            this.keys,
            persons.map((p) => p.index),
          );
      const changed = dto.protected ? change.protectedCases : change.liftedCases;
      const kind = dto.protected ? 'protected_identity_set' : 'protected_identity_lifted';
      const timeline = [...new Set([ref.id, ...changed.map((c) => c.id)])];
      await manager.query(`INSERT INTO case_event (case_id, kind, actor_sub, data) SELECT unnest($1::uuid[]), $2, $3, $4::jsonb`, [
        timeline,
        kind,
        actor.sub,
        JSON.stringify({ caseId: ref.id, by: 'coordinator' }),
      ]);
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

  /**
   * Corrects an obvious data-entry error in the case's address or number of children, with a reason.
   * The timeline names the fields (the address itself stays on the case); shared-apartment flags follow.
   */
  async correct(actor: Actor, id: unknown, dto: CorrectCaseDto): Promise<CaseCorrectedView> {
    if (!dto.address && dto.childrenInHousehold === undefined) throw invalid('address', 'give address or childrenInHousehold to correct');
    return this.dataSource.transaction(async (manager) => {
      const ref = await this.requireOpenCase(actor, id, manager);
      const [stored] = await manager.query(
        'SELECT street, postal_code, city, apartment, address_sealed, protected_identity, children_in_household FROM household_case WHERE id = $1',
        [ref.id],
      );
      // A protected identity's address is kept sealed: compared opened, written sealed.
      const opened = openAddress(this.keys, stored.address_sealed, {
        street: stored.street,
        postalCode: stored.postal_code,
        city: stored.city,
        apartment: stored.apartment,
      });
      const before = { ...stored, street: opened.street, postal_code: opened.postalCode, city: opened.city, apartment: opened.apartment };
      const address = dto.address
        ? {
            street: dto.address.street,
            postalCode: dto.address.postalCode.replace(/^(\d{3}) ?(\d{2})$/, '$1 $2'),
            city: dto.address.city,
            apartment: dto.address.apartment ?? null,
          }
        : { street: before.street, postalCode: before.postal_code, city: before.city, apartment: before.apartment };
      const children = dto.childrenInHousehold ?? before.children_in_household;
      const fields = [
        ...(dto.address &&
        (address.street !== before.street ||
          address.postalCode !== before.postal_code ||
          address.city !== before.city ||
          address.apartment !== before.apartment)
          ? ['address']
          : []),
        ...(children !== before.children_in_household ? ['childrenInHousehold'] : []),
      ];
      if (fields.length === 0) throw invalid('address', 'is the same as on the case; nothing to correct');
      await manager.query(
        'UPDATE household_case SET street = $2, postal_code = $3, city = $4, apartment = $5, children_in_household = $6, address_sealed = $7, updated_at = now() WHERE id = $1',
        stored.protected_identity
          ? [ref.id, null, null, null, null, children, this.keys.seal('address', JSON.stringify(address))]
          : [ref.id, address.street, address.postalCode, address.city, address.apartment, children, null],
      );
      await this.appendEvent(manager, ref.id, 'case_corrected', actor.sub, {
        fields,
        reason: scrubIdentityNumbers(dto.reason),
        ...(fields.includes('childrenInHousehold') ? { childrenInHousehold: { from: before.children_in_household, to: children } } : {}),
      });
      await this.audit.record(actor, { action: 'update', entityType: 'household_case', entityIds: [ref.id], caseIds: [ref.id] }, manager);
      return { id: ref.id, address, childrenInHousehold: children, fields };
    });
  }

  /** Coordinators close; unit representatives only where the district's setting allows it. */
  async assertMayClose(actor: Actor, manager: EntityManager = this.dataSource.manager): Promise<void> {
    if (actor.role === 'coordinator') return;
    if (actor.role === 'unit_rep') {
      const [district] = await manager.query('SELECT unit_reps_may_close FROM district WHERE code = $1', [actor.district]);
      if (district?.unit_reps_may_close) return;
      throw forbidden('In this district only a coordinator may close a case.');
    }
    throw forbidden('Not allowed to close a case.');
  }

  /**
   * Reopens a case closed by mistake: within 30 days of its closing day, with a reason. Not a case
   * merged into another, and not while the household has another open case (merge instead).
   */
  async reopen(actor: Actor, id: unknown, dto: ReopenCaseDto, today: string = todayInStockholm()): Promise<CaseReopenedView> {
    return this.dataSource.transaction(async (manager) => {
      const ref = await this.requireCase(actor, id, manager, true);
      const [row] = await manager.query('SELECT closed_on::text, outcome, merged_into_case_id FROM household_case WHERE id = $1', [ref.id]);
      if (ref.status !== 'closed') throw new DomainError('CONFLICT', 'The case is open.');
      if (row.merged_into_case_id)
        throw new DomainError('CONFLICT', 'The case was merged into another case; that case is the one to follow.');
      const lastDay = addDays(row.closed_on, REOPEN_WITHIN_DAYS);
      if (compareDates(today, lastDay) > 0) {
        throw new DomainError(
          'CONFLICT',
          `A case can be reopened within ${REOPEN_WITHIN_DAYS} days of closing (until ${lastDay}); a new notice opens a new case.`,
        );
      }
      const [other] = await manager.query(
        `SELECT o.id FROM case_tenant t JOIN case_tenant ot ON ot.personnummer_index = t.personnummer_index AND ot.case_id <> t.case_id
           JOIN household_case o ON o.id = ot.case_id AND o.status = 'open' AND o.district_code = $2
          WHERE t.case_id = $1 LIMIT 1`,
        [ref.id, ref.districtCode],
      );
      if (other) {
        throw new DomainError('CONFLICT', 'The household has another open case; merge into it instead.', undefined, {
          openCaseId: other.id,
        });
      }
      await manager.query(`UPDATE household_case SET status = 'open', closed_on = NULL, outcome = NULL, updated_at = now() WHERE id = $1`, [
        ref.id,
      ]);
      await this.appendEvent(manager, ref.id, 'case_reopened', actor.sub, {
        on: today,
        closedOn: row.closed_on,
        outcome: row.outcome,
        reason: scrubIdentityNumbers(dto.reason),
      });
      await this.audit.record(actor, { action: 'update', entityType: 'household_case', entityIds: [ref.id], caseIds: [ref.id] }, manager);
      return { id: ref.id, status: 'open', reopenedOn: today };
    });
  }

  /**
   * Merges this case into another open case of the district (one household, two cases): notices,
   * deadlines, units, next steps, contacts, balances, repayment plans, disturbances, consents and
   * exchanges move; the tenants are added to the other case. This case stays readable, closed, as
   * "merged into"; both timelines say so. Consents and exchanges belong to @bosam/landlords: moving
   * them here is a documented cross-context write (only their case_id changes).
   */
  async merge(actor: Actor, id: unknown, dto: MergeCaseDto, today: string = todayInStockholm()): Promise<CaseMergedView> {
    return this.dataSource.transaction(async (manager) => {
      const sourceId = assertUuid(id, 'case');
      const targetId = assertUuid(dto.intoCaseId, 'case');
      if (sourceId === targetId) throw invalid('intoCaseId', 'must be another case');
      // Lock both in one order, so two merges cannot deadlock.
      const [first, second] = [sourceId, targetId].sort();
      const a = await this.requireCase(actor, first, manager, true);
      const b = await this.requireCase(actor, second, manager, true);
      const [source, target] = a.id === sourceId ? [a, b] : [b, a];
      if (source.status !== 'open') throw new DomainError('CONFLICT', 'Only an open case can be merged.');
      if (target.status !== 'open') throw invalid('intoCaseId', 'must be an open case');
      const moved: Record<string, number> = {};
      const move = async (table: string, sql = `UPDATE ${table} SET case_id = $2 WHERE case_id = $1`) => {
        const result = await manager.query(`WITH moved AS (${sql} RETURNING 1) SELECT count(*)::int AS n FROM moved`, [
          source.id,
          target.id,
        ]);
        moved[table] = result[0].n;
      };
      for (const table of [
        'notification',
        'case_deadline',
        'next_step',
        'case_contact',
        'case_balance',
        'repayment_plan',
        'case_disturbance',
        'notification_amendment',
        'consent',
        'landlord_exchange',
      ]) {
        await move(table);
      }
      await move(
        'case_unit',
        `INSERT INTO case_unit (case_id, unit_id) SELECT $2, unit_id FROM case_unit WHERE case_id = $1 ON CONFLICT DO NOTHING`,
      );
      await move(
        'case_tenant',
        `INSERT INTO case_tenant (case_id, personnummer_index, personnummer_sealed, name, name_key) SELECT $2, personnummer_index, personnummer_sealed, name, name_key FROM case_tenant WHERE case_id = $1 ON CONFLICT (case_id, personnummer_index) DO NOTHING`,
      );
      await manager.query(
        `UPDATE household_case t SET
           children_in_household = greatest(t.children_in_household, s.children_in_household),
           protected_identity = t.protected_identity OR s.protected_identity,
           opened_on = least(t.opened_on, s.opened_on),
           last_received_on = greatest(t.last_received_on, s.last_received_on),
           updated_at = now()
          FROM household_case s WHERE t.id = $2 AND s.id = $1`,
        [source.id, target.id],
      );
      // Protected now (through the source)? Its address is then kept sealed only.
      await sealAddresses(manager, this.keys, [target.id]);
      await manager.query(
        `UPDATE household_case SET status = 'closed', closed_on = $2, outcome = NULL, merged_into_case_id = $3,
           arrears_ore = 0, arrears_on = NULL, ongoing_disturbance = false, plan_broken_on = NULL, updated_at = now() WHERE id = $1`,
        [source.id, today, target.id],
      );
      const reason = scrubIdentityNumbers(dto.reason);
      await this.appendEvent(manager, source.id, 'case_merged_into', actor.sub, { intoCaseId: target.id, reason, moved });
      await this.appendEvent(manager, target.id, 'case_merged_from', actor.sub, { fromCaseId: source.id, reason, moved });
      await manager.query(REFRESH_FOLLOW_STATE_SQL, [target.id]);
      await this.audit.record(
        actor,
        { action: 'update', entityType: 'household_case', entityIds: [source.id, target.id], caseIds: [source.id, target.id] },
        manager,
      );
      return { id: source.id, mergedIntoCaseId: target.id, moved };
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
