import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { DataSource, EntityManager } from 'typeorm';
import { todayInStockholm } from '@bosam/calendar';
import { scrubIdentityNumbers } from '@bosam/identity';
import {
  Actor, assertDistrict, AuditEvent, AuditService, DomainError, FieldError, flattenValidationErrors, invalidFields,
} from '@bosam/platform';
import { CreateNotificationDto, NotificationReceipt } from './dto';
import { assessNotice, contentHash, NormalizedNotice, NotificationFlag } from './rules';

export interface ReceiveOptions {
  /** Work inside the caller's transaction (no transaction of our own). */
  manager?: EntityManager;
  /** Validate and match, write nothing. Ids in the receipt are then not stored anywhere. */
  dryRun?: boolean;
  /** The notification file this notice came from. */
  importId?: string;
  /**
   * Collect the audit events here instead of writing them, for a caller that records one entry
   * per batch (the audit chain's lock is then held for one insert, not for the whole batch).
   */
  auditEvents?: AuditEvent[];
  /** The date that counts as today (Stockholm); for tests and back-dated loads. */
  today?: string;
}

export interface ReceiveResult {
  /** False for an identical repeat: nothing was stored and the receipt is the stored one. */
  created: boolean;
  receipt: NotificationReceipt;
}

interface Lookup {
  district_exists: boolean;
  existing: { id: string; content_hash: string; receipt: NotificationReceipt } | null;
  landlord_id: string | null;
  matches: Array<{ id: string; status: 'open' | 'closed'; opened_on: string; closed_on: string | null }>;
}

const VALIDATOR_OPTIONS = {
  whitelist: true,
  forbidNonWhitelisted: true,
  validationError: { target: false, value: false },
} as const;

// One intake at a time per district, for the length of the transaction: two notices for the same
// household cannot both open a case, and an identical repeat always finds the first one stored.
const DISTRICT_LOCK_SQL = "SELECT pg_advisory_xact_lock(hashtextextended('bosam.intake:' || $1, 0))";

const isUniqueViolation = (error: unknown): boolean =>
  (error as { code?: string; driverError?: { code?: string } })?.code === '23505' ||
  (error as { driverError?: { code?: string } })?.driverError?.code === '23505';

/**
 * The one way a notice enters Bosam — the JSON route and every row of a notification file: it is
 * validated (DTO, then the source-dependent rules), stored once per source + sender + reference,
 * joined to the household's open case or given a new one, and its legal deadlines are computed.
 */
@Injectable()
export class IntakeService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** Validates raw input exactly as the JSON route does; throws VALIDATION_FAILED naming every field. */
  validate(raw: unknown, today: string = todayInStockholm()) {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      throw invalidFields([{ field: 'body', message: 'must be a JSON object' }]);
    }
    const dto = plainToInstance(CreateNotificationDto, raw);
    const errors = flattenValidationErrors(validateSync(dto, VALIDATOR_OPTIONS));
    if (errors.length > 0) throw invalidFields(errors.map(scrubbed));
    const assessment = assessNotice(dto, today);
    if (assessment.errors.length > 0) throw invalidFields(assessment.errors.map(scrubbed));
    return { ...assessment, notice: assessment.notice! };
  }

  async receive(actor: Actor, raw: unknown, options: ReceiveOptions = {}): Promise<ReceiveResult> {
    const today = options.today ?? todayInStockholm();
    const { notice, flags, deadlines } = this.validate(raw, today);
    assertDistrict(actor, notice.district);
    const plan = { notice, flags, deadlines: deadlines.map(({ kind, dueOn, estimated, rule }) => ({ kind, dueOn, estimated, rule })) };
    if (options.manager) return this.receiveIn(options.manager, actor, plan, options);
    try {
      return await this.dataSource.transaction((manager) => this.receiveIn(manager, actor, plan, options));
    } catch (error) {
      // Only without the district lock (another writer) can a twin slip in between; its row answers.
      if (!isUniqueViolation(error)) throw error;
      return this.dataSource.transaction((manager) => this.receiveIn(manager, actor, plan, options));
    }
  }

  private async receiveIn(
    manager: EntityManager,
    actor: Actor,
    plan: { notice: NormalizedNotice; flags: NotificationFlag[]; deadlines: NotificationReceipt['deadlines'] },
    options: ReceiveOptions,
  ): Promise<ReceiveResult> {
    const { notice } = plan;
    const hash = contentHash(notice);
    if (!options.dryRun) await manager.query(DISTRICT_LOCK_SQL, [notice.district]);
    const lookup = await this.lookup(manager, notice);
    if (!lookup.district_exists) throw new DomainError('NOT_FOUND', 'No such district.');

    if (lookup.existing) {
      if (lookup.existing.content_hash !== hash) {
        throw new DomainError(
          'NOTIFICATION_CONFLICT',
          'A notification with this source, sender and externalReference exists already with other content.',
          undefined,
          { notificationId: lookup.existing.id },
        );
      }
      const receipt = asStored(lookup.existing.receipt);
      if (!options.dryRun) {
        await this.record(actor, { action: 'read', entityType: 'notification', entityIds: [receipt.id], caseIds: [receipt.caseId] }, manager, options);
      }
      return { created: false, receipt };
    }

    const flags: string[] = [...plan.flags];
    if (notice.landlordOrgNumber && !lookup.landlord_id) flags.push('landlord_not_registered');
    const open = lookup.matches.filter((m) => m.status === 'open').sort((a, b) => cmp(a.opened_on, b.opened_on));
    if (open.length > 1) flags.push('several_open_cases');
    const previous = lookup.matches
      .filter((m) => m.status === 'closed')
      .sort((a, b) => cmp(b.closed_on ?? '', a.closed_on ?? '') || cmp(b.opened_on, a.opened_on))[0];

    const newCase = open.length === 0;
    const caseId = newCase ? randomUUID() : open[0].id;
    const recurrence = newCase && previous !== undefined;
    const receipt: NotificationReceipt = { id: randomUUID(), caseId, newCase, recurrence, deadlines: plan.deadlines, flags };
    if (options.dryRun) return { created: true, receipt };

    await this.write(manager, actor, notice, hash, receipt, lookup.landlord_id, previous?.id ?? null, options.importId ?? null);
    await this.record(
      actor,
      [
        ...(newCase ? [{ action: 'create' as const, entityType: 'household_case', entityIds: [caseId], caseIds: [caseId] }] : []),
        { action: 'create', entityType: 'notification', entityIds: [receipt.id], caseIds: [caseId] },
      ],
      manager,
      options,
    );
    return { created: true, receipt };
  }

  /**
   * The stored twin, the landlord and every case of the household in the district: one round trip.
   * Matching starts from the identity numbers (indexed) and reaches the cases by primary key, whatever
   * the planner's statistics say in the middle of a bulk import; never from the district's cases.
   */
  private async lookup(manager: EntityManager, notice: NormalizedNotice): Promise<Lookup> {
    const [row] = await manager.query(
      `SELECT
         EXISTS (SELECT 1 FROM district WHERE code = $1) AS district_exists,
         (SELECT json_build_object('id', n.id, 'content_hash', n.content_hash, 'receipt', n.receipt)
            FROM notification n
           WHERE n.district_code = $1 AND n.source = $2 AND n.sender_key = $3 AND n.external_reference = $4) AS existing,
         (SELECT l.id FROM landlord l WHERE l.org_number = $5) AS landlord_id,
         (SELECT coalesce(json_agg(json_build_object('id', m.id, 'status', m.status, 'opened_on', m.opened_on, 'closed_on', m.closed_on)), '[]')
            FROM (SELECT c.id, c.status, c.opened_on, c.closed_on
                    FROM household_case c
                   WHERE c.id = ANY(ARRAY(SELECT t.case_id FROM case_tenant t WHERE t.personnummer = ANY($6::text[])))
                     AND c.district_code = $1) m) AS matches`,
      [notice.district, notice.source, notice.senderKey, notice.externalReference, notice.landlordOrgNumber, notice.tenants.map((t) => t.personnummer)],
    );
    return row as Lookup;
  }

  /**
   * Case (new or updated), tenants, notification, deadlines and timeline in one statement. A case's
   * household facts follow its most recent notice; an older notice that arrives late adds itself
   * but does not overwrite them. Protection, once given, stays.
   */
  private async write(
    manager: EntityManager,
    actor: Actor,
    notice: NormalizedNotice,
    hash: string,
    receipt: NotificationReceipt,
    landlordId: string | null,
    previousCaseId: string | null,
    importId: string | null,
  ): Promise<void> {
    const disturbance = notice.source === 'landlord_disturbance';
    const params: unknown[] = [];
    const p = (value: unknown): string => `$${params.push(value)}`;
    const caseId = p(receipt.caseId);
    const received = p(notice.receivedOn);
    const newer = `(c.last_received_on IS NULL OR ${received}::date >= c.last_received_on)`;

    const caseSql = receipt.newCase
      ? `INSERT INTO household_case (id, district_code, status, opened_on, recurrence, previous_case_id, landlord_id, street,
           postal_code, city, apartment, children_in_household, protected_identity, arrears_ore, ongoing_disturbance, last_received_on)
         VALUES (${caseId}::uuid, ${p(notice.district)}, 'open', ${received}::date, ${p(receipt.recurrence)}, ${p(previousCaseId)}::uuid,
           ${p(landlordId)}::uuid, ${p(notice.address.street)}, ${p(notice.address.postalCode)}, ${p(notice.address.city)},
           ${p(notice.address.apartment)}, ${p(notice.childrenInHousehold)}, ${p(notice.protectedIdentity)},
           ${p(notice.arrearsOre ?? 0)}, ${p(disturbance)}, ${received}::date)
         RETURNING id`
      : `UPDATE household_case c SET
           street = CASE WHEN ${newer} THEN ${p(notice.address.street)} ELSE c.street END,
           postal_code = CASE WHEN ${newer} THEN ${p(notice.address.postalCode)} ELSE c.postal_code END,
           city = CASE WHEN ${newer} THEN ${p(notice.address.city)} ELSE c.city END,
           apartment = CASE WHEN ${newer} THEN ${p(notice.address.apartment)} ELSE c.apartment END,
           children_in_household = CASE WHEN ${newer} THEN ${p(notice.childrenInHousehold)}::int ELSE c.children_in_household END,
           landlord_id = CASE WHEN ${newer} THEN coalesce(${p(landlordId)}::uuid, c.landlord_id) ELSE c.landlord_id END,
           arrears_ore = CASE WHEN ${newer} THEN coalesce(${p(notice.arrearsOre)}::bigint, c.arrears_ore) ELSE c.arrears_ore END,
           ongoing_disturbance = c.ongoing_disturbance OR (${newer} AND ${p(disturbance)}::boolean),
           protected_identity = c.protected_identity OR ${p(notice.protectedIdentity)}::boolean,
           last_received_on = greatest(c.last_received_on, ${received}::date),
           updated_at = now()
         WHERE c.id = ${caseId}::uuid
         RETURNING c.id`;

    const events: Array<[string, string, Record<string, unknown>]> = [];
    if (receipt.newCase) {
      events.push([receipt.caseId, 'case_opened', { notificationId: receipt.id, recurrence: receipt.recurrence, previousCaseId }]);
    }
    events.push([
      receipt.caseId,
      'notification_received',
      {
        notificationId: receipt.id,
        source: notice.source,
        receivedOn: notice.receivedOn,
        ...(notice.arrearsOre !== null ? { arrearsOre: notice.arrearsOre } : {}),
        ...(notice.evictionOn ? { evictionOn: notice.evictionOn } : {}),
        deadlines: receipt.deadlines.map(({ kind, dueOn, estimated }) => ({ kind, dueOn, estimated })),
        flags: receipt.flags,
        ...(importId ? { importId } : {}),
      },
    ]);
    // Not a rewrite of the closed case: a line on its timeline that says where the household went.
    if (receipt.recurrence && previousCaseId) events.push([previousCaseId, 'household_returned', { caseId: receipt.caseId, notificationId: receipt.id }]);

    const sql = `
      WITH c AS (${caseSql}),
      t AS (
        INSERT INTO case_tenant (case_id, personnummer, name)
        SELECT ${caseId}::uuid, u.personnummer, u.name FROM unnest(${p(notice.tenants.map((t) => t.personnummer))}::text[],
          ${p(notice.tenants.map((t) => t.name))}::text[]) AS u(personnummer, name)
        ON CONFLICT (case_id, personnummer) DO NOTHING
        RETURNING id),
      n AS (
        INSERT INTO notification (id, district_code, case_id, source, sender_key, external_reference, content_hash, landlord_id,
          landlord_org_number, received_on, tenant_served_on, board_notified_on, eviction_on, arrears_ore, months_in_arrears,
          children_in_household, protected_identity, flags, receipt, import_id, created_by)
        VALUES (${p(receipt.id)}::uuid, ${p(notice.district)}, ${caseId}::uuid, ${p(notice.source)}, ${p(notice.senderKey)},
          ${p(notice.externalReference)}, ${p(hash)}, ${p(landlordId)}::uuid, ${p(notice.landlordOrgNumber)}, ${received}::date,
          ${p(notice.tenantServedOn)}::date, ${p(notice.boardNotifiedOn)}::date, ${p(notice.evictionOn)}::date, ${p(notice.arrearsOre)}::bigint,
          ${p(notice.monthsInArrears)}::int, ${p(notice.childrenInHousehold)}, ${p(notice.protectedIdentity)}, ${p(receipt.flags)}::text[],
          ${p(JSON.stringify(receipt))}::jsonb, ${p(importId)}::uuid, ${p(actor.sub)})
        RETURNING id),
      d AS (
        INSERT INTO case_deadline (case_id, notification_id, kind, due_on, estimated, rule)
        SELECT ${caseId}::uuid, ${p(receipt.id)}::uuid, u.kind, u.due_on, u.estimated, u.rule
          FROM unnest(${p(receipt.deadlines.map((d) => d.kind))}::text[], ${p(receipt.deadlines.map((d) => d.dueOn))}::date[],
                      ${p(receipt.deadlines.map((d) => d.estimated))}::boolean[], ${p(receipt.deadlines.map((d) => d.rule))}::text[])
               AS u(kind, due_on, estimated, rule)),
      e AS (
        INSERT INTO case_event (case_id, kind, actor_sub, data)
        SELECT u.case_id, u.kind, ${p(actor.sub)}, u.data
          FROM unnest(${p(events.map((e) => e[0]))}::uuid[], ${p(events.map((e) => e[1]))}::text[],
                      ${p(events.map((e) => JSON.stringify(e[2])))}::jsonb[]) WITH ORDINALITY AS u(case_id, kind, data, ord)
         ORDER BY u.ord)
      SELECT (SELECT count(*)::int FROM c) AS cases, (SELECT count(*)::int FROM t) AS tenants_added`;
    const [result] = await manager.query(sql, params);
    if (result.cases !== 1) throw new Error('intake: the case to join was not found');
  }

  private async record(actor: Actor, events: AuditEvent | AuditEvent[], manager: EntityManager, options: ReceiveOptions): Promise<void> {
    const list = Array.isArray(events) ? events : [events];
    if (options.auditEvents) options.auditEvents.push(...list);
    else await this.audit.record(actor, list, manager);
  }
}

/** The stored receipt with its keys in the order of the first answer (jsonb keeps its own order). */
const asStored = (r: NotificationReceipt): NotificationReceipt => ({
  id: r.id,
  caseId: r.caseId,
  newCase: r.newCase,
  recurrence: r.recurrence,
  deadlines: r.deadlines.map(({ kind, dueOn, estimated, rule }) => ({ kind, dueOn, estimated, rule })),
  flags: r.flags ?? [],
});

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** No error ever repeats an identity number, not even one typed as a field name. */
const scrubbed = (error: FieldError): FieldError => ({ ...error, field: scrubIdentityNumbers(error.field), message: scrubIdentityNumbers(error.message) });
