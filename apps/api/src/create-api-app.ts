import { randomUUID } from 'node:crypto';
import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { LoggerService, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import { FastifyReply, FastifyRequest } from 'fastify';
import {
  AuditService,
  BosamConfig,
  checkJsonBody,
  createValidationPipe,
  DomainError,
  invalidFields,
  JsonLogger,
  jsonProblems,
  sendProblem,
  toProblem,
} from '@bosam/platform';
import { ApiModule } from './api.module';
import { buildOpenApiDocument } from './openapi';
import { registerSecurityHeaders, securityHeadersOn } from './security-headers';
import { webRoutes } from './web';

const CORRELATION_ID = /^[A-Za-z0-9._-]{1,100}$/;

/** Builds the HTTP application (not listening yet): used by main.ts, the launcher and the tests. */
export async function createApiApp(
  config: BosamConfig,
  logger?: LoggerService,
  extraImports: Type[] = [],
): Promise<NestFastifyApplication> {
  const log = logger ?? new JsonLogger(config.logLevel);
  const adapter = new FastifyAdapter({
    bodyLimit: config.bodyLimitBytes,
    // A client that stalls (slow headers, a body that stops arriving) is cut off instead of holding a
    // socket, a request and whatever it waits for: silent sockets after httpIdleTimeoutMs (between
    // requests too, and clients are told so in Keep-Alive), headers and whole requests after their own
    // limits (checked every second, not every 30 s as Node does by default). See also onRequest below.
    connectionTimeout: config.httpIdleTimeoutMs,
    keepAliveTimeout: config.httpIdleTimeoutMs,
    requestTimeout: config.httpRequestTimeoutMs,
    http: { headersTimeout: config.httpHeadersTimeoutMs, connectionsCheckingInterval: 1000 },
    logger: false,
    requestIdHeader: false,
    genReqId: (request: { headers: Record<string, string | string[] | undefined> }) => {
      const given = request.headers['x-correlation-id'];
      return typeof given === 'string' && CORRELATION_ID.test(given) ? given : randomUUID();
    },
    // The router's own refusals (a path parameter over 100 characters, a malformed URL) as problems too,
    // without echoing the URL. No id or code is that long, so such a parameter names nothing: 404.
    frameworkErrors: (error: Error & { code?: string }, request: FastifyRequest, reply: FastifyReply) => {
      const known = error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? new DomainError('NOT_FOUND', 'No such resource.') : error;
      securityHeadersOn(request.raw, reply.raw);
      sendProblem(reply, toProblem(known, String(request.id)));
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(ApiModule.forRoot(config, extraImports), adapter, {
    logger: log,
    abortOnError: false,
  });
  try {
    await configure(app, config, log);
    return app;
  } catch (error) {
    // A start that fails part-way closes what it opened (the pool, the queues) before rethrowing.
    await app.close().catch(() => undefined);
    throw error;
  }
}

async function configure(app: NestFastifyApplication, config: BosamConfig, log: LoggerService): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  await registerSecurityHeaders(app);
  // JSON bodies: nesting is counted before parsing, then every array's size and every text is
  // checked, all before class-validator sees the body (config: JSON_MAX_DEPTH, JSON_MAX_ARRAY_ITEMS).
  const limits = { maxDepth: config.jsonMaxDepth, maxArrayItems: config.jsonMaxArrayItems };
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  app.useBodyParser('application/json', { bodyLimit: config.bodyLimitBytes }, (request, body, done) => {
    const text = body.toString('utf8');
    const tooDeep = checkJsonBody(text, limits);
    if (tooDeep) return done(tooDeep, undefined);
    void parseJson(request as never, text, (error: Error | null, parsed?: unknown) => {
      if (error) return done(error, undefined);
      const problems = jsonProblems(parsed, limits);
      return problems.length ? done(invalidFields(problems), undefined) : done(null, parsed);
    });
  });
  await app.register(cookie as never);
  await app.register(multipart as never, { limits: { fileSize: config.importMaxBytes, files: 1, fields: 20 } });

  // Node resets a socket that stays silent for the idle timeout even when the request has fully arrived
  // and the server is still working on the answer (a busy database, a long agenda): the client then gets
  // no answer at all. Silence is the client's fault only while its request is still arriving or its
  // answer waits to leave; otherwise the server keeps working, up to the whole request's time limit.
  // (On the raw server, ahead of Fastify's own listener: from the first moment of every request.)
  app.getHttpServer().prependListener('request', (request: IncomingMessage, response: ServerResponse) => {
    const started = Date.now();
    response.on('timeout', (socket: Socket) => {
      const clientStalled = !request.complete || socket.writableLength > 0;
      if (clientStalled || Date.now() - started >= config.httpRequestTimeoutMs) socket.destroy();
      else socket.setTimeout(config.httpIdleTimeoutMs);
    });
  });
  fastify.addHook('onSend', async (request, reply) => {
    reply.header('x-correlation-id', request.id);
  });
  fastify.addHook('onResponse', async (request, reply) => {
    // Route patterns only: ids in URLs are uuids, and no personal data is ever in a URL.
    if (config.logLevel === 'debug' || reply.statusCode >= 500) {
      (log as JsonLogger).info?.('request', {
        method: request.method,
        route: request.routeOptions?.url ?? 'unknown',
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
        correlationId: request.id,
      });
    }
  });

  // The web interface (pages, sign-in, static files) lives at the root, outside /api/v1.
  app.setGlobalPrefix('api/v1', { exclude: ['health/live', 'health/ready', ...webRoutes()] });
  app.useGlobalPipes(createValidationPipe());

  const document = buildOpenApiDocument(app);
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json', useGlobalPrefix: false });
  await app.init();
  await fastify.ready();
  // Seals the audit entries requests append (every process does, so an API-only deployment too).
  app.get(AuditService).startSealing();
}
