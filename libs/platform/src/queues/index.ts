export * from './jobs';
export * from './outbox-job.entity';
export * from './queue.service';
export * from './ping.entity';
export * from './ping';
