import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { compareDates, todayInStockholm } from '@bosam/calendar';
import {
  amendedNoticeText,
  CasesService,
  NOTICE_FIELD_LABELS,
  NotificationSource,
  openAddress,
  REFRESH_FOLLOW_STATE_SQL,
} from '@bosam/cases';
import { landlordNumberRecorded, parseLandlordNumber, scrubIdentityNumbers } from '@bosam/identity';
import {
  Actor,
  assertUuid,
  AuditService,
  FieldError,
  invalidFields,
  kronorToOre,
  notFound,
  oreToKronor,
  PersonalData,
} from '@bosam/platform';
import { AmendmentView, CreateAmendmentDto, NotificationChangesDto, NotificationView } from './dto';
import { DATE_FLAGS, DatedNotice, noticeDeadlines } from './rules';

type Row = Record<string, any>;

/** The stored fields an amendment may change, in the notice's own terms (dates, öre, numbers). */
interface StoredFacts extends DatedNotice {
  landlordOrgNumber: string | null;
  monthsInArrears: number | null;
  childrenInHousehold: number;
}

const LANDLORD_SOURCES: readonly NotificationSource[] = ['landlord_arrears', 'landlord_disturbance'];
const iso = (value: string | Date): string => new Date(value).toISOString();

/**
 * One stored notice, and its corrections (amendments). An amendment keeps the original: the fields
 * before and after go to notification_amendment with the reason, the notice shows the corrected content,
 * its deadlines and date flags are computed again (by the same rules as at intake), the case's follow-up
 * state and — when this is its latest notice — household facts follow, and the next agenda says what
 * changed. The content hash stays the original's: the notice as first sent still answers as a repeat.
 */
@Injectable()
export class NotificationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly cases: CasesService,
    private readonly keys: PersonalData,
  ) {}

  async get(actor: Actor, id: unknown): Promise<NotificationView> {
    const notificationId = assertUuid(id, 'notification');
    const view = await this.view(this.dataSource.manager, notificationId, actor.district);
    await this.audit.record(actor, { action: 'read', entityType: 'notification', entityIds: [view.id], caseIds: [view.caseId] });
    return view;
  }

  async amend(actor: Actor, id: unknown, dto: CreateAmendmentDto, today: string = todayInStockholm()): Promise<NotificationView> {
    const notificationId = assertUuid(id, 'notification');
    return this.dataSource.transaction(async (manager) => {
      const [row] = await manager.query(
        `SELECT n.*, n.received_on::text AS received_on, n.tenant_served_on::text AS tenant_served_on,
                n.board_notified_on::text AS board_notified_on, n.eviction_on::text AS eviction_on
           FROM notification n WHERE n.id = $1 AND n.district_code = $2`,
        [notificationId, actor.district],
      );
      if (!row) throw notFound('notification');
      await this.cases.requireCase(actor, row.case_id, manager, true);
      await manager.query('SELECT 1 FROM notification WHERE id = $1 FOR UPDATE', [notificationId]);

      const before: StoredFacts = {
        source: row.source,
        // Canonical in memory; stored as its key (a sole trader's blind index) and sealed.
        landlordOrgNumber:
          row.landlord_org_number === null ? null : this.keys.landlordNumber(row.landlord_org_number, row.landlord_org_number_sealed),
        receivedOn: row.received_on,
        tenantServedOn: row.tenant_served_on,
        boardNotifiedOn: row.board_notified_on,
        evictionOn: row.eviction_on,
        arrearsOre: row.arrears_ore === null ? null : Number(row.arrears_ore),
        monthsInArrears: row.months_in_arrears,
        childrenInHousehold: row.children_in_household,
      };
      const after = applyChanges(before, dto.changes, today);
      const changed = changedFields(before, after, dto.changes);
      if (changed.length === 0) throw invalidFields([{ field: 'changes', message: 'must change at least one field' }]);

      const [stored] = await manager.query(
        `SELECT street, postal_code, city, apartment, address_sealed, protected_identity, children_in_household, last_received_on::text
           FROM household_case WHERE id = $1`,
        [row.case_id],
      );
      // A protected identity's address is stored sealed: opened to compare, sealed again when written, never in the amendment.
      const opened = openAddress(this.keys, stored.address_sealed, {
        street: stored.street,
        postalCode: stored.postal_code,
        city: stored.city,
        apartment: stored.apartment,
      });
      const caseRow = { ...stored, street: opened.street, postal_code: opened.postalCode, city: opened.city, apartment: opened.apartment };
      const { flags: dateFlags, deadlines } = noticeDeadlines(after);
      const landlordKey = after.landlordOrgNumber === null ? null : this.keys.landlordKey(after.landlordOrgNumber);
      const landlordId = landlordKey
        ? ((await manager.query('SELECT id FROM landlord WHERE org_number = $1', [landlordKey]))[0]?.id ?? null)
        : null;
      const kept = (row.flags as string[]).filter((f) => !DATE_FLAGS.includes(f as never) && f !== 'landlord_not_registered');
      const flags = [...dateFlags, ...kept, ...(after.landlordOrgNumber && !landlordId ? ['landlord_not_registered'] : [])];
      const receipt = {
        ...row.receipt,
        deadlines: deadlines.map(({ kind, dueOn, estimated, latestDueOn, rule }) => ({ kind, dueOn, estimated, latestDueOn, rule })),
        flags,
      };

      await manager.query(
        `UPDATE notification SET landlord_org_number = $2, landlord_id = $3, received_on = $4, tenant_served_on = $5, board_notified_on = $6,
                eviction_on = $7, arrears_ore = $8, months_in_arrears = $9, children_in_household = $10, flags = $11, receipt = $12::jsonb,
                landlord_org_number_sealed = $13
          WHERE id = $1`,
        [
          notificationId,
          landlordKey,
          landlordId,
          after.receivedOn,
          after.tenantServedOn,
          after.boardNotifiedOn,
          after.evictionOn,
          after.arrearsOre,
          after.monthsInArrears,
          after.childrenInHousehold,
          flags,
          JSON.stringify(receipt),
          this.keys.sealLandlord(after.landlordOrgNumber),
        ],
      );
      await manager.query('DELETE FROM case_deadline WHERE notification_id = $1', [notificationId]);
      for (const d of deadlines) {
        await manager.query(
          'INSERT INTO case_deadline (case_id, notification_id, kind, due_on, estimated, latest_due_on, rule) VALUES ($1, $2, $3, $4, $5, $6, $7)',
          [row.case_id, notificationId, d.kind, d.dueOn, d.estimated, d.latestDueOn, d.rule],
        );
      }

      // The household facts follow the case's latest notice: corrected on the case when this is it.
      const latest = caseRow.last_received_on === null || compareDates(after.receivedOn, caseRow.last_received_on) >= 0;
      const address = dto.changes.address;
      const changes: Record<string, { from: unknown; to: unknown }> = {};
      for (const field of changed) {
        if (field === 'address' && caseRow.protected_identity) {
          changes.address = { from: 'skyddad adress', to: 'skyddad adress' };
        } else if (field === 'address') {
          changes.address = {
            from: addressText(caseRow.street, caseRow.postal_code, caseRow.city, caseRow.apartment),
            to: addressText(address!.street, postal(address!.postalCode), address!.city, address!.apartment ?? null),
          };
        } else changes[field] = { from: shown(field, before), to: shown(field, after) };
      }
      if (latest && (address || dto.changes.childrenInHousehold !== undefined)) {
        const next = {
          street: address ? address.street : caseRow.street,
          postalCode: address ? postal(address.postalCode) : caseRow.postal_code,
          city: address ? address.city : caseRow.city,
          apartment: address ? (address.apartment ?? null) : caseRow.apartment,
        };
        const sealed = caseRow.protected_identity ? this.keys.seal('address', JSON.stringify(next)) : null;
        await manager.query(
          `UPDATE household_case SET street = $2, postal_code = $3, city = $4, apartment = $5, children_in_household = $6, address_sealed = $7,
                  updated_at = now() WHERE id = $1`,
          [
            row.case_id,
            sealed ? null : next.street,
            sealed ? null : next.postalCode,
            sealed ? null : next.city,
            sealed ? null : next.apartment,
            dto.changes.childrenInHousehold ?? caseRow.children_in_household,
            sealed,
          ],
        );
      }
      await manager.query(
        `UPDATE household_case SET last_received_on = (SELECT max(received_on) FROM notification WHERE case_id = $1) WHERE id = $1`,
        [row.case_id],
      );
      await manager.query(REFRESH_FOLLOW_STATE_SQL, [row.case_id]);

      const [amendment] = await manager.query(
        `INSERT INTO notification_amendment (notification_id, case_id, reason, changes, previous_content_hash, created_by)
         VALUES ($1, $2, $3, $4::jsonb, $5, $6) RETURNING id`,
        [notificationId, row.case_id, scrubIdentityNumbers(dto.reason), JSON.stringify(changes), row.content_hash, actor.sub],
      );
      // The timeline names the fields and the new deadlines; values that are personal (an address) stay in the amendment.
      await this.cases.appendEvent(manager, row.case_id, 'notification_amended', actor.sub, {
        notificationId,
        amendmentId: amendment.id,
        fields: changed,
        text: amendedNoticeText(changed),
        appliedToCase: latest && (address !== undefined || dto.changes.childrenInHousehold !== undefined),
        deadlines: deadlines.map(({ kind, dueOn, estimated, latestDueOn }) => ({ kind, dueOn, estimated, latestDueOn })),
      });
      await this.audit.record(
        actor,
        { action: 'update', entityType: 'notification', entityIds: [notificationId, amendment.id], caseIds: [row.case_id] },
        manager,
      );
      return this.view(manager, notificationId, actor.district);
    });
  }

  private async view(manager: EntityManager, id: string, district: string): Promise<NotificationView> {
    const [n]: Row[] = await manager.query(
      `SELECT n.id, n.case_id, n.source, n.external_reference, n.landlord_org_number, n.landlord_org_number_sealed, l.name AS landlord_name, n.received_on::text,
              n.tenant_served_on::text, n.board_notified_on::text, n.eviction_on::text, n.arrears_ore, n.months_in_arrears,
              n.children_in_household, n.protected_identity, n.flags, n.import_id, n.created_at,
              (SELECT coalesce(json_agg(json_build_object('kind', d.kind, 'dueOn', d.due_on, 'estimated', d.estimated,
                        'latestDueOn', d.latest_due_on, 'rule', d.rule) ORDER BY d.due_on, d.kind), '[]')
                 FROM case_deadline d WHERE d.notification_id = n.id) AS deadlines,
              (SELECT coalesce(json_agg(json_build_object('id', a.id, 'reason', a.reason, 'changes', a.changes, 'createdBy', a.created_by,
                        'createdAt', a.created_at) ORDER BY a.created_at, a.id), '[]')
                 FROM notification_amendment a WHERE a.notification_id = n.id) AS amendments
         FROM notification n LEFT JOIN landlord l ON l.org_number = n.landlord_org_number
        WHERE n.id = $1 AND n.district_code = $2`,
      [id, district],
    );
    if (!n) throw notFound('notification');
    return {
      id: n.id,
      caseId: n.case_id,
      source: n.source,
      externalReference: n.external_reference,
      landlord: n.landlord_org_number
        ? { orgNumber: this.keys.landlordShown(n.landlord_org_number, n.landlord_org_number_sealed), name: n.landlord_name }
        : null,
      receivedOn: n.received_on,
      tenantServedOn: n.tenant_served_on,
      boardNotifiedOn: n.board_notified_on,
      evictionOn: n.eviction_on,
      arrearsSek: oreToKronor(n.arrears_ore),
      monthsInArrears: n.months_in_arrears,
      childrenInHousehold: n.children_in_household,
      protectedIdentity: n.protected_identity,
      flags: n.flags,
      deadlines: n.deadlines,
      amendments: n.amendments.map((a: Row): AmendmentView => ({
        id: a.id,
        reason: a.reason,
        // In the order of the notice's fields (jsonb keeps its own order).
        changes: Object.entries(a.changes as Record<string, { from: unknown; to: unknown }>)
          .sort(([x], [y]) => fieldOrder(x) - fieldOrder(y))
          .map(([field, change]) => ({
            field,
            label: NOTICE_FIELD_LABELS[field] ?? field,
            from: change.from === null || change.from === undefined ? null : String(change.from),
            to: change.to === null || change.to === undefined ? null : String(change.to),
          })),
        createdBy: a.createdBy,
        createdAt: iso(a.createdAt),
      })),
      importId: n.import_id,
      createdAt: iso(n.created_at),
    };
  }
}

/**
 * The stored facts with the changes applied, checked by the intake's rules for a notice, with one
 * difference: a service date may come after the received date (it is often added later, BOSAM.md).
 */
function applyChanges(before: StoredFacts, changes: NotificationChangesDto, today: string): StoredFacts {
  const has = (field: keyof NotificationChangesDto) => Object.prototype.hasOwnProperty.call(changes, field) && changes[field] !== undefined;
  const errors: FieldError[] = [];
  let landlordOrgNumber = before.landlordOrgNumber;
  if (has('landlordOrgNumber')) {
    const parsed = changes.landlordOrgNumber === null ? null : parseLandlordNumber(changes.landlordOrgNumber!, today);
    landlordOrgNumber = parsed && parsed.ok ? parsed.canonical : null;
  }
  const after: StoredFacts = {
    ...before,
    landlordOrgNumber,
    receivedOn: changes.receivedOn ?? before.receivedOn,
    tenantServedOn: has('tenantServedOn') ? (changes.tenantServedOn ?? null) : before.tenantServedOn,
    boardNotifiedOn: has('boardNotifiedOn') ? (changes.boardNotifiedOn ?? null) : before.boardNotifiedOn,
    evictionOn: has('evictionOn') ? (changes.evictionOn ?? null) : before.evictionOn,
    arrearsOre: has('arrearsSek') ? (changes.arrearsSek === null ? null : kronorToOre(changes.arrearsSek!)) : before.arrearsOre,
    monthsInArrears: has('monthsInArrears') ? (changes.monthsInArrears ?? null) : before.monthsInArrears,
    childrenInHousehold: changes.childrenInHousehold ?? before.childrenInHousehold,
  };
  const need = (field: string, present: boolean) => {
    if (!present) errors.push({ field: `changes.${field}`, message: `is required when source is ${before.source}` });
  };
  if (LANDLORD_SOURCES.includes(before.source)) need('landlordOrgNumber', after.landlordOrgNumber !== null);
  if (before.source === 'landlord_arrears') need('arrearsSek', after.arrearsOre !== null);
  if (before.source === 'enforcement_eviction_date') need('evictionOn', after.evictionOn !== null);
  if (compareDates(after.receivedOn, today) > 0) errors.push({ field: 'changes.receivedOn', message: 'must not be in the future' });
  if (after.tenantServedOn && compareDates(after.tenantServedOn, today) > 0) {
    errors.push({ field: 'changes.tenantServedOn', message: 'must not be in the future' });
  }
  if (after.boardNotifiedOn && compareDates(after.boardNotifiedOn, after.receivedOn) > 0) {
    errors.push({ field: 'changes.boardNotifiedOn', message: 'must not be after receivedOn' });
  }
  if (errors.length > 0) throw invalidFields(errors);
  return after;
}

function changedFields(before: StoredFacts, after: StoredFacts, changes: NotificationChangesDto): string[] {
  const fields: string[] = [];
  const compare: Array<[string, unknown, unknown]> = [
    ['landlordOrgNumber', before.landlordOrgNumber, after.landlordOrgNumber],
    ['receivedOn', before.receivedOn, after.receivedOn],
    ['tenantServedOn', before.tenantServedOn, after.tenantServedOn],
    ['boardNotifiedOn', before.boardNotifiedOn, after.boardNotifiedOn],
    ['evictionOn', before.evictionOn, after.evictionOn],
    ['arrearsSek', before.arrearsOre, after.arrearsOre],
    ['monthsInArrears', before.monthsInArrears, after.monthsInArrears],
    ['childrenInHousehold', before.childrenInHousehold, after.childrenInHousehold],
  ];
  for (const [field, a, b] of compare) if (a !== b) fields.push(field);
  if (changes.address) fields.push('address');
  return fields;
}

/**
 * A field's value as the history shows it: dates and numbers as they are, kronor from öre, a landlord's
 * organisationsnummer; a sole trader only as such (the history is not sealed, and a masked personnummer still gives the birth date).
 */
function shown(field: string, facts: StoredFacts): unknown {
  switch (field) {
    case 'arrearsSek':
      return oreToKronor(facts.arrearsOre);
    case 'landlordOrgNumber':
      return facts.landlordOrgNumber ? (landlordNumberRecorded(facts.landlordOrgNumber) ?? 'enskild näringsidkare') : null;
    default:
      return (facts as unknown as Record<string, unknown>)[field] ?? null;
  }
}

const FIELD_ORDER = Object.keys(NOTICE_FIELD_LABELS);
const fieldOrder = (field: string): number => (FIELD_ORDER.includes(field) ? FIELD_ORDER.indexOf(field) : FIELD_ORDER.length);

const postal = (code: string): string => code.replace(/^(\d{3}) ?(\d{2})$/, '$1 $2');
const addressText = (street: string | null, postalCode: string | null, city: string | null, apartment: string | null): string =>
  [street, [postalCode, city].filter(Boolean).join(' '), apartment ? `lgh ${apartment}` : null].filter(Boolean).join(', ');
