import { sharedApartmentSql } from '@bosam/cases';
import { reasonSectionParams } from './reasons';

/** Without a planned meeting after next, "urgent" looks this many days ahead of the meeting. */
export const URGENT_HORIZON_DAYS = 28;

/**
 * The agenda of one meeting, as ONE read: every item, each case once, already in the order the meeting
 * goes through them, plus one row of the meeting's facts (a meeting with no items gives that row only,
 * with case_id null). Parameters: see agendaParams().
 *
 * Each branch of `reasons` gives (case, reason code); the code's section comes from the reason catalogue
 * (reasons.ts, passed as $4/$5), the case sits in the first section any of its reasons names:
 * - urgent: open cases with a legal deadline before the meeting after next (or URGENT_HORIZON_DAYS
 *   ahead) and on or after the previous meeting's date. A case never on a held agenda counts with every
 *   earlier deadline too, so a district's first meeting misses none; passed deadlines say so.
 * - new: notifications on no frozen agenda yet (awaiting_agenda), of open cases. Freezing records each
 *   notification the agenda showed (agenda_notification) and clears its marker, so a notice that arrives
 *   or commits after the freeze is on the next agenda. Those of closed cases are only counted (closed_notice_ids).
 * - follow_up: open cases with remaining debt (the latest balance, recorded or from a notice) or ongoing
 *   disturbances, those the last closed meeting did not reach, those with a decision waiting for a unit's
 *   confirmation, a repayment plan broken since the previous meeting, another open case in the same
 *   apartment, a new notice at another address (flag address_differs) or a notice corrected since the
 *   previous meeting (with the fields that changed).
 * - next_steps: steps due since the previous meeting (open or done) and every step still open past its due date.
 *
 * Order inside a section (the zero vision's focus on children first): households with children, then
 * the earliest legal deadline from the previous meeting on, then the amount owed, then the oldest notice.
 * Cancelled meetings do not count as the previous or a next meeting.
 */
export const AGENDA_SQL = `
WITH m AS (
  SELECT id, district_code, starts_at, held_on, COALESCE(started_at, starts_at) AS cutoff
    FROM meeting WHERE id = $1 AND district_code = $2
),
prev AS (
  SELECT p.held_on, COALESCE(p.started_at, p.starts_at) AS cutoff
    FROM meeting p, m
   WHERE p.district_code = m.district_code AND p.status <> 'cancelled' AND (p.starts_at, p.id) < (m.starts_at, m.id)
   ORDER BY p.starts_at DESC, p.id DESC LIMIT 1
),
last_closed AS (
  SELECT p.id
    FROM meeting p, m
   WHERE p.district_code = m.district_code AND p.status = 'closed' AND (p.starts_at, p.id) < (m.starts_at, m.id)
   ORDER BY p.starts_at DESC, p.id DESC LIMIT 1
),
bounds AS (
  SELECT (SELECT held_on FROM prev) AS since_on,
         (SELECT cutoff FROM prev) AS previous_cutoff,
         COALESCE(
           (SELECT n.held_on FROM meeting n
             WHERE n.district_code = m.district_code AND n.status <> 'cancelled' AND (n.starts_at, n.id) > (m.starts_at, m.id)
             ORDER BY n.starts_at, n.id OFFSET 1 LIMIT 1),
           m.held_on + $3::int) AS horizon_on
    FROM m
),
unseen AS (
  -- only the notices no agenda was frozen with yet (ix_notification_awaiting_agenda), not the district's history
  SELECT n.id, n.case_id, n.received_on, n.created_at, n.flags
    FROM m
    JOIN notification n ON n.district_code = m.district_code AND n.awaiting_agenda
),
unseen_open AS (
  -- the case's status only for the few unseen notices, not for every notice of the district
  SELECT u.*, c.status = 'open' AS open_case FROM unseen u JOIN household_case c ON c.id = u.case_id
),
new_items AS (
  SELECT case_id, array_agg(id ORDER BY received_on, created_at, id) AS notification_ids, min(received_on) AS oldest_on
    FROM unseen_open WHERE open_case GROUP BY case_id
),
district_units AS MATERIALIZED (
  -- the district's few units, looked up in memory rather than through the index for each unit of each item
  SELECT u.id, u.code FROM unit u, m WHERE u.district_code = m.district_code
),
open_cases AS (
  SELECT c.id, c.arrears_ore, c.ongoing_disturbance, c.plan_broken_on
    FROM household_case c, m
   WHERE c.district_code = m.district_code AND c.status = 'open'
),
urgent_items AS (
  SELECT d.case_id, bool_or(d.due_on < m.held_on) AS passed, bool_or(d.due_on >= m.held_on) AS upcoming
    FROM open_cases c
    JOIN case_deadline d ON d.case_id = c.id, m, bounds b
   WHERE d.due_on < b.horizon_on
     AND (b.since_on IS NULL OR d.due_on >= b.since_on
          OR NOT EXISTS (SELECT 1 FROM agenda_item ai WHERE ai.case_id = c.id))
   GROUP BY d.case_id
),
step_items AS (
  SELECT s.case_id,
         array_agg(s.id ORDER BY s.due_on, s.id) AS next_step_ids,
         bool_or(s.status = 'open' AND s.due_on < m.held_on) AS overdue
    FROM m CROSS JOIN bounds b
    CROSS JOIN LATERAL (
      -- open steps due by the meeting (overdue or due that day), and steps done that fell due since the previous
      -- meeting: two narrow ranges of ix_next_step_district_status_due, not every step of the district
      SELECT s.id, s.case_id, s.status, s.due_on FROM next_step s
       WHERE s.district_code = m.district_code AND s.status = 'open' AND s.due_on <= m.held_on
      UNION ALL
      SELECT s.id, s.case_id, s.status, s.due_on FROM next_step s
       WHERE s.district_code = m.district_code AND s.status = 'done'
         AND s.due_on >= COALESCE(b.since_on, m.held_on) AND s.due_on <= m.held_on
    ) s
   GROUP BY s.case_id
),
reasons (case_id, code) AS (
  SELECT case_id, 'deadline_passed' FROM urgent_items WHERE passed
  UNION ALL
  SELECT case_id, 'deadline_before_meeting_after_next' FROM urgent_items WHERE upcoming
  UNION ALL
  SELECT case_id, 'new_notification' FROM new_items
  UNION ALL
  SELECT id, 'remaining_debt' FROM open_cases WHERE arrears_ore > 0
  UNION ALL
  SELECT id, 'ongoing_disturbance' FROM open_cases WHERE ongoing_disturbance
  UNION ALL
  SELECT c.id, 'repayment_plan_broken' FROM open_cases c, bounds b
   WHERE c.plan_broken_on IS NOT NULL AND (b.since_on IS NULL OR c.plan_broken_on >= b.since_on)
  UNION ALL
  SELECT c.id, 'shared_apartment'
    FROM m JOIN household_case c ON c.district_code = m.district_code AND c.status = 'open' AND c.apartment IS NOT NULL
   WHERE EXISTS (${sharedApartmentSql('c')})
  UNION ALL
  SELECT DISTINCT case_id, 'address_differs' FROM unseen_open WHERE open_case AND 'address_differs' = ANY(flags)
  UNION ALL
  SELECT DISTINCT a.case_id, 'notice_amended'
    FROM notification_amendment a JOIN open_cases c ON c.id = a.case_id, bounds b
   WHERE b.previous_cutoff IS NULL OR a.created_at >= b.previous_cutoff
  UNION ALL
  SELECT c.id, 'carried_over'
    FROM agenda_item ai
    JOIN last_closed lc ON lc.id = ai.meeting_id
    JOIN open_cases c ON c.id = ai.case_id
   WHERE ai.carried_over
  UNION ALL
  SELECT c.id, 'decision_pending_confirmation'
    FROM open_cases c JOIN meeting_decision d ON d.case_id = c.id
   WHERE d.pending_confirmation
  UNION ALL
  SELECT case_id, CASE WHEN overdue THEN 'next_step_overdue' ELSE 'next_step_due' END FROM step_items
),
items AS (
  SELECT r.case_id, min(k.section_order) AS section_order, array_agg(DISTINCT r.code) AS codes
    FROM reasons r
    JOIN unnest($4::text[], $5::int[]) AS k(code, section_order) ON k.code = r.code
   GROUP BY r.case_id
),
meta AS MATERIALIZED (
  -- once, not per item row
  SELECT m.cutoff, b.previous_cutoff, b.since_on::text AS since_on, b.horizon_on::text AS horizon_on,
         (SELECT COALESCE(array_agg(u.id ORDER BY u.id), '{}') FROM unseen_open u WHERE NOT u.open_case) AS closed_notice_ids,
         (SELECT COALESCE(json_agg(json_build_object(
                   'unit', un.code, 'unitName', un.name, 'person', a.person, 'role', a.role, 'mandate', a.mandate,
                   'withMandate', a.with_mandate, 'mandateRegistered', a.mandate_registered) ORDER BY un.code), '[]')
            FROM unit un LEFT JOIN meeting_attendance a ON a.unit_id = un.id AND a.meeting_id = m.id
           WHERE un.district_code = m.district_code) AS attendance
    FROM m CROSS JOIN bounds b
),
rows AS (
  SELECT i.section_order, i.case_id, i.codes AS reasons, ni.notification_ids, st.next_step_ids,
         c.status AS case_status, c.children_in_household, c.arrears_ore, c.ongoing_disturbance, c.recurrence,
         c.protected_identity, c.street, c.postal_code, c.city, c.apartment,
         dl.deadlines, dl.sort_on, COALESCE(un.codes, '{}') AS units, tn.tenants, nt.notices, ns.next_steps, pd.pending_decisions,
         am.fields AS amended_fields,
         COALESCE(ni.oldest_on, nt.oldest_on)::text AS oldest_on
    FROM items i
    JOIN household_case c ON c.id = i.case_id
    CROSS JOIN m
    CROSS JOIN bounds b
    LEFT JOIN new_items ni ON ni.case_id = i.case_id
    LEFT JOIN step_items st ON st.case_id = i.case_id
    LEFT JOIN LATERAL (
      -- every legal deadline of the case (once per kind and date); the order uses the earliest from the
      -- previous meeting on (any, for a first meeting), else the latest
      SELECT json_agg(json_build_object('kind', x.kind, 'dueOn', x.due_on, 'passed', x.due_on < m.held_on,
                                        'estimated', x.estimated, 'latestDueOn', x.latest_due_on, 'rule', x.rule)
                      ORDER BY x.due_on, x.kind) AS deadlines,
             COALESCE(min(x.due_on) FILTER (WHERE b.since_on IS NULL OR x.due_on >= b.since_on), max(x.due_on)) AS sort_on
        FROM (SELECT DISTINCT ON (d.kind, d.due_on) d.kind, d.due_on, d.estimated, d.latest_due_on, d.rule
                FROM case_deadline d WHERE d.case_id = i.case_id
               ORDER BY d.kind, d.due_on, d.estimated, d.rule) x
    ) dl ON true
    LEFT JOIN LATERAL (
      SELECT array_agg(u.code ORDER BY u.code) AS codes
        FROM case_unit cu JOIN district_units u ON u.id = cu.unit_id WHERE cu.case_id = i.case_id
    ) un ON true
    LEFT JOIN LATERAL (
      SELECT json_agg(json_build_object('name', t.name, 'sealed', t.personnummer_sealed)) AS tenants
        FROM case_tenant t WHERE t.case_id = i.case_id
    ) tn ON true
    LEFT JOIN LATERAL (
      SELECT json_agg(json_build_object('id', n.id, 'source', n.source, 'receivedOn', n.received_on,
                                        'landlordOrgNumber', n.landlord_org_number, 'landlordOrgSealed', n.landlord_org_number_sealed,
                                        'landlordName', l.name,
                                        'arrearsOre', n.arrears_ore, 'flags', n.flags,
                                        'new', n.id = ANY(COALESCE(ni.notification_ids, '{}')))
                      ORDER BY n.received_on, n.created_at, n.id) AS notices,
             min(n.received_on) AS oldest_on
        FROM notification n LEFT JOIN landlord l ON l.org_number = n.landlord_org_number
       WHERE n.case_id = i.case_id
    ) nt ON true
    LEFT JOIN LATERAL (
      -- the case's open steps, and those due since the previous meeting whatever became of them
      SELECT json_agg(json_build_object('id', s.id, 'unit', u.code, 'action', s.action, 'dueOn', s.due_on,
                                        'status', s.status, 'doneOn', s.done_on, 'responsible', s.responsible,
                                        'overdue', s.status = 'open' AND s.due_on < m.held_on)
                      ORDER BY s.due_on, s.id) AS next_steps
        FROM next_step s JOIN unit u ON u.id = s.unit_id
       WHERE s.case_id = i.case_id AND (s.status = 'open' OR s.id = ANY(COALESCE(st.next_step_ids, '{}')))
    ) ns ON true
    LEFT JOIN LATERAL (
      SELECT json_agg(json_build_object('id', d.id, 'meetingId', d.meeting_id, 'heldOn', pm.held_on, 'text', d.text,
                                        'pendingUnits', d.pending_units) ORDER BY d.created_at, d.id) AS pending_decisions
        FROM meeting_decision d JOIN meeting pm ON pm.id = d.meeting_id
       WHERE d.case_id = i.case_id AND d.pending_confirmation AND 'decision_pending_confirmation' = ANY(i.codes)
    ) pd ON true
    LEFT JOIN LATERAL (
      -- what the corrections since the previous meeting changed (field names, for the reason's text)
      SELECT array_agg(DISTINCT k.field ORDER BY k.field) AS fields
        FROM notification_amendment a CROSS JOIN LATERAL jsonb_object_keys(a.changes) AS k(field)
       WHERE a.case_id = i.case_id AND 'notice_amended' = ANY(i.codes)
         AND (b.previous_cutoff IS NULL OR a.created_at >= b.previous_cutoff)
    ) am ON true
)
SELECT meta.*, r.*
  FROM meta
  LEFT JOIN rows r ON true
 ORDER BY r.section_order,
          (r.children_in_household > 0) DESC,
          r.sort_on ASC NULLS LAST,
          r.arrears_ore DESC,
          r.oldest_on ASC NULLS LAST,
          r.case_id
`;

/** The parameters of AGENDA_SQL for one meeting. */
export function agendaParams(meeting: { id: string; districtCode: string }): unknown[] {
  const [codes, sections] = reasonSectionParams();
  return [meeting.id, meeting.districtCode, URGENT_HORIZON_DAYS, codes, sections];
}

export interface AgendaDeadlineRow {
  kind: 'recovery_window' | 'eviction';
  dueOn: string;
  passed: boolean;
  estimated: boolean;
  latestDueOn: string | null;
  rule: string;
}

export interface AgendaNoticeRow {
  id: string;
  source: string;
  receivedOn: string;
  landlordOrgNumber: string | null;
  /** A sole trader's personnummer, sealed. */
  landlordOrgSealed: string | null;
  landlordName: string | null;
  arrearsOre: number | string | null;
  flags: string[];
  new: boolean;
}

export interface AgendaStepRow {
  id: string;
  unit: string;
  action: string;
  dueOn: string;
  status: 'open' | 'done' | 'cancelled';
  doneOn: string | null;
  responsible: string | null;
  overdue: boolean;
}

export interface AgendaPendingDecisionRow {
  id: string;
  meetingId: string;
  heldOn: string;
  text: string;
  pendingUnits: string[];
}

export interface AgendaAttendanceRow {
  unit: string;
  unitName: string;
  person: string | null;
  role: 'assistant_head' | 'delegate' | 'absent' | null;
  mandate: boolean | null;
  withMandate: boolean | null;
  mandateRegistered: boolean | null;
}

/** The meeting's facts, on every row of AGENDA_SQL. */
export interface AgendaMetaRow {
  cutoff: Date;
  previous_cutoff: Date | null;
  since_on: string | null;
  horizon_on: string;
  closed_notice_ids: string[];
  attendance: AgendaAttendanceRow[];
}

/** One item of AGENDA_SQL, as the pg driver returns it (all null on the row of an empty agenda). */
export interface AgendaItemRow {
  section_order: number;
  case_id: string;
  reasons: string[];
  notification_ids: string[] | null;
  next_step_ids: string[] | null;
  case_status: string;
  children_in_household: number;
  arrears_ore: number | string;
  ongoing_disturbance: boolean;
  recurrence: boolean;
  protected_identity: boolean;
  street: string | null;
  postal_code: string | null;
  city: string | null;
  apartment: string | null;
  deadlines: AgendaDeadlineRow[] | null;
  sort_on: string | null;
  units: string[];
  /** Names and sealed identity numbers (opened and ordered by number in AgendaService). */
  tenants: Array<{ name: string | null; sealed: string }> | null;
  notices: AgendaNoticeRow[] | null;
  next_steps: AgendaStepRow[] | null;
  pending_decisions: AgendaPendingDecisionRow[] | null;
  /** The notice fields corrected since the previous meeting (reason notice_amended). */
  amended_fields: string[] | null;
  oldest_on: string | null;
}

export type AgendaRow = AgendaMetaRow & AgendaItemRow;
