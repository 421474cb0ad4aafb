import { Get, Param, Query, Req, Res } from '@nestjs/common';
import { FastifyReply } from 'fastify';
import { ImportsService, RejectionsQuery } from '@bosam/imports';
import { Allow } from '@bosam/platform';
import { formErrors, validateAs } from './forms';
import { sendPage } from './page';
import { ImportRejectionsPage, REJECTIONS_PER_PAGE } from './pages/import-rejections';
import { WebRequest } from './request';
import { WebController } from './web-controller';

/** An import's report beyond the first hundred rejections its status carries. */
@WebController()
export class ImportsReportController {
  constructor(private readonly imports: ImportsService) {}

  /** ImportsService.rejections, as GET /notification-imports/{id}/rejections?offset=&limit=; "fran" counts from 1. */
  @Get('underrattelser/inlasningar/:id/avvisade')
  @Allow('coordinator')
  async rejections(
    @Req() request: WebRequest,
    @Param('id') id: string,
    @Query('fran') fromParam: unknown,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const imp = await this.imports.get(request.actor, id);
    const from = typeof fromParam === 'string' && fromParam.trim() !== '' ? fromParam.trim() : '1';
    const title = { title: 'Avvisade rader', current: '/underrattelser/ny' };
    const number = /^\d{1,12}$/.test(from) ? Number(from) : 0;
    const refuse = (message: string) =>
      sendPage(request, reply, { ...title, status: 400 }, <ImportRejectionsPage imp={imp} from={from} error={message} />);
    if (number < 1) return refuse('Ange ett heltal från 1.');
    try {
      const query = await validateAs(RejectionsQuery, { offset: number - 1, limit: REJECTIONS_PER_PAGE });
      const page = await this.imports.rejections(request.actor, id, query.offset, query.limit);
      sendPage(request, reply, title, <ImportRejectionsPage imp={imp} page={page} from={from} />);
    } catch (error) {
      const errors = formErrors(error);
      if (!errors) throw error;
      refuse(Object.values(errors)[0]);
    }
  }
}
