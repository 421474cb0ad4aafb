import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Actor, Allow, CurrentActor } from '@bosam/platform';
import {
  CreateDistrictDto, CreateLandlordDto, DistrictSettingsDto, CreateMandateDto, CreateUnitDto, DistrictView, LandlordView, MandateView, SetupService, UnitView,
} from '@bosam/setup';

@ApiTags('set-up')
@ApiBearerAuth()
@Controller()
export class SetupController {
  constructor(private readonly setup: SetupService) {}

  @Post('districts')
  @Allow('admin')
  @ApiCreatedResponse({ type: DistrictView })
  createDistrict(@CurrentActor() actor: Actor, @Body() dto: CreateDistrictDto): Promise<DistrictView> {
    return this.setup.createDistrict(actor, dto);
  }

  @Get('districts')
  @Allow('admin', 'coordinator', 'unit_rep', 'evaluator', 'auditor')
  @ApiOkResponse({ type: [DistrictView] })
  listDistricts(@CurrentActor() actor: Actor): Promise<DistrictView[]> {
    return this.setup.listDistricts(actor);
  }

  @Patch('districts/:code/settings')
  @Allow('admin', 'coordinator')
  @ApiOkResponse({ type: DistrictView })
  updateSettings(@CurrentActor() actor: Actor, @Param('code') code: string, @Body() dto: DistrictSettingsDto): Promise<DistrictView> {
    return this.setup.updateSettings(actor, code, dto);
  }

  @Post('districts/:code/units')
  @Allow('admin', 'coordinator')
  @ApiCreatedResponse({ type: UnitView })
  createUnit(@CurrentActor() actor: Actor, @Param('code') code: string, @Body() dto: CreateUnitDto): Promise<UnitView> {
    return this.setup.createUnit(actor, code, dto);
  }

  @Get('districts/:code/units')
  @Allow('admin', 'coordinator', 'unit_rep', 'evaluator')
  @ApiOkResponse({ type: [UnitView] })
  listUnits(@CurrentActor() actor: Actor, @Param('code') code: string): Promise<UnitView[]> {
    return this.setup.listUnits(actor, code);
  }

  @Post('districts/:code/units/:unit/mandates')
  @Allow('admin', 'coordinator')
  @ApiCreatedResponse({ type: MandateView })
  createMandate(
    @CurrentActor() actor: Actor,
    @Param('code') code: string,
    @Param('unit') unit: string,
    @Body() dto: CreateMandateDto,
  ): Promise<MandateView> {
    return this.setup.createMandate(actor, code, unit, dto);
  }

  @Get('districts/:code/units/:unit/mandates')
  @Allow('admin', 'coordinator', 'unit_rep')
  @ApiOkResponse({ type: [MandateView] })
  listMandates(@CurrentActor() actor: Actor, @Param('code') code: string, @Param('unit') unit: string): Promise<MandateView[]> {
    return this.setup.listMandates(actor, code, unit);
  }

  @Post('landlords')
  @Allow('admin', 'coordinator')
  @ApiCreatedResponse({ type: LandlordView })
  createLandlord(@CurrentActor() actor: Actor, @Body() dto: CreateLandlordDto): Promise<LandlordView> {
    return this.setup.createLandlord(actor, dto);
  }

  @Get('landlords')
  @Allow('admin', 'coordinator', 'unit_rep', 'evaluator')
  @ApiOkResponse({ type: [LandlordView] })
  listLandlords(): Promise<LandlordView[]> {
    return this.setup.listLandlords();
  }
}
