import { DynamicModule, Global, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { AuditService } from './audit/audit.service';
import { AuditCheckpoints } from './audit/checkpoints';
import { AuthGuard } from './auth/auth.guard';
import { TokenVerifier } from './auth/tokens';
import { UnitLookup } from './auth/unit-lookup';
import { BOSAM_CONFIG, BosamConfig } from './config';
import { loadKeyring, PERSONAL_DATA_KEYRING, PersonalData } from './crypto/personal-data';
import { ProblemFilter } from './http/problem.filter';
import { SharedRateStore } from './http/throttle';
import { QueueService } from './queues/queue.service';

/** Config, auth, audit and queues: what every context module may inject. */
@Global()
@Module({})
export class PlatformModule {
  static forRoot(config: BosamConfig): DynamicModule {
    return {
      module: PlatformModule,
      providers: [
        { provide: BOSAM_CONFIG, useValue: config },
        { provide: TokenVerifier, useValue: new TokenVerifier(config) },
        AuditCheckpoints,
        { provide: PERSONAL_DATA_KEYRING, useFactory: () => loadKeyring(config) },
        PersonalData,
        AuditService,
        QueueService,
        UnitLookup,
        SharedRateStore,
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: ProblemFilter },
      ],
      exports: [BOSAM_CONFIG, TokenVerifier, AuditCheckpoints, AuditService, QueueService, PersonalData],
    };
  }
}
