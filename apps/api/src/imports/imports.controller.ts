import { Controller, Get, Header, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { FastifyRequest } from 'fastify';
import { MultipartFile, MultipartValue } from '@fastify/multipart';
import {
  ImportCreatedView,
  ImportsService,
  importTemplateCsv,
  ImportView,
  RejectionsPageView,
  RejectionsQuery,
  UploadPart,
} from '@bosam/imports';
import { Actor, Allow, CurrentActor, DomainError, invalid } from '@bosam/platform';

type MultipartRequest = FastifyRequest & { isMultipart(): boolean; parts(): AsyncIterableIterator<MultipartFile | MultipartValue> };

/** The multipart plugin's errors as problems: too large is 413, anything else malformed. */
function multipartError(error: unknown): unknown {
  const code = (error as { code?: string }).code ?? '';
  if (code === 'FST_REQ_FILE_TOO_LARGE') return new DomainError('PAYLOAD_TOO_LARGE', 'The file is larger than the configured limit.');
  if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') {
    return invalid('file', 'send one file, with the fields district, mode and dryRun');
  }
  if (code.startsWith('FST_')) return new DomainError('MALFORMED_FILE', 'The upload is not a valid multipart/form-data request.');
  return error;
}

/** Fastify's multipart parts as the upload service reads them, in the order they arrive. */
async function* uploadParts(request: MultipartRequest): AsyncGenerator<UploadPart> {
  try {
    for await (const part of request.parts()) {
      if (part?.type === 'field') {
        yield { kind: 'field', name: part.fieldname, value: typeof part.value === 'string' ? part.value : String(part.value) };
      } else if (part?.type !== 'file') {
        // What the plugin hands over when the client goes away in the middle of the body.
        throw new DomainError('MALFORMED_FILE', 'The upload ended before it was complete.');
      } else {
        const file = part.file as MultipartFile['file'] & { truncated: boolean };
        yield { kind: 'file', name: part.fieldname, filename: part.filename, stream: file, truncated: () => file.truncated };
      }
    }
  } catch (error) {
    throw multipartError(error);
  }
}

@ApiTags('intake')
@ApiBearerAuth()
@Controller('notification-imports')
export class ImportsController {
  constructor(private readonly imports: ImportsService) {}

  @Post()
  @Allow('coordinator')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Upload a notification file (CSV) for import',
    description:
      'multipart/form-data with `file`, `district` (the caller’s), `mode` (`valid_rows`, default, or `all_or_nothing`) and `dryRun` ' +
      '(`true`/`false`). The file is processed by the worker; follow it with GET /notification-imports/{id}. Over IMPORT_MAX_BYTES: ' +
      '413 PAYLOAD_TOO_LARGE. A file that is not CSV, or whose header names unknown columns or misses required ones: 400.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file', 'district'],
      properties: {
        file: { type: 'string', format: 'binary' },
        district: { type: 'string', example: 'SKARP' },
        mode: { type: 'string', enum: ['valid_rows', 'all_or_nothing'], default: 'valid_rows' },
        dryRun: { type: 'boolean', default: false },
      },
    },
  })
  @ApiAcceptedResponse({ type: ImportCreatedView })
  async upload(@CurrentActor() actor: Actor, @Req() request: FastifyRequest): Promise<ImportCreatedView> {
    const multipart = request as MultipartRequest;
    if (typeof multipart.isMultipart !== 'function' || !multipart.isMultipart()) {
      throw new DomainError(
        'UNSUPPORTED_MEDIA_TYPE',
        'Send the file as multipart/form-data with the fields file, district, mode and dryRun.',
      );
    }
    try {
      return await this.imports.upload(actor, uploadParts(multipart));
    } catch (error) {
      throw multipartError(error);
    }
  }

  // Declared before :id, which it would otherwise match.
  @Get('template.csv')
  @Allow('coordinator', 'admin')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="underrattelser-mall.csv"')
  @ApiProduces('text/csv')
  @ApiOperation({ summary: 'The notification file template: the columns, and one example row (semicolons, UTF-8 with BOM)' })
  @ApiOkResponse({ description: 'A CSV file with a header row.', content: { 'text/csv': { schema: { type: 'string' } } } })
  template(): string {
    return importTemplateCsv();
  }

  @Get(':id')
  @Allow('coordinator')
  @ApiOperation({ summary: 'Where an import stands: status, progress, counts and the first rejected rows' })
  @ApiOkResponse({ type: ImportView })
  get(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<ImportView> {
    return this.imports.get(actor, id);
  }

  @Get(':id/rejections')
  @Allow('coordinator')
  @ApiOperation({ summary: 'The rejected rows of an import, a page at a time (offset, limit up to 1000), in the order they were found' })
  @ApiOkResponse({ type: RejectionsPageView })
  rejections(@CurrentActor() actor: Actor, @Param('id') id: string, @Query() query: RejectionsQuery): Promise<RejectionsPageView> {
    return this.imports.rejections(actor, id, query.offset, query.limit);
  }
}
