import { Body, Controller, Get, HttpCode, Param, Patch, Post, Put, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { FastifyReply } from 'fastify';
import {
  CreateEvaluationExportDto,
  DecisionStatusDto,
  EvaluationDecisionDto,
  EvaluationDecisionView,
  EvaluationExportCreatedView,
  EvaluationExportsService,
  EvaluationExportView,
  EvaluationService,
  EvaluationTargetsView,
  IndicatorsReportView,
  TargetsDto,
} from '@bosam/evaluation';
import { Actor, Allow, CurrentActor } from '@bosam/platform';

const CODE = { name: 'code', description: "The caller's district; any other answers 404." };
const TERM = { name: 'term', example: '2026-HT', description: 'YYYY-VT (1 January–30 June) or YYYY-HT (1 July–31 December).' };
const EXPORT_ID = { name: 'id', format: 'uuid', description: 'The export; one of another district answers 404.' };
const BINARY = { schema: { type: 'string', format: 'binary' } };

@ApiTags('evaluation')
@ApiBearerAuth()
@Controller('districts/:code/terms/:term')
export class EvaluationController {
  constructor(private readonly evaluation: EvaluationService) {}

  @Put('targets')
  @Allow('coordinator')
  @ApiOperation({ summary: "Set the term's targets (replaces them): indicator, comparator <=, >= or =, value" })
  @ApiParam(CODE)
  @ApiParam(TERM)
  @ApiOkResponse({ type: EvaluationTargetsView })
  setTargets(@CurrentActor() actor: Actor, @Param('code') code: string, @Param('term') term: string, @Body() dto: TargetsDto) {
    return this.evaluation.setTargets(actor, code, term, dto);
  }

  @Get('indicators')
  @Allow('coordinator', 'evaluator')
  @ApiOperation({
    summary: "The term's indicators (aggregates), each target with its actual value and whether it is met, and the decisions",
    description: 'Computed from the district’s records for the term’s Stockholm calendar dates; `definitions` says how each is computed.',
  })
  @ApiParam(CODE)
  @ApiParam(TERM)
  @ApiOkResponse({ type: IndicatorsReportView })
  indicators(@CurrentActor() actor: Actor, @Param('code') code: string, @Param('term') term: string) {
    return this.evaluation.report(actor, code, term);
  }

  @Post('decisions')
  @Allow('coordinator')
  @ApiOperation({ summary: 'Record a decision of the termly evaluation: what, who owns it, by when' })
  @ApiParam(CODE)
  @ApiParam(TERM)
  @ApiCreatedResponse({ type: EvaluationDecisionView })
  addDecision(@CurrentActor() actor: Actor, @Param('code') code: string, @Param('term') term: string, @Body() dto: EvaluationDecisionDto) {
    return this.evaluation.addDecision(actor, code, term, dto);
  }
}

@ApiTags('evaluation')
@ApiBearerAuth()
@Controller('evaluation-decisions')
export class EvaluationDecisionsController {
  constructor(private readonly evaluation: EvaluationService) {}

  @Patch(':id')
  @Allow('coordinator')
  @ApiOperation({
    summary: 'Follow up a decision of a termly evaluation: open, done or dropped',
    description: 'Shown with its status at the next term’s evaluation.',
  })
  @ApiParam({ name: 'id', format: 'uuid', description: 'The decision; one of another district answers 404.' })
  @ApiOkResponse({ type: EvaluationDecisionView })
  setStatus(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: DecisionStatusDto) {
    return this.evaluation.setDecisionStatus(actor, id, dto);
  }
}

@ApiTags('evaluation')
@ApiBearerAuth()
@Controller('evaluation-exports')
export class EvaluationExportsController {
  constructor(private readonly exports: EvaluationExportsService) {}

  @Post()
  @Allow('coordinator', 'evaluator')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Request an evaluation export (xlsx, csv or json): aggregates only, counts 1–4 shown as "<5"',
    description:
      'Built by the worker; follow it with GET /evaluation-exports/{id}. Asked again while one is queued or running: the same id.',
  })
  @ApiAcceptedResponse({ type: EvaluationExportCreatedView })
  request(@CurrentActor() actor: Actor, @Body() dto: CreateEvaluationExportDto) {
    return this.exports.request(actor, dto);
  }

  @Get(':id')
  @Allow('coordinator', 'evaluator')
  @ApiOperation({ summary: 'Where an export stands: status and progress' })
  @ApiParam(EXPORT_ID)
  @ApiOkResponse({ type: EvaluationExportView })
  get(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.exports.get(actor, id);
  }

  @Get(':id/file')
  @Allow('coordinator', 'evaluator')
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'text/csv', 'application/json')
  @ApiOperation({ summary: 'The export file (Swedish labels); 409 CONFLICT while it is not done' })
  @ApiParam(EXPORT_ID)
  @ApiOkResponse({
    description: 'The file, with a Content-Disposition filename such as bosam-utvardering-SKARP-2026-HT.xlsx.',
    content: {
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': BINARY,
      'text/csv': { schema: { type: 'string' } },
      'application/json': { schema: { type: 'object', additionalProperties: true, properties: { term: { type: 'string' } } } },
    },
  })
  async file(@CurrentActor() actor: Actor, @Param('id') id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<Buffer> {
    const file = await this.exports.file(actor, id);
    void reply.header('Content-Type', file.contentType);
    void reply.header('Content-Disposition', `attachment; filename="${file.filename}"`);
    return file.content;
  }
}
