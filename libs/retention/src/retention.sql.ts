// Hand-written SQL of the retention job. Every query is scoped to one district.

/**
 * Closed cases of a district that can be due at all (their closing date alone is old enough), in id order after
 * a cursor, locked for this batch: a row lock on the case also holds off new entries (their foreign keys) meanwhile.
 * `closed_on + N years` clamps 29 February like retentionDueOn, so this is a safe pre-filter; the rule itself is
 * applied in code.
 */
export const LOCK_CANDIDATES_SQL = `
  SELECT id FROM household_case
   WHERE district_code = $1 AND status = 'closed' AND id > $2
     AND (closed_on + make_interval(years => $3))::date <= $4::date
   ORDER BY id LIMIT $5
   FOR UPDATE SKIP LOCKED`;

// A Stockholm calendar date of a timestamptz column.
const sthlm = (column: string) => `(${column} AT TIME ZONE 'Europe/Stockholm')::date`;

/**
 * Each case's last entry (the latest date written on it anywhere) and its tenants' sealed identity
 * numbers (the service opens them for the birth dates).
 */
export const CASE_FACTS_SQL = `
  SELECT c.id,
         GREATEST(
           c.closed_on,
           (SELECT max(n.received_on) FROM notification n WHERE n.case_id = c.id),
           (SELECT max(x."on") FROM case_contact x WHERE x.case_id = c.id),
           (SELECT max(GREATEST(s.done_on, ${sthlm('s.created_at')})) FROM next_step s WHERE s.case_id = c.id),
           (SELECT max(GREATEST(k.given_on, k.withdrawn_on)) FROM consent k WHERE k.case_id = c.id),
           (SELECT max(e."on") FROM landlord_exchange e WHERE e.case_id = c.id),
           (SELECT max(${sthlm('ev.at')}) FROM case_event ev WHERE ev.case_id = c.id)
         )::text AS "lastEntryOn",
         ARRAY(SELECT t.personnummer_sealed FROM case_tenant t WHERE t.case_id = c.id) AS "sealedPersonnummer"
    FROM household_case c
   WHERE c.id = ANY($1::uuid[]) AND c.district_code = $2`;

// A newer case of the same household points back at a thinned one: the pointer goes, the recurrence flag stays.
export const UNLINK_PREVIOUS_SQL = `
  UPDATE household_case SET previous_case_id = NULL
   WHERE district_code = $2 AND previous_case_id = ANY($1::uuid[])
  RETURNING id`;

/**
 * Thinning: the case and, through ON DELETE CASCADE, everything that hangs on it (tenants, notifications and their
 * deadlines and agenda entries, units, contacts, next steps, consents, exchanges, agenda items of frozen agendas,
 * meeting decisions, timeline).
 */
export const DELETE_CASES_SQL = `
  DELETE FROM household_case WHERE district_code = $2 AND id = ANY($1::uuid[]) AND status = 'closed' RETURNING id`;

/** Built evaluation export files older than the cut-off: the row stays (status expired), the file goes. */
export const EXPIRED_EXPORTS_SQL = `
  SELECT id, district_code AS "district" FROM evaluation_export
   WHERE status = 'done' AND coalesce(finished_at, created_at) < $1 ORDER BY id`;

export const EXPIRE_EXPORTS_SQL = `
  UPDATE evaluation_export SET content = NULL, status = 'expired'
   WHERE id = ANY($1::uuid[]) AND status = 'done' RETURNING id, district_code AS "district"`;

/** The blind indexes of the tenants of the given cases: the persons whose protection may end with them. */
export const TENANT_INDEXES_SQL = `
  SELECT DISTINCT t.personnummer_index AS i FROM case_tenant t
    JOIN household_case c ON c.id = t.case_id
   WHERE t.case_id = ANY($1::uuid[]) AND c.district_code = $2`;

/**
 * The protected-identity register keeps a person while any case names them, in any district: a person none of
 * whose cases is kept any more leaves it (the protection lived on for their cases; no case, no reason to hold the
 * number). $2: the cases being thinned, counted as gone already (a dry run, or before the delete).
 */
const REGISTER_WITHOUT_CASE = `
  FROM protected_person p
 WHERE p.personnummer_index = ANY($1::bytea[])
   AND NOT EXISTS (SELECT 1 FROM case_tenant t WHERE t.personnummer_index = p.personnummer_index AND t.case_id <> ALL($2::uuid[]))`;

export const COUNT_REGISTER_WITHOUT_CASE_SQL = `SELECT count(*)::int AS n ${REGISTER_WITHOUT_CASE}`;

export const DELETE_REGISTER_WITHOUT_CASE_SQL = `DELETE ${REGISTER_WITHOUT_CASE} RETURNING 1 AS gone`;
