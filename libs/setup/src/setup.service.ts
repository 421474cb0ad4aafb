import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { compareDates } from '@bosam/calendar';
import { landlordNumberDisplay, parseLandlordNumber } from '@bosam/identity';
import { Actor, assertDistrict, AuditService, DomainError, invalid, notFound } from '@bosam/platform';
import { CreateDistrictDto, CreateLandlordDto, CreateMandateDto, CreateUnitDto, DistrictSettingsDto, DistrictView, LandlordView, MandateView, UnitView } from './dto';
import { District, Landlord, Unit, UnitMandate } from './entities';

const isUniqueViolation = (error: unknown): boolean => (error as { code?: string })?.code === '23505';

export const toLandlordView = (landlord: Landlord): LandlordView => ({
  id: landlord.id,
  // A sole trader's personnummer is masked like every other personnummer.
  orgNumber: landlordNumberDisplay(landlord.orgNumber),
  name: landlord.name,
  municipal: landlord.municipal,
});

/** Districts, units, mandates and landlords: the register every other part stands on. */
@Injectable()
export class SetupService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** Admins configure any district; everyone else sees only their own. */
  private scope(actor: Actor, code: string): void {
    if (actor.role !== 'admin') assertDistrict(actor, code);
  }

  async createDistrict(actor: Actor, dto: CreateDistrictDto): Promise<DistrictView> {
    try {
      await this.dataSource.getRepository(District).insert({ code: dto.code, name: dto.name });
    } catch (error) {
      if (isUniqueViolation(error)) throw new DomainError('CONFLICT', `District ${dto.code} exists already.`);
      throw error;
    }
    return { code: dto.code, name: dto.name, unitRepsMayClose: false };
  }

  async listDistricts(actor: Actor): Promise<DistrictView[]> {
    const repo = this.dataSource.getRepository(District);
    const rows = actor.role === 'admin'
      ? await repo.find({ order: { code: 'ASC' } })
      : await repo.find({ where: { code: actor.district } });
    return rows.map(({ code, name, unitRepsMayClose }) => ({ code, name, unitRepsMayClose }));
  }

  /** The district's settings (today: whether unit representatives may close cases). */
  async updateSettings(actor: Actor, code: string, dto: DistrictSettingsDto): Promise<DistrictView> {
    const district = await this.requireDistrict(actor, code);
    return this.dataSource.transaction(async (manager) => {
      await manager.query('UPDATE district SET unit_reps_may_close = $2 WHERE code = $1', [district.code, dto.unitRepsMayClose]);
      await this.audit.record(actor, { action: 'update', entityType: 'district', entityIds: [], route: 'PATCH /districts/{code}/settings' }, manager);
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
      const unit = await this.dataSource.getRepository(Unit).save({ districtCode, code: dto.code, name: dto.name });
      return { id: unit.id, district: districtCode, code: unit.code, name: unit.name };
    } catch (error) {
      if (isUniqueViolation(error)) throw new DomainError('CONFLICT', `Unit ${dto.code} exists already in ${districtCode}.`);
      throw error;
    }
  }

  async listUnits(actor: Actor, districtCode: string): Promise<UnitView[]> {
    await this.requireDistrict(actor, districtCode);
    const units = await this.dataSource.getRepository(Unit).find({ where: { districtCode }, order: { code: 'ASC' } });
    return units.map((u) => ({ id: u.id, district: districtCode, code: u.code, name: u.name }));
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
    const rows = await this.dataSource
      .getRepository(UnitMandate)
      .find({ where: { unitId: unit.id }, order: { validFrom: 'DESC' } });
    await this.audit.record(actor, { action: 'read', entityType: 'unit_mandate', entityIds: rows.map((m) => m.id) });
    return rows.map((m) => ({ id: m.id, unit: unit.code, person: m.person, validFrom: m.validFrom, validUntil: m.validUntil }));
  }

  async createLandlord(actor: Actor, dto: CreateLandlordDto): Promise<LandlordView> {
    const parsed = parseLandlordNumber(dto.orgNumber);
    if (!parsed.ok) throw invalid('orgNumber', 'must be a valid organisationsnummer');
    try {
      const landlord = await this.dataSource
        .getRepository(Landlord)
        .save({ orgNumber: parsed.canonical, name: dto.name, municipal: dto.municipal ?? false });
      return toLandlordView(landlord);
    } catch (error) {
      if (isUniqueViolation(error)) throw new DomainError('CONFLICT', 'A landlord with this organisationsnummer exists already.');
      throw error;
    }
  }

  async listLandlords(): Promise<LandlordView[]> {
    const rows = await this.dataSource.getRepository(Landlord).find({ order: { name: 'ASC' } });
    return rows.map(toLandlordView);
  }

  /** The landlord of an organisationsnummer in any written form, or undefined. */
  async findLandlord(orgNumber: string): Promise<Landlord | undefined> {
    const parsed = parseLandlordNumber(orgNumber);
    if (!parsed.ok) return undefined;
    return (await this.dataSource.getRepository(Landlord).findOneBy({ orgNumber: parsed.canonical })) ?? undefined;
  }
}
