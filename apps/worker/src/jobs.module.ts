import { Module } from '@nestjs/common';
import { EvaluationModule } from '@bosam/evaluation';
import { ImportsModule } from '@bosam/imports';
import { MeetingsModule } from '@bosam/meetings';
import { RetentionModule } from '@bosam/retention';
import { JobHandlersProvider } from './job-handlers';

/** The job handlers and the context modules they call: the worker's part of any application. */
@Module({
  imports: [MeetingsModule, ImportsModule, EvaluationModule, RetentionModule],
  providers: [JobHandlersProvider],
  exports: [JobHandlersProvider],
})
export class JobsModule {}
