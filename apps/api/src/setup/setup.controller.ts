import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, Allow, CurrentActor } from '@bosam/platform';
import {
  CreateDistrictDto,
  CreateLandlordDto,
  CreateLandlordRequestDto,
  CreateMandateDto,
  CreateUnitDto,
  DistrictSettingsDto,
  DistrictView,
  LandlordRequestQuery,
  LandlordRequestView,
  LandlordView,
  MandateView,
  SetupService,
  UnitView,
  UpdateLandlordDto,
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

  // The register is shared by every district: only an admin sets the names the others see.
  // A coordinator asks through POST /landlord-requests.
  @Post('landlords')
  @Allow('admin')
  @ApiOperation({ summary: 'Adds a landlord to the shared register (admin; coordinators send a landlord request)' })
  @ApiCreatedResponse({ type: LandlordView })
  createLandlord(@CurrentActor() actor: Actor, @Body() dto: CreateLandlordDto): Promise<LandlordView> {
    return this.setup.createLandlord(actor, dto);
  }

  @Patch('landlords/:orgNumber')
  @Allow('admin')
  @ApiOperation({ summary: 'Renames a landlord of the shared register, or changes whether it is municipal (admin)' })
  @ApiOkResponse({ type: LandlordView })
  updateLandlord(
    @CurrentActor() actor: Actor,
    @Param('orgNumber') orgNumber: string,
    @Body() dto: UpdateLandlordDto,
  ): Promise<LandlordView> {
    return this.setup.updateLandlord(actor, orgNumber, dto);
  }

  @Post('landlord-requests')
  @Allow('coordinator')
  @ApiOperation({ summary: 'Asks an admin to add a landlord to the shared register, or to rename one' })
  @ApiCreatedResponse({ type: LandlordRequestView })
  requestLandlord(@CurrentActor() actor: Actor, @Body() dto: CreateLandlordRequestDto): Promise<LandlordRequestView> {
    return this.setup.requestLandlord(actor, dto);
  }

  @Get('landlord-requests')
  @Allow('admin', 'coordinator')
  @ApiOperation({ summary: "Landlord requests, newest first: every district's for an admin, the own district's for a coordinator" })
  @ApiOkResponse({ type: [LandlordRequestView] })
  listLandlordRequests(@CurrentActor() actor: Actor, @Query() { status }: LandlordRequestQuery): Promise<LandlordRequestView[]> {
    return this.setup.listLandlordRequests(actor, status);
  }

  @Post('landlord-requests/:id/accept')
  @HttpCode(200)
  @Allow('admin')
  @ApiOperation({ summary: 'Accepts a landlord request: the landlord is added, or renamed, for every district' })
  @ApiOkResponse({ type: LandlordRequestView })
  acceptLandlordRequest(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<LandlordRequestView> {
    return this.setup.decideLandlordRequest(actor, id, true);
  }

  @Post('landlord-requests/:id/reject')
  @HttpCode(200)
  @Allow('admin')
  @ApiOperation({ summary: 'Rejects a landlord request; the register stays as it is' })
  @ApiOkResponse({ type: LandlordRequestView })
  rejectLandlordRequest(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<LandlordRequestView> {
    return this.setup.decideLandlordRequest(actor, id, false);
  }

  @Get('landlords')
  @Allow('admin', 'coordinator', 'unit_rep', 'evaluator')
  @ApiOkResponse({ type: [LandlordView] })
  listLandlords(): Promise<LandlordView[]> {
    return this.setup.listLandlords();
  }
}
