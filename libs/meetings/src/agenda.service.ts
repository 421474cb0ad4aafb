import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { maskPersonnummer } from '@bosam/identity';
import { oreToKronor } from '@bosam/platform';
import { AGENDA_SQL, AgendaRow } from './agenda.sql';
import { AGENDA_SECTIONS, AgendaSectionKind, Meeting } from './entities';
import { AgendaItemView, AgendaSectionView, AgendaView, AgendaWarning } from './views';

const REASONS: Record<string, string> = {
  new_notification: 'New notification since the previous meeting',
  deadline_before_meeting_after_next: 'Legal deadline before the meeting after next',
  deadline_passed_since_last_meeting: 'Legal deadline passed since the previous meeting',
  carried_over: 'Not reached at the previous meeting',
  remaining_debt: 'Remaining debt',
  ongoing_disturbance: 'Ongoing disturbances',
  next_step_due: 'Next step due since the previous meeting',
  next_step_overdue: 'Next step overdue',
};

export interface AgendaBounds {
  cutoff: string;
  previousCutoff: string | null;
  urgentBefore: string;
}

export interface ComputedAgenda {
  bounds: AgendaBounds;
  sections: AgendaSectionView[];
}

interface AttendanceRow {
  code: string;
  role: string | null;
  with_mandate: boolean | null;
}

const iso = (value: Date | string | null): string | null => (value == null ? null : new Date(value).toISOString());

function tenantNames(row: AgendaRow, masked: boolean): string {
  const tenants = row.tenants ?? [];
  if (tenants.length === 0) return '(okänd hyresgäst)';
  return tenants
    .map((t) => {
      const name = t.name ?? '(namn saknas)';
      return masked && /^\d{12}$/.test(t.personnummer) ? `${name} (${maskPersonnummer(t.personnummer)})` : name;
    })
    .join(', ');
}

export function toAgendaItem(row: AgendaRow): AgendaItemView {
  return {
    caseId: row.case_id,
    reason: row.reasons.map((code) => REASONS[code] ?? code).join('; '),
    reasonCodes: row.reasons,
    childrenInHousehold: Number(row.children_in_household),
    deadline: row.deadline_due_on
      ? { kind: row.deadline_kind!, dueOn: row.deadline_due_on, estimated: !!row.deadline_estimated, rule: row.deadline_rule! }
      : null,
    arrearsSek: oreToKronor(row.arrears_ore) ?? 0,
    units: row.units,
    notificationIds: row.notification_ids ?? [],
    nextStepIds: row.next_step_ids ?? [],
    displayName: tenantNames(row, true),
    names: tenantNames(row, false),
    // Skyddade personuppgifter: never an address for a protected identity.
    address: row.protected_identity
      ? null
      : { street: row.street, postalCode: row.postal_code, city: row.city, apartment: row.apartment },
    protectedIdentity: row.protected_identity,
    recurrence: row.recurrence,
    oldestNoticeOn: row.oldest_on,
    pendingConfirmation: false,
    decided: false,
  };
}

/** Builds agendas: the live one from AGENDA_SQL, the frozen one from its snapshot, and the warnings. */
@Injectable()
export class AgendaService {
  constructor(private readonly dataSource: DataSource) {}

  /** Runs the agenda query and groups its (already ordered) rows into the four sections. */
  async compute(meeting: Pick<Meeting, 'id' | 'districtCode' | 'startsAt' | 'heldOn'>, manager?: EntityManager): Promise<ComputedAgenda> {
    const rows: AgendaRow[] = await (manager ?? this.dataSource.manager).query(AGENDA_SQL, [meeting.id, meeting.districtCode]);
    const byKind = new Map<AgendaSectionKind, AgendaItemView[]>(AGENDA_SECTIONS.map((kind) => [kind, []]));
    for (const row of rows) byKind.get(row.section)!.push(toAgendaItem(row));
    const first = rows[0];
    const bounds: AgendaBounds = first
      ? { cutoff: iso(first.cutoff)!, previousCutoff: iso(first.previous_cutoff), urgentBefore: first.horizon_on }
      : await this.bounds(meeting, manager);
    return { bounds, sections: AGENDA_SECTIONS.map((kind) => ({ kind, items: byKind.get(kind)! })) };
  }

  /** The bounds of an empty agenda (no rows to carry them). */
  private async bounds(meeting: Pick<Meeting, 'id' | 'districtCode'>, manager?: EntityManager): Promise<AgendaBounds> {
    const [row] = await (manager ?? this.dataSource.manager).query(
      `SELECT COALESCE(m.started_at, m.starts_at) AS cutoff,
              (SELECT COALESCE(p.started_at, p.starts_at) FROM meeting p
                WHERE p.district_code = m.district_code AND (p.starts_at, p.id) < (m.starts_at, m.id)
                ORDER BY p.starts_at DESC, p.id DESC LIMIT 1) AS previous_cutoff,
              COALESCE((SELECT n.held_on FROM meeting n
                         WHERE n.district_code = m.district_code AND (n.starts_at, n.id) > (m.starts_at, m.id)
                         ORDER BY n.starts_at, n.id OFFSET 1 LIMIT 1), m.held_on + 28)::text AS horizon_on
         FROM meeting m WHERE m.id = $1 AND m.district_code = $2`,
      [meeting.id, meeting.districtCode],
    );
    return { cutoff: iso(row.cutoff)!, previousCutoff: iso(row.previous_cutoff), urgentBefore: row.horizon_on };
  }

  /** Stores the agenda exactly as computed, and the notifications it showed, inside the start's transaction. */
  async freeze(manager: EntityManager, meeting: Meeting): Promise<ComputedAgenda> {
    const agenda = await this.compute(meeting, manager);
    const items = agenda.sections.flatMap((section) =>
      section.items.map((item, position) => ({ section: section.kind, position, item })),
    );
    for (let i = 0; i < items.length; i += 500) {
      const chunk = items.slice(i, i + 500);
      await manager.query(
        `INSERT INTO agenda_item (meeting_id, section, position, case_id, item)
         SELECT $1, x.section, x.position, x.case_id, x.item
           FROM jsonb_to_recordset($2::jsonb) AS x(section text, position int, case_id uuid, item jsonb)`,
        [meeting.id, JSON.stringify(chunk.map((c) => ({ section: c.section, position: c.position, case_id: c.item.caseId, item: c.item })))],
      );
    }
    const notificationIds = agenda.sections.find((s) => s.kind === 'new')!.items.flatMap((item) => item.notificationIds);
    if (notificationIds.length > 0) {
      await manager.query(
        `INSERT INTO agenda_notification (notification_id, meeting_id) SELECT unnest($2::uuid[]), $1 ON CONFLICT DO NOTHING`,
        [meeting.id, notificationIds],
      );
    }
    await manager.query('UPDATE meeting SET frozen_bounds = $2 WHERE id = $1', [meeting.id, JSON.stringify(agenda.bounds)]);
    return agenda;
  }

  /** The frozen agenda, exactly as it was stored at the start, with the decisions taken since. */
  async frozen(meeting: Meeting): Promise<ComputedAgenda> {
    const rows: Array<{ section: AgendaSectionKind; item: AgendaItemView }> = await this.dataSource.query(
      'SELECT section, item FROM agenda_item WHERE meeting_id = $1 ORDER BY section, position',
      [meeting.id],
    );
    const decisions: Array<{ case_id: string; pending: boolean }> = await this.dataSource.query(
      'SELECT case_id, bool_or(pending_confirmation) AS pending FROM meeting_decision WHERE meeting_id = $1 GROUP BY case_id',
      [meeting.id],
    );
    const decided = new Map(decisions.map((d) => [d.case_id, d.pending]));
    const byKind = new Map<AgendaSectionKind, AgendaItemView[]>(AGENDA_SECTIONS.map((kind) => [kind, []]));
    for (const row of rows) {
      byKind.get(row.section)!.push({
        ...row.item,
        decided: decided.has(row.item.caseId),
        pendingConfirmation: decided.get(row.item.caseId) === true,
      });
    }
    const bounds = (meeting.frozenBounds as unknown as AgendaBounds) ?? (await this.bounds(meeting));
    return { bounds, sections: AGENDA_SECTIONS.map((kind) => ({ kind, items: byKind.get(kind)! })) };
  }

  /** Units absent or without mandate, and cases whose units are not all represented. */
  async warnings(meeting: Meeting, sections: AgendaSectionView[]): Promise<AgendaWarning[]> {
    const units: AttendanceRow[] = await this.dataSource.query(
      `SELECT u.code, a.role, a.with_mandate
         FROM unit u LEFT JOIN meeting_attendance a ON a.unit_id = u.id AND a.meeting_id = $1
        WHERE u.district_code = $2 ORDER BY u.code`,
      [meeting.id, meeting.districtCode],
    );
    const warnings: AgendaWarning[] = [];
    const absent = new Set<string>();
    for (const unit of units) {
      if (!unit.role || unit.role === 'absent') {
        absent.add(unit.code);
        warnings.push({ kind: 'unit_absent', unit: unit.code, message: `Unit ${unit.code} is not represented.` });
      } else if (!unit.with_mandate) {
        warnings.push({
          kind: 'unit_without_mandate',
          unit: unit.code,
          message: `Unit ${unit.code} is represented without mandate: its decisions wait for confirmation.`,
        });
      }
    }
    const seen = new Set<string>();
    for (const item of sections.flatMap((s) => s.items)) {
      if (seen.has(item.caseId)) continue;
      seen.add(item.caseId);
      const missing = item.units.filter((code) => absent.has(code));
      if (missing.length > 0) {
        warnings.push({
          kind: 'case_units_not_represented',
          caseId: item.caseId,
          units: missing,
          message: `Not every unit the client is known to is represented: ${missing.join(', ')}.`,
        });
      }
    }
    return warnings;
  }

  /** The agenda as served: frozen once started, live before. */
  async view(meeting: Meeting): Promise<AgendaView> {
    const frozen = meeting.status !== 'planned';
    const agenda = frozen ? await this.frozen(meeting) : await this.compute(meeting);
    return {
      meetingId: meeting.id,
      district: meeting.districtCode,
      heldOn: meeting.heldOn,
      startsAt: meeting.startsAt.toISOString(),
      status: meeting.status,
      frozen,
      cutoff: agenda.bounds.cutoff,
      previousCutoff: agenda.bounds.previousCutoff,
      urgentBefore: agenda.bounds.urgentBefore,
      warnings: await this.warnings(meeting, agenda.sections),
      sections: agenda.sections,
    };
  }
}
