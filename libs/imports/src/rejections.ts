import { EntityManager } from 'typeorm';
import { RejectedRow } from './entities';

/** Rejections shown in an import's status; the rest are paged through `…/rejections`. */
export const REJECTIONS_IN_STATUS = 100;
/** The largest page of `…/rejections`. */
export const MAX_REJECTIONS_PAGE = 1000;

/**
 * Appends a batch's rejections as rows, numbered on from `before` (the import's count so far), in
 * one statement: a dirty file costs time in proportion to its bad rows, not to their square.
 */
export async function storeRejections(manager: EntityManager, importId: string, before: number, rejected: RejectedRow[]): Promise<void> {
  if (rejected.length === 0) return;
  await manager.query(
    `INSERT INTO notification_import_rejection (import_id, position, row_no, field, message)
     SELECT $1, $2 + r.ord, r.row_no, r.field, r.message
       FROM unnest($3::int[], $4::text[], $5::text[]) WITH ORDINALITY AS r(row_no, field, message, ord)`,
    [importId, before, rejected.map((r) => r.row), rejected.map((r) => r.field), rejected.map((r) => r.message)],
  );
}

/** A page of an import's rejections, in the order they were found. */
export async function readRejections(
  manager: Pick<EntityManager, 'query'>,
  importId: string,
  offset: number,
  limit: number,
): Promise<RejectedRow[]> {
  return manager.query(
    `SELECT row_no AS "row", field, message FROM notification_import_rejection
      WHERE import_id = $1 AND position > $2 ORDER BY position LIMIT $3`,
    [importId, offset, limit],
  );
}
