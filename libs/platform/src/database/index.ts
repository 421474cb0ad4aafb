export * from './naming';
export * from './data-source';
export * from './embedded-postgres';
export * from './faults';
export * from './database.module';
