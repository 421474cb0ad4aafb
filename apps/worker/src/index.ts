export * from './create-worker';
export * from './worker.module';
export * from './job-handlers';
