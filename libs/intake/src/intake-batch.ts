import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { nameSearchKey, protectPersons, sameAddress, sealAddresses } from '@bosam/cases';
import { Actor, AuditEvent, DomainError, PersonalData } from '@bosam/platform';
import { NotificationReceipt } from './dto';
import { NormalizedNotice, NotificationFlag } from './rules';

/** A notice that passed validation, ready to be matched: row order is the order of the batch. */
export interface PlannedNotice {
  index: number;
  notice: NormalizedNotice;
  /** SHA-256 of the notice's content: compared with a stored notice's keyed fingerprint. */
  digest: string;
  /** The fingerprint stored with the notice (keyed: it never leads back to an identity number). */
  hash: string;
  flags: NotificationFlag[];
  deadlines: NotificationReceipt['deadlines'];
}

export type RowOutcome = { ok: true; created: boolean; receipt: NotificationReceipt } | { ok: false; error: DomainError };

interface StoredNotice {
  id: string;
  hash: string;
  receipt: NotificationReceipt;
}

interface CaseMatch {
  id: string;
  status: 'open' | 'closed';
  opened_on: string;
  closed_on: string | null;
  /** The case's address (opened when sealed), to flag a notice for the same tenant at another address. */
  street: string | null;
  postal_code: string | null;
  apartment: string | null;
  last_received_on: string | null;
  protected_identity: boolean;
  /** Where the lookup listed it (new cases after all stored ones): the order among equal dates. */
  order: number;
}

/** Household facts of a case, as the intake writes them. */
interface CaseFacts {
  street: string;
  postalCode: string;
  city: string;
  apartment: string | null;
  childrenInHousehold: number;
  landlordId: string | null;
  arrearsOre: number;
  /** The date of arrearsOre (the notice it came from); a later-dated amount replaces it. */
  arrearsOn: string | null;
  ongoingDisturbance: boolean;
  protectedIdentity: boolean;
  lastReceivedOn: string;
}

interface NewCase extends CaseFacts {
  id: string;
  openedOn: string;
  recurrence: boolean;
  previousCaseId: string | null;
}

/** One notice's change to a stored case, applied by the database's own "newer notice wins" rule. */
interface CaseUpdate {
  caseId: string;
  notice: NormalizedNotice;
  landlordId: string | null;
  /** The notice's own flag, or one of its persons is registered as protected. */
  isProtected: boolean;
}

/** Everything a batch writes, built in row order. */
export interface BatchWrites {
  newCases: NewCase[];
  updates: CaseUpdate[];
  tenants: Array<{ caseId: string; personnummer: string; index: Buffer; name: string }>;
  notifications: Array<{ notice: NormalizedNotice; hash: string; receipt: NotificationReceipt; landlordId: string | null }>;
  events: Array<{ caseId: string; kind: string; data: Record<string, unknown> }>;
  audit: AuditEvent[];
  /** Persons a notice of the batch newly declares protected: registered, and every case of theirs protected. */
  protectPersons: Array<{ personnummer: string; index: Buffer }>;
}

/** What the database knows about the batch's keys, landlords and households. */
export interface BatchLookup {
  districtExists: boolean;
  stored: Map<string, StoredNotice>;
  landlords: Map<string, string>;
  cases: Map<string, CaseMatch>;
  /** personnummer → the district's cases that name it. */
  casesOf: Map<string, string[]>;
  /** The batch's persons who live under protected identity (the register, all districts). */
  protectedPersons: Set<string>;
}

export const noticeKey = (n: NormalizedNotice): string => `${n.source}\u0000${n.senderKey}\u0000${n.externalReference}`;

/**
 * The stored twins, the landlords and every case of the batch's households in the district, in one
 * round trip. Matching starts from the identity numbers' blind indexes (indexed) and reaches the
 * cases by primary key, never from the district's cases.
 */
export async function lookupBatch(
  manager: EntityManager,
  keys: PersonalData,
  district: string,
  notices: NormalizedNotice[],
): Promise<BatchLookup> {
  const byKey = new Map<string, NormalizedNotice>();
  for (const n of notices) byKey.set(noticeKey(n), n);
  const unique = [...byKey.values()];
  // Landlords and senders as stored: a sole trader's personnummer only through its blind index (landlordKey).
  const orgNumbers = [...new Set(notices.map((n) => n.landlordOrgNumber).filter((o): o is string => o !== null))];
  const landlordKeys = orgNumbers.map((o) => keys.landlordKey(o));
  const senderOf = new Map(unique.map((n) => [keys.landlordKey(n.senderKey), n.senderKey]));
  const personnummer = [...new Set(notices.flatMap((n) => n.tenants.map((t) => t.personnummer)))];
  const indexes = personnummer.map((p) => keys.index(p));
  const byIndex = new Map(indexes.map((index, i) => [index.toString('hex'), personnummer[i]]));
  // Every part goes key by key through its index (OFFSET 0 keeps each lateral subquery a nested
  // loop): with a whole batch of keys and statistics that lag behind a bulk import, the planner
  // would otherwise hash the district's notices or scan every tenant. The same stale estimates
  // make the plan look expensive enough to be compiled (JIT), which costs more than the query:
  // off for the rest of this transaction (a single notice never looks that expensive).
  if (notices.length > 1) await manager.query("SELECT set_config('jit', 'off', true)");
  const [row] = await manager.query(
    `WITH tenants AS MATERIALIZED (
       SELECT t.personnummer_index, t.case_id
         FROM unnest($6::bytea[]) AS p(i)
         CROSS JOIN LATERAL (SELECT t.personnummer_index, t.case_id FROM case_tenant t WHERE t.personnummer_index = p.i OFFSET 0) t)
     SELECT
       EXISTS (SELECT 1 FROM district WHERE code = $1) AS district_exists,
       (SELECT key_id FROM personal_data_key WHERE id = 1) AS data_key,
       (SELECT coalesce(json_agg(json_build_object('id', n.id, 'source', n.source, 'sender_key', n.sender_key,
                 'external_reference', n.external_reference, 'content_hash', n.content_hash, 'receipt', n.receipt)), '[]')
          FROM unnest($2::text[], $3::text[], $4::text[]) AS k(source, sender_key, external_reference)
          CROSS JOIN LATERAL (
            SELECT n.* FROM notification n
             WHERE n.district_code = $1 AND n.source = k.source AND n.sender_key = k.sender_key
               AND n.external_reference = k.external_reference OFFSET 0) n) AS stored,
       (SELECT coalesce(json_agg(json_build_object('org_number', l.org_number, 'id', l.id)), '[]')
          FROM landlord l WHERE l.org_number = ANY($5::text[])) AS landlords,
       (SELECT coalesce(json_agg(json_build_object('id', c.id, 'status', c.status, 'opened_on', c.opened_on, 'closed_on', c.closed_on,
                 'street', c.street, 'postal_code', c.postal_code, 'apartment', c.apartment, 'last_received_on', c.last_received_on,
                 'protected_identity', c.protected_identity, 'address_sealed', c.address_sealed)), '[]')
          FROM (SELECT DISTINCT case_id FROM tenants) m
          CROSS JOIN LATERAL (SELECT c.* FROM household_case c WHERE c.id = m.case_id OFFSET 0) c
         WHERE c.district_code = $1) AS cases,
       (SELECT coalesce(json_agg(json_build_object('index', encode(t.personnummer_index, 'hex'), 'case_id', t.case_id)), '[]') FROM tenants t) AS tenants,
       (SELECT coalesce(json_agg(encode(r.personnummer_index, 'hex')), '[]') FROM protected_person r WHERE r.personnummer_index = ANY($6::bytea[]))
         AS protected_persons`,
    [
      district,
      unique.map((n) => n.source),
      unique.map((n) => keys.landlordKey(n.senderKey)),
      unique.map((n) => n.externalReference),
      landlordKeys,
      indexes,
    ],
  );
  // Stored identity numbers are indexed with the database's key: a process holding another key would
  // match nothing and open duplicate cases, so it stops here (start-up re-keys; see personal-data-keys.ts).
  if (row.data_key !== keys.current.id) throw new Error("intake: the personal data key of this process is not the database's; restart");
  const stored = new Map<string, StoredNotice>();
  for (const s of row.stored as Array<{
    id: string;
    source: string;
    sender_key: string;
    external_reference: string;
    content_hash: string;
    receipt: NotificationReceipt;
  }>) {
    stored.set(`${s.source}\u0000${senderOf.get(s.sender_key) ?? s.sender_key}\u0000${s.external_reference}`, {
      id: s.id,
      hash: s.content_hash,
      receipt: asStored(s.receipt),
    });
  }
  const cases = new Map<string, CaseMatch>();
  (row.cases as Array<Omit<CaseMatch, 'order'> & { address_sealed: string | null }>).forEach(({ address_sealed: sealed, ...c }, order) => {
    // A protected case's address is compared like any other, opened here and kept in memory only.
    const address = sealed
      ? (JSON.parse(keys.open('address', sealed)) as { street: string | null; postalCode: string | null; apartment: string | null })
      : null;
    const known = address ? { street: address.street, postal_code: address.postalCode, apartment: address.apartment } : {};
    cases.set(c.id, { ...c, ...known, order });
  });
  const casesOf = new Map<string, string[]>();
  for (const t of row.tenants as Array<{ index: string; case_id: string }>) {
    if (!cases.has(t.case_id)) continue;
    const p = byIndex.get(t.index)!;
    casesOf.set(p, [...(casesOf.get(p) ?? []), t.case_id]);
  }
  return {
    districtExists: row.district_exists,
    stored,
    landlords: new Map(
      (row.landlords as Array<{ org_number: string; id: string }>).map((l) => [orgNumbers[landlordKeys.indexOf(l.org_number)], l.id]),
    ),
    cases,
    casesOf,
    protectedPersons: new Set((row.protected_persons as string[]).map((index) => byIndex.get(index)!)),
  };
}

/**
 * Decides every notice of the batch in row order, as if each had been received alone after the
 * ones before it: a notice sees the cases, tenants and notices the earlier rows would have stored.
 * A dry run decides each notice against the database alone, as separate dry runs would.
 */
export function resolveBatch(
  planned: PlannedNotice[],
  lookup: BatchLookup,
  options: { dryRun?: boolean; importId?: string; keys: PersonalData },
): { outcomes: Map<number, RowOutcome>; writes: BatchWrites } {
  const outcomes = new Map<number, RowOutcome>();
  const writes: BatchWrites = { newCases: [], updates: [], tenants: [], notifications: [], events: [], audit: [], protectPersons: [] };
  const newCases = new Map<string, NewCase>();
  let nextOrder = lookup.cases.size;
  const importId = options.importId ?? null;

  for (const plan of planned) {
    const { notice, hash } = plan;
    if (!lookup.districtExists) {
      outcomes.set(plan.index, { ok: false, error: new DomainError('NOT_FOUND', 'No such district.') });
      continue;
    }
    const key = noticeKey(notice);
    const twin = lookup.stored.get(key);
    if (twin) {
      if (!options.keys.sameFingerprint(twin.hash, plan.digest)) {
        outcomes.set(plan.index, {
          ok: false,
          error: new DomainError(
            'NOTIFICATION_CONFLICT',
            'A notification with this source, sender and externalReference exists already with other content.',
            undefined,
            { notificationId: twin.id },
          ),
        });
        continue;
      }
      const receipt = asStored(twin.receipt);
      if (!options.dryRun)
        writes.audit.push({ action: 'read', entityType: 'notification', entityIds: [receipt.id], caseIds: [receipt.caseId] });
      outcomes.set(plan.index, { ok: true, created: false, receipt });
      continue;
    }

    const flags: string[] = [...plan.flags];
    const landlordId = notice.landlordOrgNumber ? (lookup.landlords.get(notice.landlordOrgNumber) ?? null) : null;
    if (notice.landlordOrgNumber && !landlordId) flags.push('landlord_not_registered');
    const matchIds = [...new Set(notice.tenants.flatMap((t) => lookup.casesOf.get(t.personnummer) ?? []))];
    const matches = matchIds.map((id) => lookup.cases.get(id)!).sort((a, b) => a.order - b.order);
    const open = matches.filter((m) => m.status === 'open').sort((a, b) => cmp(a.opened_on, b.opened_on));
    if (open.length > 1) flags.push('several_open_cases');
    const previous = matches
      .filter((m) => m.status === 'closed')
      .sort((a, b) => cmp(b.closed_on ?? '', a.closed_on ?? '') || cmp(b.opened_on, a.opened_on))[0];

    const newCase = open.length === 0;
    const caseId = newCase ? randomUUID() : open[0].id;
    // The tenant's case is at another address: joined as ever, but the meeting checks whether they moved.
    if (!newCase) {
      const home = newCases.get(caseId) ?? { street: open[0].street, postalCode: open[0].postal_code, apartment: open[0].apartment };
      if (!sameAddress(home, notice.address)) flags.push('address_differs');
    }
    const recurrence = newCase && previous !== undefined;
    const receipt: NotificationReceipt = { id: randomUUID(), caseId, newCase, recurrence, deadlines: plan.deadlines, flags };
    outcomes.set(plan.index, { ok: true, created: true, receipt });
    if (options.dryRun) continue;

    // What this row stores, seen by the rows after it.
    lookup.stored.set(key, { id: receipt.id, hash, receipt: asStored(receipt) });
    // Protection follows the person: a household with one registered person is protected, whatever
    // this notice says; a notice that says so registers its persons for every later notice.
    const isProtected = notice.protectedIdentity || notice.tenants.some((t) => lookup.protectedPersons.has(t.personnummer));
    if (notice.protectedIdentity) {
      for (const tenant of notice.tenants) {
        if (lookup.protectedPersons.has(tenant.personnummer)) continue;
        lookup.protectedPersons.add(tenant.personnummer);
        writes.protectPersons.push({ personnummer: tenant.personnummer, index: options.keys.index(tenant.personnummer) });
      }
    }
    const previousCaseId = previous?.id ?? null;
    if (newCase) {
      const created: NewCase = {
        id: caseId,
        openedOn: notice.receivedOn,
        recurrence,
        previousCaseId,
        street: notice.address.street,
        postalCode: notice.address.postalCode,
        city: notice.address.city,
        apartment: notice.address.apartment,
        childrenInHousehold: notice.childrenInHousehold,
        landlordId,
        arrearsOre: notice.arrearsOre ?? 0,
        arrearsOn: notice.arrearsOre !== null ? notice.receivedOn : null,
        ongoingDisturbance: notice.source === 'landlord_disturbance',
        protectedIdentity: isProtected,
        lastReceivedOn: notice.receivedOn,
      };
      newCases.set(caseId, created);
      writes.newCases.push(created);
      lookup.cases.set(caseId, {
        id: caseId,
        status: 'open',
        opened_on: notice.receivedOn,
        closed_on: null,
        street: notice.address.street,
        postal_code: notice.address.postalCode,
        apartment: notice.address.apartment,
        last_received_on: notice.receivedOn,
        protected_identity: isProtected,
        order: nextOrder++,
      });
    } else {
      const opened = newCases.get(caseId);
      if (opened) applyNotice(opened, notice, landlordId, isProtected);
      else {
        const stored = open[0];
        stored.protected_identity ||= isProtected;
        writes.updates.push({ caseId, notice, landlordId, isProtected: stored.protected_identity });
        // The later rows see the address the UPDATE will leave (the newer notice's).
        if (stored.last_received_on === null || cmp(notice.receivedOn, stored.last_received_on) >= 0) {
          Object.assign(stored, {
            street: notice.address.street,
            postal_code: notice.address.postalCode,
            apartment: notice.address.apartment,
            last_received_on: notice.receivedOn,
          });
        }
      }
    }
    for (const tenant of notice.tenants) {
      const cases = lookup.casesOf.get(tenant.personnummer) ?? [];
      if (cases.includes(caseId)) continue;
      lookup.casesOf.set(tenant.personnummer, [...cases, caseId]);
      writes.tenants.push({ caseId, personnummer: tenant.personnummer, index: options.keys.index(tenant.personnummer), name: tenant.name });
    }
    writes.notifications.push({ notice, hash, receipt, landlordId });

    if (newCase) writes.events.push({ caseId, kind: 'case_opened', data: { notificationId: receipt.id, recurrence, previousCaseId } });
    writes.events.push({
      caseId,
      kind: 'notification_received',
      data: {
        notificationId: receipt.id,
        source: notice.source,
        receivedOn: notice.receivedOn,
        ...(notice.arrearsOre !== null ? { arrearsOre: notice.arrearsOre } : {}),
        ...(notice.evictionOn ? { evictionOn: notice.evictionOn } : {}),
        deadlines: receipt.deadlines.map(({ kind, dueOn, estimated }) => ({ kind, dueOn, estimated })),
        flags: receipt.flags,
        ...(importId ? { importId } : {}),
      },
    });
    // Not a rewrite of the closed case: a line on its timeline that says where the household went.
    if (recurrence && previousCaseId)
      writes.events.push({ caseId: previousCaseId, kind: 'household_returned', data: { caseId, notificationId: receipt.id } });

    if (newCase) writes.audit.push({ action: 'create', entityType: 'household_case', entityIds: [caseId], caseIds: [caseId] });
    writes.audit.push({ action: 'create', entityType: 'notification', entityIds: [receipt.id], caseIds: [caseId] });
  }
  return { outcomes, writes };
}

/**
 * A later notice for a case opened earlier in the same batch, by the rule of the UPDATE in
 * `writeBatch`: the household facts follow the most recent notice; protection, once given, stays.
 */
function applyNotice(c: CaseFacts, notice: NormalizedNotice, landlordId: string | null, isProtected: boolean): void {
  const newer = cmp(notice.receivedOn, c.lastReceivedOn) >= 0;
  if (newer) {
    c.street = notice.address.street;
    c.postalCode = notice.address.postalCode;
    c.city = notice.address.city;
    c.apartment = notice.address.apartment;
    c.childrenInHousehold = notice.childrenInHousehold;
    c.landlordId = landlordId ?? c.landlordId;
    c.ongoingDisturbance ||= notice.source === 'landlord_disturbance';
    c.lastReceivedOn = notice.receivedOn;
  }
  // The arrears are the latest-dated amount, whatever the order the notices came in.
  if (notice.arrearsOre !== null && (c.arrearsOn === null || cmp(notice.receivedOn, c.arrearsOn) >= 0)) {
    c.arrearsOre = notice.arrearsOre;
    c.arrearsOn = notice.receivedOn;
  }
  c.protectedIdentity ||= isProtected;
}

/** Writes a resolved batch with one statement per table (and one UPDATE per round of stored cases). */
export async function writeBatch(
  manager: EntityManager,
  keys: PersonalData,
  actor: Actor,
  district: string,
  writes: BatchWrites,
  importId: string | null,
): Promise<void> {
  const { newCases: opened, tenants, notifications: notes, events } = writes;
  if (opened.length > 0) {
    // A protected identity's address is stored sealed only.
    const plain = (c: NewCase, value: string | null) => (c.protectedIdentity ? null : value);
    await manager.query(
      `INSERT INTO household_case (id, district_code, status, opened_on, recurrence, previous_case_id, landlord_id, street, postal_code,
         city, apartment, address_sealed, children_in_household, protected_identity, arrears_ore, ongoing_disturbance, last_received_on,
         arrears_on)
       SELECT u.id, $1, 'open', u.opened_on, u.recurrence, u.previous_case_id, u.landlord_id, u.street, u.postal_code, u.city, u.apartment,
              u.address_sealed, u.children, u.protected, u.arrears_ore, u.disturbance, u.last_received_on, u.arrears_on
         FROM unnest($2::uuid[], $3::date[], $4::boolean[], $5::uuid[], $6::uuid[], $7::text[], $8::text[], $9::text[], $10::text[],
                     $11::text[], $12::int[], $13::boolean[], $14::bigint[], $15::boolean[], $16::date[], $17::date[])
              AS u(id, opened_on, recurrence, previous_case_id, landlord_id, street, postal_code, city, apartment, address_sealed, children,
                   protected, arrears_ore, disturbance, last_received_on, arrears_on)`,
      [
        district,
        opened.map((c) => c.id),
        opened.map((c) => c.openedOn),
        opened.map((c) => c.recurrence),
        opened.map((c) => c.previousCaseId),
        opened.map((c) => c.landlordId),
        opened.map((c) => plain(c, c.street)),
        opened.map((c) => plain(c, c.postalCode)),
        opened.map((c) => plain(c, c.city)),
        opened.map((c) => plain(c, c.apartment)),
        opened.map((c) => (c.protectedIdentity ? sealAddress(keys, c) : null)),
        opened.map((c) => c.childrenInHousehold),
        opened.map((c) => c.protectedIdentity),
        opened.map((c) => c.arrearsOre),
        opened.map((c) => c.ongoingDisturbance),
        opened.map((c) => c.lastReceivedOn),
        opened.map((c) => c.arrearsOn),
      ],
    );
  }
  // Several notices for one stored case (rare) are applied in row order: round n carries each case's n-th notice.
  for (const round of rounds(writes.updates)) await updateCases(manager, keys, round);

  if (tenants.length > 0) {
    await manager.query(
      `INSERT INTO case_tenant (case_id, personnummer_index, personnummer_sealed, name, name_key)
       SELECT u.case_id, u.i, u.s, u.name, u.name_key
         FROM unnest($1::uuid[], $2::bytea[], $3::text[], $4::text[], $5::text[]) AS u(case_id, i, s, name, name_key)
       ON CONFLICT (case_id, personnummer_index) DO NOTHING`,
      [
        tenants.map((t) => t.caseId),
        tenants.map((t) => t.index),
        tenants.map((t) => keys.seal('personnummer', t.personnummer)),
        tenants.map((t) => t.name),
        tenants.map((t) => nameSearchKey(t.name)),
      ],
    );
  }
  // A protected case joined by an older notice, or protected by it, may still hold its address in the clear: seal it.
  const protectedUpdates = [...new Set(writes.updates.filter((u) => u.isProtected).map((u) => u.caseId))];
  if (protectedUpdates.length > 0) await sealAddresses(manager, keys, protectedUpdates);
  if (notes.length > 0) {
    await manager.query(
      `INSERT INTO notification (id, district_code, case_id, source, sender_key, external_reference, content_hash, landlord_id,
         landlord_org_number, received_on, tenant_served_on, board_notified_on, eviction_on, arrears_ore, months_in_arrears,
         children_in_household, protected_identity, flags, receipt, import_id, created_by, landlord_org_number_sealed)
       SELECT u.id, $1, u.case_id, u.source, u.sender_key, u.external_reference, u.content_hash, u.landlord_id, u.landlord_org_number,
              u.received_on, u.tenant_served_on, u.board_notified_on, u.eviction_on, u.arrears_ore, u.months_in_arrears, u.children,
              u.protected, ARRAY(SELECT jsonb_array_elements_text(u.receipt -> 'flags')), u.receipt, $2::uuid, $3, u.landlord_sealed
         FROM unnest($4::uuid[], $5::uuid[], $6::text[], $7::text[], $8::text[], $9::text[], $10::uuid[], $11::text[], $12::date[],
                     $13::date[], $14::date[], $15::date[], $16::bigint[], $17::int[], $18::int[], $19::boolean[], $20::jsonb[], $21::text[])
              AS u(id, case_id, source, sender_key, external_reference, content_hash, landlord_id, landlord_org_number, received_on,
                   tenant_served_on, board_notified_on, eviction_on, arrears_ore, months_in_arrears, children, protected, receipt, landlord_sealed)`,
      [
        district,
        importId,
        actor.sub,
        notes.map((n) => n.receipt.id),
        notes.map((n) => n.receipt.caseId),
        notes.map((n) => n.notice.source),
        notes.map((n) => keys.landlordKey(n.notice.senderKey)),
        notes.map((n) => n.notice.externalReference),
        notes.map((n) => n.hash),
        notes.map((n) => n.landlordId),
        notes.map((n) => (n.notice.landlordOrgNumber === null ? null : keys.landlordKey(n.notice.landlordOrgNumber))),
        notes.map((n) => n.notice.receivedOn),
        notes.map((n) => n.notice.tenantServedOn),
        notes.map((n) => n.notice.boardNotifiedOn),
        notes.map((n) => n.notice.evictionOn),
        notes.map((n) => n.notice.arrearsOre),
        notes.map((n) => n.notice.monthsInArrears),
        notes.map((n) => n.notice.childrenInHousehold),
        notes.map((n) => n.notice.protectedIdentity),
        notes.map((n) => JSON.stringify(n.receipt)),
        notes.map((n) => keys.sealLandlord(n.notice.landlordOrgNumber)),
      ],
    );
    const deadlines = notes.flatMap((n) =>
      n.receipt.deadlines.map((d) => ({ ...d, caseId: n.receipt.caseId, notificationId: n.receipt.id })),
    );
    if (deadlines.length > 0) {
      await manager.query(
        `INSERT INTO case_deadline (case_id, notification_id, kind, due_on, estimated, latest_due_on, rule)
         SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::date[], $5::boolean[], $6::date[], $7::text[])`,
        [
          deadlines.map((d) => d.caseId),
          deadlines.map((d) => d.notificationId),
          deadlines.map((d) => d.kind),
          deadlines.map((d) => d.dueOn),
          deadlines.map((d) => d.estimated),
          deadlines.map((d) => d.latestDueOn ?? null),
          deadlines.map((d) => d.rule),
        ],
      );
    }
  }
  if (writes.protectPersons.length > 0) {
    // After the tenants: the cases this batch opened are among those the register now protects.
    const change = await protectPersons(
      manager,
      keys,
      writes.protectPersons.map((p) => ({ index: p.index, sealed: keys.seal('personnummer', p.personnummer) })),
      actor.sub,
    );
    const ids = change.protectedCases.map((c) => c.id);
    for (const id of ids) events.push({ caseId: id, kind: 'protected_identity_set', data: { by: 'notification' } });
    if (ids.length > 0)
      writes.audit.push({
        action: 'update',
        entityType: 'protected_identity',
        entityIds: ids,
        caseIds: ids,
        reason: 'protected identity stated in a notice',
      });
  }
  if (events.length > 0) {
    // The timeline's order is its ids' order: the rows are numbered in the order of the batch.
    await manager.query(
      `INSERT INTO case_event (case_id, kind, actor_sub, data)
       SELECT u.case_id, u.kind, $1, u.data
         FROM unnest($2::uuid[], $3::text[], $4::jsonb[]) WITH ORDINALITY AS u(case_id, kind, data, ord)
        ORDER BY u.ord`,
      [actor.sub, events.map((e) => e.caseId), events.map((e) => e.kind), events.map((e) => JSON.stringify(e.data))],
    );
  }
}

function rounds(updates: CaseUpdate[]): CaseUpdate[][] {
  const result: CaseUpdate[][] = [];
  const seen = new Map<string, number>();
  for (const update of updates) {
    const n = seen.get(update.caseId) ?? 0;
    seen.set(update.caseId, n + 1);
    (result[n] ??= []).push(update);
  }
  return result;
}

/**
 * A stored case's household facts follow its most recent notice; an older notice that arrives late
 * adds itself but does not overwrite them. Protection, once given, stays.
 */
async function updateCases(manager: EntityManager, keys: PersonalData, updates: CaseUpdate[]): Promise<void> {
  const newer = '(c.last_received_on IS NULL OR u.received_on >= c.last_received_on)';
  // The arrears follow the latest-dated balance, from a notice or recorded on the case (arrears_on).
  const laterAmount = '(u.arrears_ore IS NOT NULL AND (c.arrears_on IS NULL OR u.received_on >= c.arrears_on))';
  // A protected case's newer address goes only into address_sealed (u.sealed is set exactly for those).
  const [{ n }] = await manager.query(
    `WITH updated AS (
       UPDATE household_case c SET
         street = CASE WHEN ${newer} AND u.sealed IS NOT NULL THEN NULL WHEN ${newer} THEN u.street ELSE c.street END,
         postal_code = CASE WHEN ${newer} AND u.sealed IS NOT NULL THEN NULL WHEN ${newer} THEN u.postal_code ELSE c.postal_code END,
         city = CASE WHEN ${newer} AND u.sealed IS NOT NULL THEN NULL WHEN ${newer} THEN u.city ELSE c.city END,
         apartment = CASE WHEN ${newer} AND u.sealed IS NOT NULL THEN NULL WHEN ${newer} THEN u.apartment ELSE c.apartment END,
         address_sealed = CASE WHEN ${newer} AND u.sealed IS NOT NULL THEN u.sealed ELSE c.address_sealed END,
         children_in_household = CASE WHEN ${newer} THEN u.children ELSE c.children_in_household END,
         landlord_id = CASE WHEN ${newer} THEN coalesce(u.landlord_id, c.landlord_id) ELSE c.landlord_id END,
         arrears_ore = CASE WHEN ${laterAmount} THEN u.arrears_ore ELSE c.arrears_ore END,
         arrears_on = CASE WHEN ${laterAmount} THEN u.received_on ELSE c.arrears_on END,
         ongoing_disturbance = c.ongoing_disturbance OR (${newer} AND u.disturbance AND NOT EXISTS (
           SELECT 1 FROM case_disturbance e WHERE e.case_id = c.id AND e.kind = 'ended' AND e."on" >= u.received_on)),
         protected_identity = c.protected_identity OR u.protected,
         last_received_on = greatest(c.last_received_on, u.received_on),
         updated_at = now()
       FROM unnest($1::uuid[], $2::date[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int[], $8::uuid[], $9::bigint[],
                   $10::boolean[], $11::boolean[], $12::text[])
            AS u(case_id, received_on, street, postal_code, city, apartment, children, landlord_id, arrears_ore, disturbance, protected, sealed)
       WHERE c.id = u.case_id
       RETURNING c.id)
     SELECT count(*)::int AS n FROM updated`,
    [
      updates.map((u) => u.caseId),
      updates.map((u) => u.notice.receivedOn),
      updates.map((u) => u.notice.address.street),
      updates.map((u) => u.notice.address.postalCode),
      updates.map((u) => u.notice.address.city),
      updates.map((u) => u.notice.address.apartment),
      updates.map((u) => u.notice.childrenInHousehold),
      updates.map((u) => u.landlordId),
      updates.map((u) => u.notice.arrearsOre),
      updates.map((u) => u.notice.source === 'landlord_disturbance'),
      updates.map((u) => u.isProtected),
      updates.map((u) => (u.isProtected ? keys.seal('address', JSON.stringify(addressOf(u.notice))) : null)),
    ],
  );
  if (n !== updates.length) throw new Error('intake: a case to join was not found');
}

const addressOf = (notice: NormalizedNotice) => ({
  street: notice.address.street,
  postalCode: notice.address.postalCode,
  city: notice.address.city,
  apartment: notice.address.apartment,
});

const sealAddress = (keys: PersonalData, c: CaseFacts): string =>
  keys.seal('address', JSON.stringify({ street: c.street, postalCode: c.postalCode, city: c.city, apartment: c.apartment }));

/** The stored receipt with its keys in the order of the first answer (jsonb keeps its own order). */
export const asStored = (r: NotificationReceipt): NotificationReceipt => ({
  id: r.id,
  caseId: r.caseId,
  newCase: r.newCase,
  recurrence: r.recurrence,
  deadlines: r.deadlines.map(({ kind, dueOn, estimated, latestDueOn, rule }) => ({
    kind,
    dueOn,
    estimated,
    latestDueOn: latestDueOn ?? null,
    rule,
  })),
  flags: r.flags ?? [],
});

export const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
