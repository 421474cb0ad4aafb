import { Controller, Get, HttpCode } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { Public } from '../auth/decorators';
import { DomainError } from '../errors';
import { QueueService } from '../queues/queue.service';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly queues: QueueService,
  ) {}

  @Public()
  @Get('live')
  @HttpCode(200)
  @ApiOkResponse({ description: 'The process is up.' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Public()
  @Get('ready')
  @ApiOkResponse({ description: 'The database and the queue backend answer.' })
  async ready(): Promise<{ status: 'ok'; database: 'ok'; queue: 'ok'; queueBackend: string }> {
    try {
      await Promise.race([
        this.dataSource.query('SELECT 1'),
        new Promise((_, reject) => setTimeout(() => reject(new Error('database timed out')), 3000).unref()),
      ]);
    } catch {
      throw new DomainError('SERVICE_UNAVAILABLE', 'The database does not answer.');
    }
    try {
      await this.queues.ping();
    } catch {
      throw new DomainError('SERVICE_UNAVAILABLE', 'The queue backend does not answer.');
    }
    return { status: 'ok', database: 'ok', queue: 'ok', queueBackend: this.queues.backend };
  }
}
