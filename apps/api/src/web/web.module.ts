import { Module, RequestMethod, Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { CasesModule } from '@bosam/cases';
import { EvaluationModule } from '@bosam/evaluation';
import { ImportsModule } from '@bosam/imports';
import { IntakeModule } from '@bosam/intake';
import { LandlordsModule } from '@bosam/landlords';
import { MeetingsModule } from '@bosam/meetings';
import { SetupModule } from '@bosam/setup';
import { AuthController } from './auth.controller';
import { CasesPagesController } from './cases.controller';
import { HomeController } from './home.controller';
import { ImportsReportController } from './imports-report.controller';
import { LandlordsSetupController } from './landlords-setup.controller';
import { MeetingsPagesController } from './meetings.controller';
import { OidcService } from './oidc.service';
import { SessionService } from './session.service';
import { StaticController } from './static.controller';
import { WebGuard } from './web.guard';

export const WEB_CONTROLLERS: Type[] = [
  StaticController,
  AuthController,
  HomeController,
  MeetingsPagesController,
  CasesPagesController,
  LandlordsSetupController,
  ImportsReportController,
];

/** The web interface: pages over the same services as the API's controllers. */
@Module({
  imports: [SetupModule, IntakeModule, CasesModule, MeetingsModule, ImportsModule, LandlordsModule, EvaluationModule],
  controllers: WEB_CONTROLLERS,
  providers: [SessionService, OidcService, WebGuard],
})
export class WebModule {}

/** Every route of the web interface, to keep it outside the API's /api/v1 prefix. */
export function webRoutes(): Array<{ path: string; method: RequestMethod }> {
  return WEB_CONTROLLERS.flatMap((controller) => {
    const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '/').replace(/^\/|\/$/g, '');
    return Object.getOwnPropertyNames(controller.prototype)
      .map((name) => controller.prototype[name])
      .filter((handler) => typeof handler === 'function' && Reflect.hasMetadata(PATH_METADATA, handler))
      .map((handler) => {
        const own = String(Reflect.getMetadata(PATH_METADATA, handler)).replace(/^\/|\/$/g, '');
        return {
          path: [base, own].filter(Boolean).join('/') || '/',
          method: Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod,
        };
      });
  });
}
