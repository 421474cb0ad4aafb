// The follow-up state of one case, recomputed from its records ($1 = case id): the one statement both
// FollowUpService (balances, plans, disturbances), an amendment and a merge use. (A SELECT over the UPDATE,
// so that the driver answers the row.)
// - arrears: the latest balance, a recorded one or a notice's amount (by date; on the same day a recorded
//   balance wins, then the later entry);
// - ongoing disturbance: the latest report (recorded or a disturbance notice) is later than the latest
//   "ended" (an end recorded on the day of a report ends it);
// - plan_broken_on: the latest day a plan of the case was broken and not taken up again.
export const REFRESH_FOLLOW_STATE_SQL = `
WITH balance AS (
  SELECT x.on, x.arrears_ore FROM (
    SELECT b."on", b.arrears_ore, 1 AS rank, b.created_at FROM case_balance b WHERE b.case_id = $1
    UNION ALL
    SELECT n.received_on, n.arrears_ore, 0, n.created_at FROM notification n WHERE n.case_id = $1 AND n.arrears_ore IS NOT NULL
  ) x ORDER BY x.on DESC, x.rank DESC, x.created_at DESC LIMIT 1
), reported AS (
  SELECT max(r.on) AS on FROM (
    SELECT d."on" FROM case_disturbance d WHERE d.case_id = $1 AND d.kind = 'reported'
    UNION ALL
    SELECT n.received_on FROM notification n WHERE n.case_id = $1 AND n.source = 'landlord_disturbance'
  ) r
), ended AS (
  SELECT max(d."on") AS on FROM case_disturbance d WHERE d.case_id = $1 AND d.kind = 'ended'
), updated AS (
UPDATE household_case c SET
  arrears_ore = coalesce((SELECT arrears_ore FROM balance), 0),
  arrears_on = (SELECT "on" FROM balance),
  ongoing_disturbance = coalesce((SELECT r.on FROM reported r) > coalesce((SELECT e.on FROM ended e), '-infinity'::date), false),
  plan_broken_on = (SELECT max(p.status_on) FROM repayment_plan p WHERE p.case_id = $1 AND p.status = 'broken'),
  updated_at = now()
WHERE c.id = $1
RETURNING c.arrears_ore, c.arrears_on::text AS arrears_on, c.ongoing_disturbance, c.plan_broken_on::text AS plan_broken_on, c.status
)
SELECT * FROM updated`;
