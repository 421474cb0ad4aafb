import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { compareDates } from '@bosam/calendar';
import { parseLandlordNumber } from '@bosam/identity';
import {
  Actor,
  assertDistrict,
  assertUuid,
  AuditService,
  DomainError,
  invalid,
  isUniqueViolation,
  notFound,
  PersonalData,
} from '@bosam/platform';
import {
  CreateDistrictDto,
  CreateLandlordDto,
  CreateLandlordRequestDto,
  CreateMandateDto,
  CreateUnitDto,
  DistrictSettingsDto,
  DistrictView,
  LandlordRequestView,
  LandlordView,
  MandateView,
  UnitView,
  UpdateLandlordDto,
} from './dto';
import { District, Landlord, LandlordRequest, Unit, UnitMandate } from './entities';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const toLandlordView = (keys: PersonalData, landlord: Landlord): LandlordView => ({
  id: landlord.id,
  // A sole trader's personnummer is stored sealed and shown masked like every other personnummer.
  orgNumber: keys.landlordShown(landlord.orgNumber, landlord.orgNumberSealed),
  name: landlord.name,
  municipal: landlord.municipal,
});

/** Districts, units, mandates and landlords: the register every other part stands on. */
@Injectable()
export class SetupService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly keys: PersonalData,
  ) {}

  /** Admins configure any district; everyone else sees only their own. */
  private scope(actor: Actor, code: string): void {
    if (actor.role !== 'admin') assertDistrict(actor, code);
  }

  async createDistrict(actor: Actor, dto: CreateDistrictDto): Promise<DistrictView> {
    try {
      await this.dataSource.transaction(async (manager) => {
        await manager.getRepository(District).insert({ code: dto.code, name: dto.name });
        await this.audit.record(actor, { action: 'create', entityType: 'district', entityIds: [dto.code] }, manager);
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new DomainError('CONFLICT', `District ${dto.code} exists already.`);
      throw error;
    }
    return { code: dto.code, name: dto.name, unitRepsMayClose: false };
  }

  async listDistricts(actor: Actor): Promise<DistrictView[]> {
    const repo = this.dataSource.getRepository(District);
    const rows =
      actor.role === 'admin' ? await repo.find({ order: { code: 'ASC' } }) : await repo.find({ where: { code: actor.district } });
    return rows.map(({ code, name, unitRepsMayClose }) => ({ code, name, unitRepsMayClose }));
  }

  /** The district's settings (today: whether unit representatives may close cases). */
  async updateSettings(actor: Actor, code: string, dto: DistrictSettingsDto): Promise<DistrictView> {
    const district = await this.requireDistrict(actor, code);
    return this.dataSource.transaction(async (manager) => {
      await manager.query('UPDATE district SET unit_reps_may_close = $2 WHERE code = $1', [district.code, dto.unitRepsMayClose]);
      await this.audit.record(actor, { action: 'update', entityType: 'district', entityIds: [] }, manager);
      return { code: district.code, name: district.name, unitRepsMayClose: dto.unitRepsMayClose };
    });
  }

  async requireDistrict(actor: Actor, code: string): Promise<District> {
    this.scope(actor, code);
    const district = await this.dataSource.getRepository(District).findOneBy({ code });
    if (!district) throw notFound('district');
    return district;
  }

  async createUnit(actor: Actor, districtCode: string, dto: CreateUnitDto): Promise<UnitView> {
    await this.requireDistrict(actor, districtCode);
    try {
      return await this.dataSource.transaction(async (manager) => {
        const unit = await manager.getRepository(Unit).save({ districtCode, code: dto.code, name: dto.name });
        await this.audit.record(actor, { action: 'create', entityType: 'unit', entityIds: [unit.id] }, manager);
        return { id: unit.id, district: districtCode, code: unit.code, name: unit.name };
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new DomainError('CONFLICT', `Unit ${dto.code} exists already in ${districtCode}.`);
      throw error;
    }
  }

  async listUnits(actor: Actor, districtCode: string): Promise<UnitView[]> {
    this.scope(actor, districtCode);
    // A hot read (every page of a unit representative): the district and its units in one round trip,
    // as plain rows (no entities built). No unit: one row with nulls; no district: no row.
    const rows: Array<{ id: string | null; code: string | null; name: string | null }> = await this.dataSource.query(
      `SELECT u.id, u.code, u.name
         FROM district d LEFT JOIN unit u ON u.district_code = d.code
        WHERE d.code = $1
        ORDER BY u.code`,
      [districtCode],
    );
    if (rows.length === 0) throw notFound('district');
    return rows.filter((u) => u.id !== null).map((u) => ({ id: u.id!, district: districtCode, code: u.code!, name: u.name! }));
  }

  async requireUnit(actor: Actor, districtCode: string, unitCode: string): Promise<Unit> {
    await this.requireDistrict(actor, districtCode);
    const unit = await this.dataSource.getRepository(Unit).findOneBy({ districtCode, code: unitCode });
    if (!unit) throw notFound('unit');
    return unit;
  }

  async createMandate(actor: Actor, districtCode: string, unitCode: string, dto: CreateMandateDto): Promise<MandateView> {
    const unit = await this.requireUnit(actor, districtCode, unitCode);
    if (dto.validUntil && compareDates(dto.validUntil, dto.validFrom) < 0) {
      throw invalid('validUntil', 'must not be before validFrom');
    }
    return this.dataSource.transaction(async (manager) => {
      const mandate = await manager.getRepository(UnitMandate).save({
        unitId: unit.id,
        person: dto.person,
        validFrom: dto.validFrom,
        validUntil: dto.validUntil ?? null,
      });
      await this.audit.record(actor, { action: 'create', entityType: 'unit_mandate', entityIds: [mandate.id] }, manager);
      return { id: mandate.id, unit: unit.code, person: mandate.person, validFrom: mandate.validFrom, validUntil: mandate.validUntil };
    });
  }

  async listMandates(actor: Actor, districtCode: string, unitCode: string): Promise<MandateView[]> {
    const unit = await this.requireUnit(actor, districtCode, unitCode);
    const rows = await this.dataSource.getRepository(UnitMandate).find({ where: { unitId: unit.id }, order: { validFrom: 'DESC' } });
    await this.audit.record(actor, { action: 'read', entityType: 'unit_mandate', entityIds: rows.map((m) => m.id) });
    return rows.map((m) => ({ id: m.id, unit: unit.code, person: m.person, validFrom: m.validFrom, validUntil: m.validUntil }));
  }

  async createLandlord(actor: Actor, dto: CreateLandlordDto): Promise<LandlordView> {
    const parsed = parseLandlordNumber(dto.orgNumber);
    if (!parsed.ok) throw invalid('orgNumber', 'must be a valid organisationsnummer');
    try {
      return await this.dataSource.transaction(async (manager) => {
        const landlord = await manager.getRepository(Landlord).save({
          orgNumber: this.keys.landlordKey(parsed.canonical),
          orgNumberSealed: this.keys.sealLandlord(parsed.canonical),
          name: dto.name,
          municipal: dto.municipal ?? false,
        });
        await this.audit.record(actor, { action: 'create', entityType: 'landlord', entityIds: [landlord.id] }, manager);
        return toLandlordView(this.keys, landlord);
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new DomainError('CONFLICT', 'A landlord with this organisationsnummer exists already.');
      throw error;
    }
  }

  /** Admin only: the name and kind every district sees. */
  async updateLandlord(actor: Actor, orgNumber: string, dto: UpdateLandlordDto): Promise<LandlordView> {
    const parsed = parseLandlordNumber(orgNumber);
    if (!parsed.ok) throw notFound('landlord');
    if (dto.name === undefined && dto.municipal === undefined) throw invalid('name', 'give a name or municipal (or both)');
    return this.dataSource.transaction(async (manager) => {
      const landlord = await manager
        .getRepository(Landlord)
        .findOne({ where: { orgNumber: this.keys.landlordKey(parsed.canonical) }, lock: { mode: 'pessimistic_write' } });
      if (!landlord) throw notFound('landlord');
      if (dto.name !== undefined) landlord.name = dto.name;
      if (dto.municipal !== undefined) landlord.municipal = dto.municipal;
      await manager.getRepository(Landlord).save(landlord);
      await this.audit.record(actor, { action: 'update', entityType: 'landlord', entityIds: [landlord.id] }, manager);
      return toLandlordView(this.keys, landlord);
    });
  }

  /** A coordinator asks for a landlord to be added to the shared register, or renamed; an admin decides. */
  async requestLandlord(actor: Actor, dto: CreateLandlordRequestDto): Promise<LandlordRequestView> {
    const parsed = parseLandlordNumber(dto.orgNumber);
    if (!parsed.ok) throw invalid('orgNumber', 'must be a valid organisationsnummer');
    return this.dataSource.transaction(async (manager) => {
      const request = await manager.getRepository(LandlordRequest).save({
        orgNumber: this.keys.landlordKey(parsed.canonical),
        orgNumberSealed: this.keys.sealLandlord(parsed.canonical),
        name: dto.name,
        municipal: dto.municipal ?? null,
        districtCode: actor.district,
        requestedBy: actor.sub,
        status: 'pending' as const,
      });
      await this.audit.record(actor, { action: 'create', entityType: 'landlord_request', entityIds: [request.id] }, manager);
      return this.requestView(manager, request);
    });
  }

  /** Admins see every district's requests; a coordinator their own district's. */
  async listLandlordRequests(actor: Actor, status?: 'pending' | 'accepted' | 'rejected'): Promise<LandlordRequestView[]> {
    const where = { ...(status ? { status } : {}), ...(actor.role === 'admin' ? {} : { districtCode: actor.district }) };
    const rows = await this.dataSource.getRepository(LandlordRequest).find({ where, order: { requestedAt: 'DESC' }, take: 500 });
    const views: LandlordRequestView[] = [];
    for (const row of rows) views.push(await this.requestView(this.dataSource.manager, row));
    return views;
  }

  /** Accepting adds the landlord to the register, or renames it: the admin sets the name every district sees. */
  async decideLandlordRequest(actor: Actor, id: string, accept: boolean): Promise<LandlordRequestView> {
    const requestId = assertUuid(id, 'landlord request');
    return this.dataSource.transaction(async (manager) => {
      const request = await manager
        .getRepository(LandlordRequest)
        .findOne({ where: { id: requestId }, lock: { mode: 'pessimistic_write' } });
      if (!request) throw notFound('landlord request');
      if (request.status !== 'pending') throw new DomainError('CONFLICT', `The request is ${request.status} already.`);
      if (accept) {
        const repo = manager.getRepository(Landlord);
        const existing = await repo.findOne({ where: { orgNumber: request.orgNumber }, lock: { mode: 'pessimistic_write' } });
        const landlord =
          existing ??
          repo.create({ orgNumber: request.orgNumber, orgNumberSealed: request.orgNumberSealed, municipal: request.municipal ?? false });
        landlord.name = request.name;
        if (request.municipal !== null) landlord.municipal = request.municipal;
        await repo.save(landlord);
        await this.audit.record(
          actor,
          { action: existing ? 'update' : 'create', entityType: 'landlord', entityIds: [landlord.id] },
          manager,
        );
      }
      request.status = accept ? 'accepted' : 'rejected';
      request.decidedBy = actor.sub;
      request.decidedAt = new Date();
      await manager.getRepository(LandlordRequest).save(request);
      await this.audit.record(
        actor,
        { action: 'update', entityType: 'landlord_request', entityIds: [request.id], reason: request.status },
        manager,
      );
      return this.requestView(manager, request);
    });
  }

  private async requestView(manager: EntityManager, request: LandlordRequest): Promise<LandlordRequestView> {
    const registered = (await manager.getRepository(Landlord).countBy({ orgNumber: request.orgNumber })) > 0;
    return {
      id: request.id,
      orgNumber: this.keys.landlordShown(request.orgNumber, request.orgNumberSealed),
      name: request.name,
      municipal: request.municipal,
      district: request.districtCode,
      requestedBy: request.requestedBy,
      requestedAt: new Date(request.requestedAt).toISOString(),
      status: request.status,
      decidedBy: request.decidedBy,
      decidedAt: request.decidedAt ? new Date(request.decidedAt).toISOString() : null,
      registered,
    };
  }

  async listLandlords(): Promise<LandlordView[]> {
    const rows = await this.dataSource.getRepository(Landlord).find({ order: { name: 'ASC' } });
    return rows.map((row) => toLandlordView(this.keys, row));
  }

  /**
   * A landlord chosen in a web form, as a number the services take: forms round-trip a known landlord by
   * its id (a sole trader's number is only ever shown masked); anything else is passed on as typed.
   */
  async landlordNumberFor(choice: string): Promise<string> {
    if (!UUID.test(choice)) return choice;
    const landlord = await this.dataSource.getRepository(Landlord).findOneBy({ id: choice.toLowerCase() });
    return landlord ? this.keys.landlordNumber(landlord.orgNumber, landlord.orgNumberSealed) : choice;
  }

  /** The landlord of an organisationsnummer in any written form, or undefined. */
  async findLandlord(orgNumber: string): Promise<Landlord | undefined> {
    const parsed = parseLandlordNumber(orgNumber);
    if (!parsed.ok) return undefined;
    return (await this.dataSource.getRepository(Landlord).findOneBy({ orgNumber: this.keys.landlordKey(parsed.canonical) })) ?? undefined;
  }
}
