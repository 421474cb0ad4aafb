import { Module } from '@nestjs/common';
import { AgendaService } from './agenda.service';
import { MeetingsService } from './meetings.service';
import { NextStepsService } from './next-steps.service';

@Module({ providers: [AgendaService, MeetingsService, NextStepsService], exports: [AgendaService, MeetingsService, NextStepsService] })
export class MeetingsModule {}
