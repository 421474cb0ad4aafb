import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import {
  addDays,
  compareDates,
  isResearchExempt,
  isValidLocalDate,
  LocalDate,
  retentionDueOn,
  stockholmInstant,
  todayInStockholm,
} from '@bosam/calendar';
import { AuditEvent, AuditService, BOSAM_CONFIG, BosamConfig, PersonalData, SYSTEM_ACTOR } from '@bosam/platform';
import {
  CASE_FACTS_SQL,
  COUNT_REGISTER_WITHOUT_CASE_SQL,
  DELETE_CASES_SQL,
  DELETE_REGISTER_WITHOUT_CASE_SQL,
  EXPIRE_EXPORTS_SQL,
  EXPIRED_EXPORTS_SQL,
  LOCK_CANDIDATES_SQL,
  TENANT_INDEXES_SQL,
  UNLINK_PREVIOUS_SQL,
} from './retention.sql';

/** The legal ground written on every thinning's audit entry. */
export const RETENTION_REASON = 'gallring SoL 12:1';

const BATCH = 500;

export interface RetentionOptions {
  /** The day the job runs as (default: today in Stockholm). */
  asOf?: LocalDate;
  /** Overrides RETENTION_DRY_RUN. */
  dryRun?: boolean;
  /** Overrides RETENTION_EXEMPT_BIRTH_DAYS. */
  exemptBirthDays?: number[];
  /** Overrides RETENTION_YEARS. */
  years?: number;
  /** Overrides RETENTION_EXPORT_DAYS. */
  exportDays?: number;
}

/** Counts of one district (codes and counts only, never personal data). */
export interface DistrictRetentionCounts {
  district: string;
  /** Closed cases whose closing date alone is old enough, so their last entry was looked at. */
  examined: number;
  /** Due but kept: a tenant is in the research selection. */
  exempt: number;
  /** Deleted (in a dry run: would have been). */
  thinned: number;
  /** Examined but with a later entry than the closing date that keeps them for now. */
  notYetDue: number;
  /** Persons removed from the protected-identity register: none of their cases is kept any more. */
  protectedPersonsRemoved: number;
}

export interface RetentionReport {
  asOf: LocalDate;
  dryRun: boolean;
  years: number;
  examined: number;
  exempt: number;
  thinned: number;
  notYetDue: number;
  protectedPersonsRemoved: number;
  /** Evaluation export files removed (in a dry run: would have been). */
  exportFilesRemoved: number;
  districts: DistrictRetentionCounts[];
}

interface CaseFacts {
  id: string;
  lastEntryOn: LocalDate;
  sealedPersonnummer: string[];
}

/**
 * Retention (gallring) of closed cases under Socialtjänstlagen 12 kap. 1–2 §§, and of old evaluation export
 * files. Run nightly by the worker; see libs/retention/README.md.
 */
@Injectable()
export class RetentionService {
  private readonly logger = new Logger('Retention');

  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    @Inject(BOSAM_CONFIG) private readonly config: BosamConfig,
    private readonly keys: PersonalData,
  ) {}

  async enforce(options: RetentionOptions = {}): Promise<RetentionReport> {
    const asOf = options.asOf ?? todayInStockholm();
    if (!isValidLocalDate(asOf)) throw new Error('asOf must be a date as YYYY-MM-DD');
    const dryRun = options.dryRun ?? this.config.retentionDryRun;
    const years = options.years ?? this.config.retentionYears;
    const exemptDays = options.exemptBirthDays ?? this.config.retentionExemptBirthDays;
    const exportDays = options.exportDays ?? this.config.retentionExportDays;

    const districts: Array<{ code: string }> = await this.dataSource.query('SELECT code FROM district ORDER BY code');
    const counts: DistrictRetentionCounts[] = [];
    for (const { code } of districts) counts.push(await this.enforceInDistrict(code, asOf, years, exemptDays, dryRun));
    const exportFilesRemoved = await this.removeOldExportFiles(asOf, exportDays, dryRun);

    const sum = (key: 'examined' | 'exempt' | 'thinned' | 'notYetDue' | 'protectedPersonsRemoved') =>
      counts.reduce((total, c) => total + c[key], 0);
    const report: RetentionReport = {
      asOf,
      dryRun,
      years,
      examined: sum('examined'),
      exempt: sum('exempt'),
      thinned: sum('thinned'),
      notYetDue: sum('notYetDue'),
      protectedPersonsRemoved: sum('protectedPersonsRemoved'),
      exportFilesRemoved,
      districts: counts.filter((c) => c.examined > 0),
    };
    // Counts only; the per-district counts are in the job's return value.
    const { districts: perDistrict, ...totals } = report;
    this.logger.log(`retention ${JSON.stringify({ ...totals, districtsWithCandidates: perDistrict.length })}`);
    return report;
  }

  private async enforceInDistrict(
    district: string,
    asOf: LocalDate,
    years: number,
    exemptDays: number[],
    dryRun: boolean,
  ): Promise<DistrictRetentionCounts> {
    const counts: DistrictRetentionCounts = { district, examined: 0, exempt: 0, thinned: 0, notYetDue: 0, protectedPersonsRemoved: 0 };
    let cursor = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const batch = await this.dataSource.transaction(async (manager) => {
        const locked: Array<{ id: string }> = await manager.query(LOCK_CANDIDATES_SQL, [district, cursor, years, asOf, BATCH]);
        if (locked.length === 0) return null;
        const ids = locked.map((r) => r.id);
        const facts: CaseFacts[] = await manager.query(CASE_FACTS_SQL, [ids, district]);
        const due = facts.filter((c) => compareDates(retentionDueOn(c.lastEntryOn, years), asOf) <= 0);
        const toThin = due
          .filter((c) => !c.sealedPersonnummer.some((sealed) => exempt(birthDateOf(this.keys.open('personnummer', sealed)), exemptDays)))
          .map((c) => c.id);
        counts.examined += facts.length;
        counts.notYetDue += facts.length - due.length;
        counts.exempt += due.length - toThin.length;
        if (dryRun) {
          counts.thinned += toThin.length;
          counts.protectedPersonsRemoved += await this.registerWithoutCase(manager, district, toThin);
        } else {
          const thinned = await this.thin(manager, district, toThin);
          counts.thinned += thinned.cases;
          counts.protectedPersonsRemoved += thinned.persons;
        }
        return { size: locked.length, last: ids[ids.length - 1] };
      });
      if (!batch) break;
      cursor = batch.last;
      if (batch.size < BATCH) break;
    }
    return counts;
  }

  private async thin(manager: EntityManager, district: string, caseIds: string[]): Promise<{ cases: number; persons: number }> {
    if (caseIds.length === 0) return { cases: 0, persons: 0 };
    // An UPDATE or DELETE … RETURNING answers [rows, count].
    const [unlinked]: [Array<{ id: string }>, number] = await manager.query(UNLINK_PREVIOUS_SQL, [caseIds, district]);
    const indexes: Buffer[] = (await manager.query(TENANT_INDEXES_SQL, [caseIds, district])).map((r: { i: Buffer }) => r.i);
    const [deleted]: [Array<{ id: string }>, number] = await manager.query(DELETE_CASES_SQL, [caseIds, district]);
    const persons = indexes.length === 0 ? 0 : (await manager.query(DELETE_REGISTER_WITHOUT_CASE_SQL, [indexes, []]))[1];
    const actor = { ...SYSTEM_ACTOR, district };
    const deletedIds = deleted.map((r) => r.id);
    const events: AuditEvent[] = [
      { action: 'delete', entityType: 'household_case', entityIds: deletedIds, caseIds: deletedIds, reason: RETENTION_REASON },
    ];
    // The still-kept later case of the same household loses its pointer to the thinned one.
    const keptIds = unlinked.map((r) => r.id).filter((id) => !deletedIds.includes(id));
    if (keptIds.length > 0) {
      events.push({
        action: 'update',
        entityType: 'household_case',
        entityIds: keptIds,
        caseIds: keptIds,
        reason: `${RETENTION_REASON}: previous case removed`,
      });
    }
    if (persons > 0) {
      // The register's key is the blind index itself: the entry names how many, not whom.
      events.push({
        action: 'delete',
        entityType: 'protected_person',
        entityIds: [],
        reason: `${RETENTION_REASON}: ${persons} without a kept case`,
      });
    }
    await this.audit.record(actor, events, manager);
    return { cases: deletedIds.length, persons };
  }

  /** How many of the register's persons would have no case left once these cases are gone. */
  private async registerWithoutCase(manager: EntityManager, district: string, caseIds: string[]): Promise<number> {
    if (caseIds.length === 0) return 0;
    const indexes: Buffer[] = (await manager.query(TENANT_INDEXES_SQL, [caseIds, district])).map((r: { i: Buffer }) => r.i);
    if (indexes.length === 0) return 0;
    const [{ n }] = await manager.query(COUNT_REGISTER_WITHOUT_CASE_SQL, [indexes, caseIds]);
    return n;
  }

  private async removeOldExportFiles(asOf: LocalDate, exportDays: number, dryRun: boolean): Promise<number> {
    // Older than N days: finished before Stockholm midnight N days before asOf.
    const cutoff = stockholmInstant(addDays(asOf, -exportDays), '00:00');
    const rows: Array<{ id: string; district: string }> = await this.dataSource.query(EXPIRED_EXPORTS_SQL, [cutoff]);
    if (dryRun || rows.length === 0) return rows.length;
    return this.dataSource.transaction(async (manager) => {
      const [expired]: [Array<{ id: string; district: string }>, number] = await manager.query(EXPIRE_EXPORTS_SQL, [rows.map((r) => r.id)]);
      for (const district of [...new Set(expired.map((r) => r.district))]) {
        const ids = expired.filter((r) => r.district === district).map((r) => r.id);
        await this.audit.record(
          { ...SYSTEM_ACTOR, district },
          { action: 'delete', entityType: 'evaluation_export', entityIds: ids, reason: `file older than ${exportDays} days` },
          manager,
        );
      }
      return expired.length;
    });
  }
}

// A birth date that cannot be read is treated as exempt: a record is never thinned on a guess.
/** The real birth date of a canonical personnummer (YYYYMMDDNNNN; a samordningsnummer's day is the birth day plus 60). */
function birthDateOf(canonical: string): string {
  const day = Number(canonical.slice(6, 8));
  return `${canonical.slice(0, 4)}-${canonical.slice(4, 6)}-${String(day > 60 ? day - 60 : day).padStart(2, '0')}`;
}

function exempt(birthDate: string, days: number[]): boolean {
  if (!isValidLocalDate(birthDate)) return true;
  return isResearchExempt(birthDate, days);
}
