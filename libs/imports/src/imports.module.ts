import { Module } from '@nestjs/common';
import { IntakeModule } from '@bosam/intake';
import { ImportProcessor } from './import-processor.service';
import { ImportsService } from './imports.service';

@Module({ imports: [IntakeModule], providers: [ImportsService, ImportProcessor], exports: [ImportsService, ImportProcessor] })
export class ImportsModule {}
