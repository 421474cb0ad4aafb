import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { amendedNoticeText, NOTICE_KIND_SV, NotificationSource } from '@bosam/cases';
import { maskPersonnummer } from '@bosam/identity';
import { NOTIFICATION_FLAGS } from '@bosam/intake';
import { oreToKronor, PersonalData } from '@bosam/platform';
import { AGENDA_SQL, agendaParams, AgendaAttendanceRow, AgendaItemRow, AgendaRow } from './agenda.sql';
import { AGENDA_SECTIONS, AgendaSectionKind, Meeting } from './entities';
import { SECTION_TITLES } from './labels';
import { agendaReasons } from './reasons';
import { AgendaFlagView, AgendaItemView, AgendaSectionView, AgendaView } from './views';
import { agendaWarnings, unitsNotRepresented } from './warnings';

export interface AgendaBounds {
  cutoff: string;
  previousCutoff: string | null;
  urgentFrom: string | null;
  urgentBefore: string;
  /** Notices of closed cases that the section `new` only counts. */
  closedCaseNotices: number;
}

export interface ComputedAgenda {
  bounds: AgendaBounds;
  sections: AgendaSectionView[];
  attendance: AgendaAttendanceRow[];
  /** Notices of closed cases counted in `new`: freezing records them as dealt with. */
  closedNoticeIds: string[];
}

const iso = (value: Date | string | null): string | null => (value == null ? null : new Date(value).toISOString());

type SealedTenant = { name: string | null; sealed: string };

/** Tenants' names, in the order of their identity numbers: `names` alone, `displayName` with the masked numbers. */
function tenantNames(keys: PersonalData, sealedTenants: SealedTenant[] | null): { names: string; displayName: string } {
  // Each number is opened once (AES-GCM, the agenda's main cost outside SQL) for both texts.
  const tenants = (sealedTenants ?? [])
    .map((t) => ({ name: t.name ?? '(namn saknas)', personnummer: keys.open('personnummer', t.sealed) }))
    .sort((a, b) => (a.personnummer < b.personnummer ? -1 : a.personnummer > b.personnummer ? 1 : 0));
  if (tenants.length === 0) return { names: '(okänd hyresgäst)', displayName: '(okänd hyresgäst)' };
  return {
    names: tenants.map((t) => t.name).join(', '),
    displayName: tenants
      .map((t) => (/^\d{12}$/.test(t.personnummer) ? `${t.name} (${maskPersonnummer(t.personnummer)})` : t.name))
      .join(', '),
  };
}

/** An agenda item as frozen: without identity numbers, a tenant's or a sole trader's (masked ones carry `*`). */
const snapshotOf = (item: AgendaItemView): AgendaItemView => ({
  ...item,
  displayName: item.names,
  notices: item.notices.map((n) =>
    n.landlord?.orgNumber.includes('*') ? { ...n, landlord: { ...n.landlord, orgNumber: SOLE_TRADER } } : n,
  ),
});
const SOLE_TRADER = 'enskild näringsidkare';

const flagText = (code: string): string => (NOTIFICATION_FLAGS as Record<string, string>)[code] ?? code;

export function toAgendaItem(row: AgendaItemRow, keys: PersonalData, attendance: readonly AgendaAttendanceRow[] = []): AgendaItemView {
  const notices = row.notices ?? [];
  const { names, displayName } = tenantNames(keys, row.tenants);
  const flags: AgendaFlagView[] = [...new Set(notices.flatMap((n) => n.flags ?? []))].map((code) => ({ code, text: flagText(code) }));
  return {
    caseId: row.case_id,
    // A corrected notice says what changed ("Underrättelsen rättad: delgivningsdatum och skuld").
    reasons: agendaReasons(row.reasons).map((r) =>
      r.code === 'notice_amended' && row.amended_fields?.length
        ? { ...r, text: `${amendedNoticeText(row.amended_fields)} sedan förra mötet` }
        : r,
    ),
    childrenInHousehold: Number(row.children_in_household),
    deadlines: (row.deadlines ?? []).map((d) => ({
      kind: d.kind,
      dueOn: d.dueOn,
      passed: d.passed,
      estimated: d.estimated,
      latestDueOn: d.latestDueOn ?? null,
      rule: d.rule,
    })),
    arrearsSek: oreToKronor(row.arrears_ore) ?? 0,
    units: row.units,
    unitsNotRepresented: unitsNotRepresented(row.units, attendance),
    notices: notices.map((n) => ({
      id: n.id,
      source: n.source as NotificationSource,
      kindText: NOTICE_KIND_SV[n.source as NotificationSource] ?? n.source,
      receivedOn: n.receivedOn,
      // A sole trader's personnummer (sealed at rest) is masked like every other.
      landlord: n.landlordOrgNumber
        ? { orgNumber: keys.landlordShown(n.landlordOrgNumber, n.landlordOrgSealed), name: n.landlordName }
        : null,
      arrearsSek: oreToKronor(n.arrearsOre),
      new: n.new,
    })),
    flags,
    nextSteps: row.next_steps ?? [],
    pendingDecisions: row.pending_decisions ?? [],
    notificationIds: row.notification_ids ?? [],
    nextStepIds: row.next_step_ids ?? [],
    displayName,
    names,
    // Skyddade personuppgifter: never an address for a protected identity.
    address: row.protected_identity ? null : { street: row.street, postalCode: row.postal_code, city: row.city, apartment: row.apartment },
    protectedIdentity: row.protected_identity,
    recurrence: row.recurrence,
    oldestNoticeOn: row.oldest_on,
    pendingConfirmation: false,
    decided: false,
  };
}

/** Codes of agendas frozen before reasons had their catalogue, and what they are now. */
const RENAMED_REASONS: Record<string, string> = { deadline_passed_since_last_meeting: 'deadline_passed' };

type StoredItem = Partial<AgendaItemView> & {
  caseId: string;
  reasonCodes?: string[];
  deadline?: { kind: 'recovery_window' | 'eviction'; dueOn: string; estimated: boolean; rule: string } | null;
};

/** An item as frozen, in today's shape (agendas frozen earlier stored one deadline and reason codes only). */
export function frozenItem(stored: StoredItem, heldOn: string): AgendaItemView {
  const deadlines = (stored.deadlines ?? (stored.deadline ? [{ ...stored.deadline, passed: stored.deadline.dueOn < heldOn }] : [])).map(
    (d) => ({
      latestDueOn: null,
      ...d,
    }),
  );
  return {
    ...stored,
    reasons: stored.reasons ?? agendaReasons((stored.reasonCodes ?? []).map((code) => RENAMED_REASONS[code] ?? code)),
    childrenInHousehold: stored.childrenInHousehold ?? 0,
    deadlines,
    arrearsSek: stored.arrearsSek ?? 0,
    units: stored.units ?? [],
    unitsNotRepresented: [],
    notices: stored.notices ?? [],
    flags: stored.flags ?? [],
    nextSteps: stored.nextSteps ?? [],
    pendingDecisions: stored.pendingDecisions ?? [],
    notificationIds: stored.notificationIds ?? [],
    nextStepIds: stored.nextStepIds ?? [],
    displayName: stored.displayName ?? '',
    names: stored.names ?? '',
    address: stored.address ?? null,
    protectedIdentity: stored.protectedIdentity ?? false,
    recurrence: stored.recurrence ?? false,
    oldestNoticeOn: stored.oldestNoticeOn ?? null,
    pendingConfirmation: false,
    decided: false,
  } as AgendaItemView;
}

const sectionsOf = (byKind: Map<AgendaSectionKind, AgendaItemView[]>, closedCaseNotices: number): AgendaSectionView[] =>
  AGENDA_SECTIONS.map((kind) => ({
    kind,
    title: SECTION_TITLES[kind],
    items: byKind.get(kind)!,
    ...(kind === 'new' ? { closedCaseNotices } : {}),
  }));

/** The units the agenda's cases need: every unit a client on it is known to. */
const expectedUnits = (sections: AgendaSectionView[]): string[] =>
  [...new Set(sections.flatMap((s) => s.items.flatMap((i) => i.units)))].sort();

/** Builds agendas: the live one from AGENDA_SQL, the frozen one from its snapshot, and the warnings. */
@Injectable()
export class AgendaService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly keys: PersonalData,
  ) {}

  /** Runs the agenda query (one read) and groups its already ordered rows into the four sections. */
  async compute(meeting: Pick<Meeting, 'id' | 'districtCode'>, manager?: EntityManager): Promise<ComputedAgenda> {
    const rows: AgendaRow[] = await (manager ?? this.dataSource.manager).query(AGENDA_SQL, agendaParams(meeting));
    const meta = rows[0];
    if (!meta) throw new Error('agenda of a meeting that does not exist');
    const byKind = new Map<AgendaSectionKind, AgendaItemView[]>(AGENDA_SECTIONS.map((kind) => [kind, []]));
    for (const row of rows) {
      if (row.case_id) byKind.get(AGENDA_SECTIONS[row.section_order - 1])!.push(toAgendaItem(row, this.keys, meta.attendance));
    }
    const closedNoticeIds = meta.closed_notice_ids ?? [];
    const bounds: AgendaBounds = {
      cutoff: iso(meta.cutoff)!,
      previousCutoff: iso(meta.previous_cutoff),
      urgentFrom: meta.since_on,
      urgentBefore: meta.horizon_on,
      closedCaseNotices: closedNoticeIds.length,
    };
    return { bounds, sections: sectionsOf(byKind, bounds.closedCaseNotices), attendance: meta.attendance, closedNoticeIds };
  }

  /** Stores the agenda exactly as computed, and the notifications it dealt with, inside the start's transaction. */
  async freeze(manager: EntityManager, meeting: Meeting): Promise<ComputedAgenda> {
    const agenda = await this.compute(meeting, manager);
    const items = agenda.sections.flatMap((section) => section.items.map((item, position) => ({ section: section.kind, position, item })));
    for (let i = 0; i < items.length; i += 500) {
      const chunk = items.slice(i, i + 500);
      await manager.query(
        `INSERT INTO agenda_item (meeting_id, section, position, case_id, item)
         SELECT $1, x.section, x.position, x.case_id, x.item
           FROM jsonb_to_recordset($2::jsonb) AS x(section text, position int, case_id uuid, item jsonb)`,
        // The snapshot keeps no identity numbers, not even masked: its displayName is the names (the view adds the numbers),
        // and a sole trader's number is left out of the notices (the landlord's name stays).
        [
          meeting.id,
          JSON.stringify(
            chunk.map((c) => ({ section: c.section, position: c.position, case_id: c.item.caseId, item: snapshotOf(c.item) })),
          ),
        ],
      );
    }
    const notificationIds = [...agenda.sections.flatMap((s) => s.items.flatMap((item) => item.notificationIds)), ...agenda.closedNoticeIds];
    if (notificationIds.length > 0) {
      await manager.query(
        `INSERT INTO agenda_notification (notification_id, meeting_id) SELECT unnest($2::uuid[]), $1 ON CONFLICT DO NOTHING`,
        [meeting.id, notificationIds],
      );
      // The marker the agenda's "new" section reads (agenda.sql.ts): these are dealt with.
      await manager.query('UPDATE notification SET awaiting_agenda = false WHERE id = ANY($1::uuid[]) AND awaiting_agenda', [
        notificationIds,
      ]);
    }
    await manager.query('UPDATE meeting SET frozen_bounds = $2 WHERE id = $1', [meeting.id, JSON.stringify(agenda.bounds)]);
    return agenda;
  }

  /** Who represents each unit of the district at the meeting (every unit, null role when not recorded). */
  async attendance(meeting: Pick<Meeting, 'id' | 'districtCode'>, manager?: EntityManager): Promise<AgendaAttendanceRow[]> {
    return (manager ?? this.dataSource.manager).query(
      `SELECT u.code AS unit, u.name AS "unitName", a.person, a.role, a.mandate, a.with_mandate AS "withMandate",
              a.mandate_registered AS "mandateRegistered"
         FROM unit u LEFT JOIN meeting_attendance a ON a.unit_id = u.id AND a.meeting_id = $1
        WHERE u.district_code = $2 ORDER BY u.code`,
      [meeting.id, meeting.districtCode],
    );
  }

  /** The frozen agenda, exactly as it was stored at the start, with today's attendance and the decisions taken since. */
  async frozen(meeting: Meeting): Promise<ComputedAgenda> {
    const rows: Array<{ section: AgendaSectionKind; item: StoredItem }> = await this.dataSource.query(
      'SELECT section, item FROM agenda_item WHERE meeting_id = $1 ORDER BY section, position',
      [meeting.id],
    );
    const decisions: Array<{ case_id: string; pending: boolean }> = await this.dataSource.query(
      'SELECT case_id, bool_or(pending_confirmation) AS pending FROM meeting_decision WHERE meeting_id = $1 GROUP BY case_id',
      [meeting.id],
    );
    const attendance = await this.attendance(meeting);
    const decided = new Map(decisions.map((d) => [d.case_id, d.pending]));
    const tenants: Array<{ case_id: string; tenants: SealedTenant[] }> = await this.dataSource.query(
      `SELECT t.case_id, json_agg(json_build_object('name', t.name, 'sealed', t.personnummer_sealed)) AS tenants
         FROM case_tenant t WHERE t.case_id IN (SELECT case_id FROM agenda_item WHERE meeting_id = $1) GROUP BY t.case_id`,
      [meeting.id],
    );
    const displayNames = new Map(tenants.map((t) => [t.case_id, tenantNames(this.keys, t.tenants).displayName]));
    const byKind = new Map<AgendaSectionKind, AgendaItemView[]>(AGENDA_SECTIONS.map((kind) => [kind, []]));
    for (const row of rows) {
      const item = frozenItem(row.item, meeting.heldOn);
      byKind.get(row.section)?.push({
        ...item,
        displayName: displayNames.get(item.caseId) ?? item.displayName,
        unitsNotRepresented: unitsNotRepresented(item.units, attendance),
        decided: decided.has(row.item.caseId),
        pendingConfirmation: decided.get(row.item.caseId) === true,
      });
    }
    const stored = (meeting.frozenBounds ?? {}) as Partial<AgendaBounds>;
    const bounds: AgendaBounds = {
      cutoff: stored.cutoff ?? iso(meeting.startedAt ?? meeting.startsAt)!,
      previousCutoff: stored.previousCutoff ?? null,
      urgentFrom: stored.urgentFrom ?? null,
      urgentBefore: stored.urgentBefore ?? meeting.heldOn,
      closedCaseNotices: stored.closedCaseNotices ?? 0,
    };
    return { bounds, sections: sectionsOf(byKind, bounds.closedCaseNotices), attendance, closedNoticeIds: [] };
  }

  /** The agenda as served: frozen once started, live before. */
  async view(meeting: Meeting): Promise<AgendaView> {
    const frozen =
      meeting.status === 'running' || meeting.status === 'closed' || (meeting.status === 'cancelled' && meeting.startedAt != null);
    const agenda = frozen ? await this.frozen(meeting) : await this.compute(meeting);
    const expected = expectedUnits(agenda.sections);
    return {
      meetingId: meeting.id,
      district: meeting.districtCode,
      heldOn: meeting.heldOn,
      startsAt: meeting.startsAt.toISOString(),
      status: meeting.status,
      frozen,
      cutoff: agenda.bounds.cutoff,
      previousCutoff: agenda.bounds.previousCutoff,
      urgentFrom: agenda.bounds.urgentFrom,
      urgentBefore: agenda.bounds.urgentBefore,
      expectedUnits: expected,
      warnings: agendaWarnings(agenda.attendance, expected, meeting.heldOn),
      sections: agenda.sections,
    };
  }
}
