// Hand-written aggregate SQL over the district's records for one term. Parameters throughout:
// $1 district code, $2 term's first day, $3 term's last day, $4 report date (the term's last day,
// or today while the term runs); SCALARS_SQL also $5, the outcomes that count as a kept home. Dates are `date` columns (Stockholm calendar dates); instants
// are turned into Stockholm dates. meeting, meeting_attendance and agenda_notification belong to
// libs/meetings, consent, landlord_exchange and liaison_session to libs/landlords: read here,
// never written (a documented read of other contexts' tables).

export const SCALARS_SQL = `
WITH received AS (
  SELECT n.id, n.case_id, n.children_in_household, n.received_on
    FROM notification n
   WHERE n.district_code = $1 AND n.received_on BETWEEN $2 AND $3
), to_agenda AS (
  SELECT m.held_on - r.received_on AS days
    FROM received r
    JOIN agenda_notification an ON an.notification_id = r.id
    JOIN meeting m ON m.id = an.meeting_id AND m.started_at IS NOT NULL
), opened AS (
  SELECT c.id, c.opened_on, c.recurrence, c.previous_case_id
    FROM household_case c
   WHERE c.district_code = $1 AND c.opened_on BETWEEN $2 AND $3
), contacts AS (
  SELECT o.id, min(cc."on") - o.opened_on AS days, bool_or(cc.reached) AS reached
    FROM opened o JOIN case_contact cc ON cc.case_id = o.id
   GROUP BY o.id, o.opened_on
), closed AS (
  -- A case merged into another (same household) was not closed with an outcome: it is left out.
  SELECT c.outcome, c.children_in_household
    FROM household_case c
   WHERE c.district_code = $1 AND c.status = 'closed' AND c.closed_on BETWEEN $2 AND $3 AND c.merged_into_case_id IS NULL
), steps AS (
  SELECT s.status, s.due_on, s.done_on
    FROM next_step s
   WHERE s.district_code = $1 AND (s.created_at AT TIME ZONE 'Europe/Stockholm')::date BETWEEN $2 AND $3
)
SELECT
  (SELECT count(*) FROM received)::int AS notifications_received,
  (SELECT count(DISTINCT case_id) FILTER (WHERE children_in_household > 0) FROM received)::int AS households_with_children,
  (SELECT coalesce(sum(children), 0) FROM (SELECT max(children_in_household) AS children FROM received GROUP BY case_id) h)::int
    AS children_in_notified_households,
  (SELECT count(*) FROM opened)::int AS cases_opened,
  (SELECT count(*) FROM closed)::int AS cases_closed,
  (SELECT count(*) FILTER (WHERE outcome = 'evicted') FROM closed)::int AS evictions_carried_out,
  (SELECT count(*) FILTER (WHERE outcome = 'evicted' AND children_in_household > 0) FROM closed)::int AS evictions_affecting_children,
  (SELECT coalesce(sum(children_in_household) FILTER (WHERE outcome = 'evicted'), 0) FROM closed)::int AS children_affected_by_evictions,
  -- LEASE_KEPT_OUTCOMES in catalogue.ts ($5).
  (SELECT count(*) FILTER (WHERE outcome = ANY($5::text[])) FROM closed)::int AS leases_kept,
  (SELECT count(*) FROM to_agenda)::int AS notifications_on_agenda,
  (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY days) FROM to_agenda) AS median_days_to_first_agenda,
  (SELECT percentile_cont(0.9) WITHIN GROUP (ORDER BY days) FROM to_agenda) AS p90_days_to_first_agenda,
  (SELECT count(*) FROM contacts)::int AS cases_with_contact,
  (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY days) FROM contacts) AS median_days_to_first_contact,
  (SELECT percentile_cont(0.9) WITHIN GROUP (ORDER BY days) FROM contacts) AS p90_days_to_first_contact,
  (SELECT count(*) FILTER (WHERE days <= 14) FROM contacts)::int AS contacted_within_14_days,
  (SELECT count(*) FILTER (WHERE reached) FROM contacts)::int AS cases_reached,
  (SELECT count(*) FROM opened o JOIN household_case p ON p.id = o.previous_case_id
    WHERE o.recurrence AND p.closed_on >= o.opened_on - interval '12 months')::int AS recurrences,
  (SELECT count(*) FILTER (WHERE recurrence) FROM opened)::int AS recurrences_any,
  (SELECT count(*) FROM household_case c
    WHERE c.district_code = $1 AND c.opened_on <= $3 AND (c.closed_on IS NULL OR c.closed_on > $3))::int AS cases_open_at_term_end,
  -- The latest balance dated by the term's end: recorded on the case (case_balance, libs/cases) or a notice's amount.
  (SELECT coalesce(sum(b.arrears_ore), 0) FROM household_case c
     CROSS JOIN LATERAL (
       SELECT x.arrears_ore FROM (
         SELECT cb."on", cb.arrears_ore, 1 AS rank, cb.created_at FROM case_balance cb WHERE cb.case_id = c.id AND cb."on" <= $3
         UNION ALL
         SELECT n.received_on, n.arrears_ore, 0, n.created_at FROM notification n
          WHERE n.case_id = c.id AND n.arrears_ore IS NOT NULL AND n.received_on <= $3
       ) x ORDER BY x.on DESC, x.rank DESC, x.created_at DESC LIMIT 1) b
    WHERE c.district_code = $1 AND c.opened_on <= $3 AND (c.closed_on IS NULL OR c.closed_on > $3))::bigint AS remaining_debt_ore,
  (SELECT count(*) FROM meeting m
    WHERE m.district_code = $1 AND m.started_at IS NOT NULL AND m.held_on BETWEEN $2 AND $3)::int AS meetings_held,
  (SELECT count(*) FROM steps)::int AS next_steps_created,
  (SELECT count(*) FILTER (WHERE status = 'done') FROM steps)::int AS next_steps_done,
  (SELECT count(*) FILTER (WHERE status = 'done' AND done_on <= due_on) FROM steps)::int AS next_steps_done_on_time,
  (SELECT count(*) FILTER (WHERE status = 'open' AND due_on < $4) FROM steps)::int AS next_steps_overdue,
  -- Landlord cooperation, recorded by libs/landlords (its tables read here, never written).
  (SELECT count(*) FROM consent WHERE district_code = $1 AND given_on BETWEEN $2 AND $3)::int AS consents_recorded,
  (SELECT count(*) FROM landlord_exchange WHERE district_code = $1 AND "on" BETWEEN $2 AND $3)::int AS exchanges_recorded,
  (SELECT count(*) FROM liaison_session WHERE district_code = $1 AND "on" BETWEEN $2 AND $3 AND status = 'held')::int AS liaison_sessions_held,
  (SELECT count(*) FROM liaison_session WHERE district_code = $1 AND "on" BETWEEN $2 AND $3 AND status = 'planned')::int AS liaison_sessions_planned
`;

export const BY_SOURCE_SQL = `
SELECT n.source, count(*)::int AS count
  FROM notification n
 WHERE n.district_code = $1 AND n.received_on BETWEEN $2 AND $3
 GROUP BY n.source ORDER BY n.source`;

// Landlords are companies in the set-up register (organisationsnummer), not persons.
export const BY_LANDLORD_SQL = `
SELECT l.name AS landlord, count(*)::int AS count
  FROM notification n
  LEFT JOIN landlord l ON l.id = n.landlord_id
 WHERE n.district_code = $1 AND n.received_on BETWEEN $2 AND $3
 GROUP BY l.name ORDER BY count(*) DESC, l.name NULLS LAST`;

export const BY_OUTCOME_SQL = `
SELECT c.outcome, count(*)::int AS count
  FROM household_case c
 WHERE c.district_code = $1 AND c.status = 'closed' AND c.closed_on BETWEEN $2 AND $3 AND c.merged_into_case_id IS NULL
 GROUP BY c.outcome ORDER BY c.outcome`;

export const UNITS_SQL = `
WITH held AS (
  SELECT m.id FROM meeting m
   WHERE m.district_code = $1 AND m.started_at IS NOT NULL AND m.held_on BETWEEN $2 AND $3
), presence AS (
  SELECT a.unit_id,
         count(*) FILTER (WHERE a.role <> 'absent')::int AS attended,
         count(*) FILTER (WHERE a.role <> 'absent' AND a.with_mandate)::int AS with_mandate
    FROM meeting_attendance a JOIN held h ON h.id = a.meeting_id
   GROUP BY a.unit_id
), steps AS (
  SELECT s.unit_id,
         count(*)::int AS created,
         count(*) FILTER (WHERE s.status = 'done')::int AS done,
         count(*) FILTER (WHERE s.status = 'done' AND s.done_on <= s.due_on)::int AS done_on_time,
         count(*) FILTER (WHERE s.status = 'open' AND s.due_on < $4)::int AS overdue
    FROM next_step s
   WHERE s.district_code = $1 AND (s.created_at AT TIME ZONE 'Europe/Stockholm')::date BETWEEN $2 AND $3
   GROUP BY s.unit_id
)
SELECT u.code, u.name, (SELECT count(*) FROM held)::int AS meetings_held,
       coalesce(p.attended, 0) AS attended, coalesce(p.with_mandate, 0) AS with_mandate,
       coalesce(s.created, 0) AS created, coalesce(s.done, 0) AS done,
       coalesce(s.done_on_time, 0) AS done_on_time, coalesce(s.overdue, 0) AS overdue
  FROM unit u
  LEFT JOIN presence p ON p.unit_id = u.id
  LEFT JOIN steps s ON s.unit_id = u.id
 WHERE u.district_code = $1
 ORDER BY u.code`;
