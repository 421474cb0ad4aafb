import { Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { DataSource, EntityManager } from 'typeorm';
import { todayInStockholm } from '@bosam/calendar';
import { scrubIdentityNumbers } from '@bosam/identity';
import {
  Actor, assertDistrict, AuditEvent, AuditService, DomainError, FieldError, flattenValidationErrors, invalidFields, PersonalData,
} from '@bosam/platform';
import { CreateNotificationDto, NotificationReceipt } from './dto';
import { lookupBatch, PlannedNotice, resolveBatch, RowOutcome, writeBatch } from './intake-batch';
import { assessNotice, contentHash } from './rules';

export interface ReceiveOptions {
  /** Work inside the caller's transaction (no transaction of our own). */
  manager?: EntityManager;
  /** Validate and match, write nothing. Ids in the receipt are then not stored anywhere. */
  dryRun?: boolean;
  /** The notification file this notice came from. */
  importId?: string;
  /**
   * Collect the audit events here instead of writing them, for a caller that records one entry
   * per batch (the audit chain's lock is then held for one insert, not for the whole batch).
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
  /** The caller's transaction: the batch is written in it, with the district lock held to its end. */
  manager: EntityManager;
}

export type { RowOutcome };

const VALIDATOR_OPTIONS = {
  whitelist: true,
  forbidNonWhitelisted: true,
  validationError: { target: false, value: false },
} as const;

// One intake at a time per district, for the length of the transaction: two notices for the same
// household cannot both open a case, and an identical repeat always finds the first one stored.
const DISTRICT_LOCK_SQL = "SELECT pg_advisory_xact_lock(hashtextextended('bosam.intake:' || $1, 0))";

const isUniqueViolation = (error: unknown): boolean =>
  (error as { code?: string; driverError?: { code?: string } })?.code === '23505' ||
  (error as { driverError?: { code?: string } })?.driverError?.code === '23505';

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
    const dto = plainToInstance(CreateNotificationDto, raw);
    const errors = flattenValidationErrors(validateSync(dto, VALIDATOR_OPTIONS));
    if (errors.length > 0) throw invalidFields(errors.map(scrubbed));
    const assessment = assessNotice(dto, today);
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
    try {
      return await this.dataSource.transaction(once);
    } catch (error) {
      // Only without the district lock (another writer) can a twin slip in between; its row answers.
      if (!isUniqueViolation(error)) throw error;
      return this.dataSource.transaction(once);
    }
  }

  /**
   * Many notices at once, each answered exactly as `receive` would answer it had the rows been
   * received one after another (a rejected row leaves nothing behind, a later row sees what the
   * earlier ones stored): the same validation per row, then one lock, one lookup for the whole
   * batch, the matching in memory and a few set-based writes.
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
    if (!options.dryRun) await manager.query(DISTRICT_LOCK_SQL, [district]);
    const lookup = await lookupBatch(manager, this.keys, district, planned.map((p) => p.notice));
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
const scrubbed = (error: FieldError): FieldError => ({ ...error, field: scrubIdentityNumbers(error.field), message: scrubIdentityNumbers(error.message) });
