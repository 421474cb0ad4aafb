export * from './actor';
export * from './tokens';
export * from './decorators';
export * from './auth.guard';
