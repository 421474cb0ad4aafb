export * from './create-worker';
export * from './worker.module';
export * from './jobs.module';
export * from './job-handlers';
