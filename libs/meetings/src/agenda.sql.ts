/**
 * The agenda of one meeting, as ONE read: every section's items, already in the order the
 * meeting goes through them. $1 = meeting id, $2 = district code (a meeting of another district
 * gives no rows).
 *
 * - new: every notification of the district that is on no frozen agenda yet. Freezing records
 *   each notification it showed (agenda_notification), so a notice that arrives while a meeting
 *   runs, or commits after the freeze, is on the next agenda: none is ever missed.
 * - urgent: open cases with a legal deadline from the previous meeting's date up to (not
 *   including) the meeting after next, or 28 days ahead when that meeting is not planned yet.
 * - follow_up: open cases with remaining debt or ongoing disturbances, and the cases the last
 *   closed meeting did not reach (carried over).
 * - next_steps: steps due since the previous meeting and every step still open past its due date.
 *
 * Order inside a section (the zero vision's focus on children first): households with children,
 * then the earliest legal deadline, then the amount owed, then the oldest notification.
 */
export const AGENDA_SQL = `
WITH m AS (
  SELECT id, district_code, starts_at, held_on, COALESCE(started_at, starts_at) AS cutoff
    FROM meeting WHERE id = $1 AND district_code = $2
),
prev AS (
  SELECT p.held_on, COALESCE(p.started_at, p.starts_at) AS cutoff
    FROM meeting p, m
   WHERE p.district_code = m.district_code AND (p.starts_at, p.id) < (m.starts_at, m.id)
   ORDER BY p.starts_at DESC, p.id DESC LIMIT 1
),
last_closed AS (
  SELECT p.id
    FROM meeting p, m
   WHERE p.district_code = m.district_code AND p.status = 'closed' AND (p.starts_at, p.id) < (m.starts_at, m.id)
   ORDER BY p.starts_at DESC, p.id DESC LIMIT 1
),
bounds AS (
  SELECT COALESCE((SELECT held_on FROM prev), m.held_on) AS since_on,
         (SELECT cutoff FROM prev) AS previous_cutoff,
         COALESCE(
           (SELECT n.held_on FROM meeting n
             WHERE n.district_code = m.district_code AND (n.starts_at, n.id) > (m.starts_at, m.id)
             ORDER BY n.starts_at, n.id OFFSET 1 LIMIT 1),
           m.held_on + 28) AS horizon_on
    FROM m
),
new_items AS (
  SELECT n.case_id,
         array_agg(n.id ORDER BY n.received_on, n.created_at, n.id) AS notification_ids,
         min(n.received_on) AS oldest_on
    FROM notification n, m
   WHERE n.district_code = m.district_code
     AND NOT EXISTS (SELECT 1 FROM agenda_notification an WHERE an.notification_id = n.id)
   GROUP BY n.case_id
),
open_cases AS (
  SELECT c.id, c.arrears_ore, c.ongoing_disturbance
    FROM household_case c, m
   WHERE c.district_code = m.district_code AND c.status = 'open'
),
urgent_items AS (
  SELECT d.case_id, bool_or(d.due_on < m.held_on) AS passed
    FROM open_cases c
    JOIN case_deadline d ON d.case_id = c.id, m, bounds b
   WHERE d.due_on >= b.since_on AND d.due_on < b.horizon_on
   GROUP BY d.case_id
),
follow_items AS (
  SELECT f.id AS case_id, bool_or(f.debt) AS debt, bool_or(f.disturbance) AS disturbance, bool_or(f.carried) AS carried
    FROM (
      SELECT c.id, c.arrears_ore > 0 AS debt, c.ongoing_disturbance AS disturbance, false AS carried
        FROM open_cases c WHERE c.arrears_ore > 0 OR c.ongoing_disturbance
      UNION ALL
      SELECT c.id, false, false, true
        FROM agenda_item ai
        JOIN last_closed lc ON lc.id = ai.meeting_id
        JOIN open_cases c ON c.id = ai.case_id
       WHERE ai.carried_over
    ) f
   GROUP BY f.id
),
step_items AS (
  SELECT s.case_id,
         array_agg(s.id ORDER BY s.due_on, s.id) AS next_step_ids,
         bool_or(s.status = 'open' AND s.due_on < m.held_on) AS overdue
    FROM next_step s, m, bounds b
   WHERE s.district_code = m.district_code
     AND s.status <> 'cancelled'
     AND ((s.status = 'open' AND s.due_on < m.held_on) OR (s.due_on >= b.since_on AND s.due_on <= m.held_on))
   GROUP BY s.case_id
),
items AS (
  SELECT 1 AS section_order, 'new' AS section, case_id, ARRAY['new_notification'] AS reasons,
         notification_ids, NULL::uuid[] AS next_step_ids, oldest_on
    FROM new_items
  UNION ALL
  SELECT 2, 'urgent', case_id,
         ARRAY[CASE WHEN passed THEN 'deadline_passed_since_last_meeting' ELSE 'deadline_before_meeting_after_next' END],
         NULL, NULL, NULL
    FROM urgent_items
  UNION ALL
  SELECT 3, 'follow_up', case_id,
         array_remove(ARRAY[CASE WHEN carried THEN 'carried_over' END, CASE WHEN debt THEN 'remaining_debt' END,
                            CASE WHEN disturbance THEN 'ongoing_disturbance' END], NULL),
         NULL, NULL, NULL
    FROM follow_items
  UNION ALL
  SELECT 4, 'next_steps', case_id, ARRAY[CASE WHEN overdue THEN 'next_step_overdue' ELSE 'next_step_due' END],
         NULL, next_step_ids, NULL
    FROM step_items
)
SELECT i.section, i.case_id, i.reasons, i.notification_ids, i.next_step_ids,
       m.cutoff, b.previous_cutoff, b.since_on::text AS since_on, b.horizon_on::text AS horizon_on,
       c.status AS case_status, c.children_in_household, c.arrears_ore, c.ongoing_disturbance, c.recurrence,
       c.protected_identity, c.street, c.postal_code, c.city, c.apartment,
       dl.kind AS deadline_kind, dl.due_on::text AS deadline_due_on, dl.estimated AS deadline_estimated, dl.rule AS deadline_rule,
       COALESCE(un.codes, '{}') AS units, tn.tenants,
       COALESCE(i.oldest_on, ol.oldest_on)::text AS oldest_on
  FROM items i
  JOIN household_case c ON c.id = i.case_id
  CROSS JOIN m
  CROSS JOIN bounds b
  LEFT JOIN LATERAL (
    -- the case's next legal deadline from the previous meeting on, else its latest one
    SELECT d.kind, d.due_on, d.estimated, d.rule FROM case_deadline d
     WHERE d.case_id = i.case_id
     ORDER BY (d.due_on < b.since_on), CASE WHEN d.due_on >= b.since_on THEN d.due_on END, d.due_on DESC
     LIMIT 1
  ) dl ON true
  LEFT JOIN LATERAL (
    SELECT array_agg(u.code ORDER BY u.code) AS codes
      FROM case_unit cu JOIN unit u ON u.id = cu.unit_id WHERE cu.case_id = i.case_id
  ) un ON true
  LEFT JOIN LATERAL (
    SELECT json_agg(json_build_object('name', t.name, 'personnummer', t.personnummer) ORDER BY t.personnummer) AS tenants
      FROM case_tenant t WHERE t.case_id = i.case_id
  ) tn ON true
  LEFT JOIN LATERAL (
    SELECT min(n.received_on) AS oldest_on FROM notification n WHERE n.case_id = i.case_id
  ) ol ON true
 ORDER BY i.section_order,
          (c.children_in_household > 0) DESC,
          dl.due_on ASC NULLS LAST,
          c.arrears_ore DESC,
          COALESCE(i.oldest_on, ol.oldest_on) ASC NULLS LAST,
          i.case_id
`;

/** One row of AGENDA_SQL, as the pg driver returns it. */
export interface AgendaRow {
  section: 'new' | 'urgent' | 'follow_up' | 'next_steps';
  case_id: string;
  reasons: string[];
  notification_ids: string[] | null;
  next_step_ids: string[] | null;
  cutoff: Date;
  previous_cutoff: Date | null;
  since_on: string;
  horizon_on: string;
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
  deadline_kind: string | null;
  deadline_due_on: string | null;
  deadline_estimated: boolean | null;
  deadline_rule: string | null;
  units: string[];
  tenants: Array<{ name: string | null; personnummer: string }> | null;
  oldest_on: string | null;
}
