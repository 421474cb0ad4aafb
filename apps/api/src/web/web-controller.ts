import { applyDecorators, Controller, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@bosam/platform';
import { WebErrorFilter } from './web-error.filter';
import { WebGuard } from './web.guard';

/**
 * A controller of the web interface: outside /api/v1 and the OpenAPI document, signed in by the session
 * cookie (WebGuard, instead of the bearer-token guard), roles by the same @Allow, errors as Swedish pages.
 */
export const WebController = (): ClassDecorator =>
  applyDecorators(ApiExcludeController(), Public(), UseGuards(WebGuard), UseFilters(WebErrorFilter), Controller());
