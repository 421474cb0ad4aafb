import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { compareDates, daysBetween, maxDate, todayInStockholm } from '@bosam/calendar';
import { CasesService } from '@bosam/cases';
import { parseLandlordNumber } from '@bosam/identity';
import { Actor, assertDistrict, assertUuid, AuditService, DomainError, invalid, notFound, PersonalData } from '@bosam/platform';
import { checkCoverage, ConsentTerms, consentStatusToday, RefusalReason } from './coverage';
import {
  ConsentListItemView,
  ConsentView,
  CreateConsentDto,
  CreateExchangeDto,
  ExchangeView,
  ListConsentsQuery,
  WithdrawConsentDto,
} from './dto';
import { ConsentCategory } from './entities';
import { LandlordRow, requireLandlords } from './landlord-ref';

type Row = Record<string, any>;

/** Consents that end within this many days are listed first: time to ask the person whether to renew. */
export const EXPIRING_SOON_DAYS = 30;

/** What the exchange transaction decided: recorded, or refused (the refusal is audited and answered after it). */
type ExchangeOutcome =
  | { recorded: true; exchange: ExchangeView }
  | { recorded: false; caseId: string; reason: RefusalReason; missing: ConsentCategory[]; detail: string };

const CONSENT_COLUMNS = `k.id, k.case_id, k.categories, k.given_on::text, k.valid_until::text, k.form, k.documented_by, k.withdrawn_on::text,
  l.org_number AS landlord_org_number, l.org_number_sealed AS landlord_org_sealed, l.name AS landlord_name`;

export function toConsentView(keys: PersonalData, row: Row, today: string): ConsentView {
  const terms = { givenOn: row.given_on, validUntil: row.valid_until, withdrawnOn: row.withdrawn_on };
  return {
    id: row.id,
    caseId: row.case_id,
    landlord: { orgNumber: keys.landlordShown(row.landlord_org_number, row.landlord_org_sealed), name: row.landlord_name },
    categories: row.categories,
    givenOn: row.given_on,
    validUntil: row.valid_until,
    form: row.form,
    documentedBy: row.documented_by,
    withdrawnOn: row.withdrawn_on,
    status: consentStatusToday(terms, today),
  };
}

/**
 * Consents (samtycken) and the exchanges with landlords they allow. An exchange is recorded only when the
 * person's consents cover the landlord and every category on its date (BOSAM.md, "Landlords and consent");
 * otherwise 403 CONSENT_MISSING says what is missing, and the refusal is audited too.
 */
@Injectable()
export class ConsentsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly cases: CasesService,
    private readonly keys: PersonalData,
  ) {}

  /** Records a consent on an open case of the caller's district (a closed case has nothing left to exchange about). */
  async create(actor: Actor, caseId: unknown, dto: CreateConsentDto, today: string = todayInStockholm()): Promise<ConsentView> {
    const [view] = await this.createEach(actor, caseId, [dto], today);
    return view;
  }

  /** Several consents on one case (one per landlord) in one transaction: all are stored, or none. */
  async createEach(actor: Actor, caseId: unknown, dtos: CreateConsentDto[], today: string = todayInStockholm()): Promise<ConsentView[]> {
    for (const dto of dtos) {
      if (dto.validUntil && compareDates(dto.validUntil, dto.givenOn) < 0) throw invalid('validUntil', 'must not be before givenOn');
    }
    return this.dataSource.transaction(async (manager) => {
      const ref = await this.cases.requireCase(actor, caseId, manager, true);
      if (ref.status !== 'open') throw new DomainError('CONFLICT', 'The case is closed; a consent is recorded on an open case.');
      const views: ConsentView[] = [];
      for (const dto of dtos) {
        const [landlord] = await requireLandlords(manager, this.keys, 'landlordOrgNumber', [dto.landlordOrgNumber], false);
        const [row] = await manager.query(
          `INSERT INTO consent (district_code, case_id, landlord_id, categories, given_on, valid_until, form, documented_by, created_by)
           VALUES ($1, $2, $3, $4::text[], $5, $6, $7, $8, $9) RETURNING id`,
          [
            ref.districtCode,
            ref.id,
            landlord.id,
            dto.categories,
            dto.givenOn,
            dto.validUntil ?? null,
            dto.form,
            dto.documentedBy,
            actor.sub,
          ],
        );
        await this.cases.appendEvent(manager, ref.id, 'consent_given', actor.sub, {
          consentId: row.id,
          landlordOrgNumber: landlord.recorded,
          categories: dto.categories,
          givenOn: dto.givenOn,
          validUntil: dto.validUntil ?? null,
          form: dto.form,
        });
        await this.audit.record(actor, { action: 'create', entityType: 'consent', entityIds: [row.id], caseIds: [ref.id] }, manager);
        views.push(await this.view(manager, row.id, today));
      }
      return views;
    });
  }

  /**
   * Withdraws a consent with effect at once: from `on` it covers nothing. `on` is the day the person
   * withdrew it: not in the future (a consent not valid yet may be withdrawn on its first day), not before givenOn.
   */
  async withdraw(actor: Actor, id: unknown, dto: WithdrawConsentDto, today: string = todayInStockholm()): Promise<ConsentView> {
    const consentId = assertUuid(id, 'consent');
    return this.dataSource.transaction(async (manager) => {
      const [consent] = await manager.query(
        'SELECT id, case_id, given_on::text, withdrawn_on::text FROM consent WHERE id = $1 AND district_code = $2 FOR UPDATE',
        [consentId, actor.district],
      );
      if (!consent) throw notFound('consent');
      if (consent.withdrawn_on) throw new DomainError('CONFLICT', `The consent was withdrawn already, on ${consent.withdrawn_on}.`);
      if (compareDates(dto.on, consent.given_on) < 0) throw invalid('on', `must not be before the consent was given (${consent.given_on})`);
      if (compareDates(dto.on, maxDate(today, consent.given_on)) > 0) throw invalid('on', 'must not be in the future');
      await manager.query('UPDATE consent SET withdrawn_on = $2, withdrawn_by = $3 WHERE id = $1', [consentId, dto.on, actor.sub]);
      await this.cases.appendEvent(manager, consent.case_id, 'consent_withdrawn', actor.sub, { consentId, on: dto.on });
      await this.audit.record(
        actor,
        { action: 'update', entityType: 'consent', entityIds: [consentId], caseIds: [consent.case_id] },
        manager,
      );
      return this.view(manager, consentId, today);
    });
  }

  /**
   * Records an exchange with a landlord, or refuses it (403 CONSENT_MISSING, audited as `deny`) when consent does not
   * cover it. A closed case may still have one (e.g. a follow-up on a repayment plan): the consent decides, not the status.
   */
  async recordExchange(actor: Actor, dto: CreateExchangeDto, today: string = todayInStockholm()): Promise<ExchangeView> {
    const outcome = await this.dataSource.transaction(async (manager): Promise<ExchangeOutcome> => {
      const ref = await this.cases.requireCase(actor, dto.caseId, manager, true);
      const [landlord] = await requireLandlords(manager, this.keys, 'landlordOrgNumber', [dto.landlordOrgNumber], false);
      const sessionId = dto.sessionId ? dto.sessionId.toLowerCase() : null;
      // An exchange at a session carries the session's date.
      const on = sessionId ? await this.requireSessionWith(manager, actor, sessionId, landlord, dto.on) : dto.on;
      if (!on) throw invalid('on', 'is required (or a sessionId, whose date it takes)');
      if (compareDates(on, today) > 0) throw invalid('on', sessionId ? 'the session has not taken place yet' : 'must not be in the future');
      const coverage = checkCoverage(await this.consentTerms(manager, ref.id), {
        landlordOrgNumber: landlord.orgNumber,
        on,
        categories: dto.categories,
      });
      if (!coverage.covered)
        return { recorded: false, caseId: ref.id, reason: coverage.reason, missing: coverage.missing, detail: coverage.detail };
      const [row] = await manager.query(
        `INSERT INTO landlord_exchange (district_code, case_id, landlord_id, session_id, "on", direction, categories, summary, consent_ids,
           created_by, created_by_name)
         VALUES ($1, $2, $3, $4, $5, $6, $7::text[], $8, $9::uuid[], $10, $11) RETURNING id`,
        [
          ref.districtCode,
          ref.id,
          landlord.id,
          sessionId,
          on,
          dto.direction,
          coverage.categories,
          dto.summary,
          coverage.consentIds,
          actor.sub,
          actor.name ?? null,
        ],
      );
      // The summary stays in its table: free text has no place on the timeline.
      await this.cases.appendEvent(manager, ref.id, 'landlord_exchange', actor.sub, {
        exchangeId: row.id,
        landlordOrgNumber: landlord.recorded,
        on,
        direction: dto.direction,
        categories: coverage.categories,
        consentIds: coverage.consentIds,
        ...(sessionId ? { sessionId } : {}),
      });
      await this.audit.record(
        actor,
        { action: 'create', entityType: 'landlord_exchange', entityIds: [row.id], caseIds: [ref.id] },
        manager,
      );
      return {
        recorded: true,
        exchange: {
          id: row.id,
          caseId: ref.id,
          landlord: { orgNumber: landlord.shown, name: landlord.name },
          on,
          direction: dto.direction,
          categories: coverage.categories,
          summary: dto.summary,
          sessionId,
          consentIds: coverage.consentIds,
          who: actor.name || actor.sub,
        },
      };
    });
    if (outcome.recorded) return outcome.exchange;
    // The refusal is audited after the transaction, which wrote nothing, so that it stays on record.
    await this.audit.record(actor, {
      action: 'deny',
      entityType: 'landlord_exchange',
      entityIds: [],
      caseIds: [outcome.caseId],
      reason: `CONSENT_MISSING ${outcome.reason}: ${outcome.missing.join(',')}`,
    });
    throw new DomainError('CONSENT_MISSING', outcome.detail, undefined, { reason: outcome.reason, missing: outcome.missing });
  }

  /** The consents of a case as the coverage rule reads them. */
  async consentTerms(manager: EntityManager, caseId: string): Promise<ConsentTerms[]> {
    const rows: Row[] = await manager.query(
      `SELECT k.id, l.org_number, k.categories, k.given_on::text, k.valid_until::text, k.withdrawn_on::text
         FROM consent k JOIN landlord l ON l.id = k.landlord_id WHERE k.case_id = $1`,
      [caseId],
    );
    return rows.map((r) => ({
      id: r.id,
      landlordOrgNumber: r.org_number,
      categories: r.categories as ConsentCategory[],
      givenOn: r.given_on,
      validUntil: r.valid_until,
      withdrawnOn: r.withdrawn_on,
    }));
  }

  /** The session's date, for an exchange at a session of the district with that landlord (not a cancelled one). */
  private async requireSessionWith(
    manager: EntityManager,
    actor: Actor,
    sessionId: string,
    landlord: LandlordRow,
    on?: string,
  ): Promise<string> {
    const [session] = await manager.query(
      `SELECT s.id, s."on"::text AS "on", s.status,
              EXISTS (SELECT 1 FROM liaison_session_landlord sl WHERE sl.session_id = s.id AND sl.landlord_id = $3) AS invited
         FROM liaison_session s WHERE s.id = $1 AND s.district_code = $2`,
      [sessionId, actor.district, landlord.id],
    );
    if (!session) throw notFound('liaison session');
    if (!session.invited) throw invalid('sessionId', 'the landlord is not one of the session’s landlords');
    if (session.status === 'cancelled') throw new DomainError('CONFLICT', 'The session was cancelled; nothing was exchanged there.');
    if (on !== undefined && on !== session.on) throw invalid('on', `must be the session’s date (${session.on}), or left out`);
    return session.on;
  }

  /**
   * The district's consents at a glance: filtered by landlord and status (as of today), those still valid that end
   * within 30 days first (soonest first), then the rest, newest first. The status rule is consentStatusToday().
   */
  async list(actor: Actor, query: ListConsentsQuery, today: string = todayInStockholm()): Promise<ConsentListItemView[]> {
    if (query.district !== undefined) assertDistrict(actor, query.district);
    const landlord = query.landlord ? parseLandlordNumber(query.landlord) : undefined;
    if (landlord && !landlord.ok) throw invalid('landlord', 'must be a valid organisationsnummer');
    const rows: Row[] = await this.dataSource.query(
      `SELECT ${CONSENT_COLUMNS},
              (SELECT coalesce(json_agg(t.name ORDER BY t.name), '[]') FROM case_tenant t WHERE t.case_id = k.case_id AND t.name IS NOT NULL) AS names
         FROM consent k JOIN landlord l ON l.id = k.landlord_id
        WHERE k.district_code = $1 AND ($2::text IS NULL OR l.org_number = $2)
        ORDER BY k.given_on DESC, k.created_at DESC`,
      [actor.district, landlord?.ok ? this.keys.landlordKey(landlord.canonical) : null],
    );
    const items = rows
      .map((row): ConsentListItemView => {
        const view = toConsentView(this.keys, row, today);
        const daysLeft = view.status === 'valid' && view.validUntil ? daysBetween(today, view.validUntil) : null;
        return { ...view, tenantNames: row.names, daysLeft, expiringSoon: daysLeft !== null && daysLeft <= EXPIRING_SOON_DAYS };
      })
      .filter((c) => !query.status || c.status === query.status)
      .filter((c) => query.expiringWithinDays === undefined || (c.daysLeft !== null && c.daysLeft <= query.expiringWithinDays));
    const soon = items.filter((c) => c.expiringSoon).sort((a, b) => a.daysLeft! - b.daysLeft!);
    const ordered = [...soon, ...items.filter((c) => !c.expiringSoon)];
    const caseIds = [...new Set(ordered.map((c) => c.caseId))];
    await this.audit.record(actor, { action: 'read', entityType: 'consent', entityIds: ordered.map((c) => c.id), caseIds });
    return ordered;
  }

  private async view(manager: EntityManager, id: string, today: string): Promise<ConsentView> {
    const [row] = await manager.query(`SELECT ${CONSENT_COLUMNS} FROM consent k JOIN landlord l ON l.id = k.landlord_id WHERE k.id = $1`, [
      id,
    ]);
    return toConsentView(this.keys, row, today);
  }
}
