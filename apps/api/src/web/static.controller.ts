import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, Public } from '@bosam/platform';

/** Our stylesheet and script, and htmx, from this origin (the Content-Security-Policy allows 'self' only). */
function locate(name: string): string {
  if (name === 'htmx.min.js') return require.resolve('htmx.org/dist/htmx.min.js');
  // From the sources, also when running the compiled dist/ (the build does not copy them).
  const candidates = [join(__dirname, 'static', name), join(process.cwd(), 'apps/api/src/web/static', name)];
  const found = candidates.find((path) => existsSync(path));
  if (!found) throw new Error(`static file ${name} is missing`);
  return found;
}

const TYPES: Record<string, string> = { css: 'text/css; charset=utf-8', js: 'text/javascript; charset=utf-8' };
const FILES = ['app.css', 'app.js', 'htmx.min.js'];

interface StaticFile {
  body: Buffer;
  type: string;
  etag: string;
}

@ApiExcludeController()
@Public()
@Controller()
export class StaticController {
  private readonly files = new Map<string, StaticFile>(
    FILES.map((name) => {
      const body = readFileSync(locate(name));
      const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 20)}"`;
      return [name, { body, type: TYPES[name.split('.').pop()!], etag }];
    }),
  );

  /** Browsers ask for it on every site; there is none. */
  @Get('favicon.ico')
  favicon(@Res() reply: FastifyReply): void {
    void reply.status(204).header('cache-control', 'max-age=86400').send();
  }

  @Get('static/:file')
  serve(@Param('file') name: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): void {
    const file = this.files.get(name);
    if (!file) throw new DomainError('NOT_FOUND', 'No such file.');
    void reply.header('etag', file.etag).header('cache-control', 'no-cache').header('x-content-type-options', 'nosniff');
    if (request.headers['if-none-match'] === file.etag) {
      void reply.status(304).send();
      return;
    }
    void reply.header('content-type', file.type).send(file.body);
  }
}
