import { Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { DataSource, EntityManager } from 'typeorm';
import { todayInStockholm } from '@bosam/calendar';
import { scrubIdentityNumbers } from '@bosam/identity';
import {
  Actor,
  assertDistrict,
  AuditEvent,
  AuditService,
  DomainError,
  FieldError,
  flattenValidationErrors,
  invalidFields,
  PersonalData,
  sqlState,
} from '@bosam/platform';
import { CreateNotificationDto, NotificationReceipt } from './dto';
import { lookupBatch, PlannedNotice, resolveBatch, RowOutcome, writeBatch } from './intake-batch';
import { assessNotice, contentHash } from './rules';
import { validateNoticeRow } from './row-validator';

export interface ReceiveOptions {
  /** Work inside the caller's transaction (no transaction of our own). */
  manager?: EntityManager;
  /** Validate and match, write nothing. Ids in the receipt are then not stored anywhere. */
  dryRun?: boolean;
  /** The notification file this notice came from. */
  importId?: string;
  /**
   * Collect the audit events here instead of writing them, for a caller that records them with its
   * own writes (one insert per batch).
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

export interface ReceiveManyOptions extends Omit<ReceiveOptions, 'manager'> {
  /** The caller's transaction: the batch is written in it, with its persons' locks held to its end. */
  manager: EntityManager;
}

export type { RowOutcome };

const VALIDATOR_OPTIONS = {
  whitelist: true,
  forbidNonWhitelisted: true,
  validationError: { target: false, value: false },
} as const;

// Two notices that name one person serialize, for the length of the transaction: they cannot both
// open a case for the household, and an identical repeat (same persons) always finds the first one
// stored. One transaction-scoped lock per person, keyed by the identity number's blind index (never
// the number itself); notices of other households, in the district or elsewhere, do not wait. The
// keys come sorted and unnest hands them to the locks in array order, so two batches that share
// persons take them in one order and cannot deadlock each other.
const PERSON_LOCKS_SQL =
  "SELECT count(pg_advisory_xact_lock(hashtextextended('bosam.intake.person:' || k, 0)))::int AS n FROM unnest($1::text[]) AS k";

/** The lock keys of a batch's persons: their blind indexes in hex, distinct and sorted. */
export function personLockKeys(keys: PersonalData, notices: Array<{ tenants: Array<{ personnummer: string }> }>): string[] {
  const set = new Set<string>();
  for (const n of notices) for (const t of n.tenants) set.add(keys.index(t.personnummer).toString('hex'));
  return [...set].sort();
}

/**
 * Errors after which the whole transaction may simply run again: a twin stored meanwhile by a
 * notice that named other persons (unique violation, answered from the stored row on the next
 * try), a deadlock between batches updating the same case through different persons, a
 * serialization failure.
 */
export const isRetryableIntakeError = (error: unknown): boolean => ['23505', '40P01', '40001'].includes(sqlState(error) ?? '');

/** Attempts of a whole intake transaction before the error is given up to the caller. */
export const INTAKE_ATTEMPTS = 5;

/** Runs `work` in a transaction of its own, again (after a short, growing pause) on a retryable error. */
export async function inIntakeTransaction<T>(dataSource: DataSource, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await dataSource.transaction(work);
    } catch (error) {
      if (attempt >= INTAKE_ATTEMPTS || !isRetryableIntakeError(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * attempt));
    }
  }
}

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
    private readonly keys: PersonalData,
  ) {}

  /** Validates raw input exactly as the JSON route does; throws VALIDATION_FAILED naming every field. */
  validate(raw: unknown, today: string = todayInStockholm()) {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      throw invalidFields([{ field: 'body', message: 'must be a JSON object' }]);
    }
    // A row of a file (and most JSON bodies) by the compiled validator: the same errors, no instances built.
    const compiled = validateNoticeRow(raw);
    const dto = compiled ? compiled.dto : plainToInstance(CreateNotificationDto, raw);
    const errors = compiled ? compiled.errors : flattenValidationErrors(validateSync(dto!, VALIDATOR_OPTIONS));
    if (errors.length > 0) throw invalidFields(errors.map(scrubbed));
    const assessment = assessNotice(dto!, today);
    if (assessment.errors.length > 0) throw invalidFields(assessment.errors.map(scrubbed));
    return { ...assessment, notice: assessment.notice! };
  }

  async receive(actor: Actor, raw: unknown, options: ReceiveOptions = {}): Promise<ReceiveResult> {
    const once = async (manager: EntityManager): Promise<ReceiveResult> => {
      const [outcome] = await this.receiveMany(actor, [raw], { ...options, manager });
      if (!outcome.ok) throw outcome.error;
      return { created: outcome.created, receipt: outcome.receipt };
    };
    if (options.manager) return once(options.manager);
    return inIntakeTransaction(this.dataSource, once);
  }

  /**
   * Many notices at once, each answered exactly as `receive` would answer it had the rows been
   * received one after another (a rejected row leaves nothing behind, a later row sees what the
   * earlier ones stored): the same validation per row, then the locks of the batch's persons, one
   * lookup for the whole batch, the matching in memory and a few set-based writes. In the caller's
   * transaction: the caller runs it again on a retryable error (inIntakeTransaction).
   */
  async receiveMany(actor: Actor, raws: unknown[], options: ReceiveManyOptions): Promise<RowOutcome[]> {
    const today = options.today ?? todayInStockholm();
    const outcomes: RowOutcome[] = new Array(raws.length);
    const planned: PlannedNotice[] = [];
    raws.forEach((raw, index) => {
      try {
        const { notice, flags, deadlines } = this.validate(raw, today);
        assertDistrict(actor, notice.district);
        const digest = contentHash(notice);
        planned.push({
          index,
          notice,
          digest,
          hash: this.keys.fingerprint(digest),
          flags,
          deadlines: deadlines.map(({ kind, dueOn, estimated, latestDueOn, rule }) => ({ kind, dueOn, estimated, latestDueOn, rule })),
        });
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        outcomes[index] = { ok: false, error };
      }
    });
    if (planned.length === 0) return outcomes;

    // assertDistrict let through the actor's own district only.
    const district = actor.district;
    const { manager } = options;
    if (!options.dryRun)
      await manager.query(PERSON_LOCKS_SQL, [
        personLockKeys(
          this.keys,
          planned.map((p) => p.notice),
        ),
      ]);
    const lookup = await lookupBatch(
      manager,
      this.keys,
      district,
      planned.map((p) => p.notice),
    );
    const { outcomes: decided, writes } = resolveBatch(planned, lookup, { ...options, keys: this.keys });
    for (const [index, outcome] of decided) outcomes[index] = outcome;
    if (options.dryRun) return outcomes;

    await writeBatch(manager, this.keys, actor, district, writes, options.importId ?? null);
    await this.record(actor, writes.audit, manager, options);
    return outcomes;
  }

  private async record(actor: Actor, events: AuditEvent[], manager: EntityManager, options: ReceiveOptions): Promise<void> {
    if (options.auditEvents) options.auditEvents.push(...events);
    else await this.audit.record(actor, events, manager);
  }
}

/** No error ever repeats an identity number, not even one typed as a field name. */
const scrubbed = (error: FieldError): FieldError => ({
  ...error,
  field: scrubIdentityNumbers(error.field),
  message: scrubIdentityNumbers(error.message),
});
