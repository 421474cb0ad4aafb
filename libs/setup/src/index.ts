export * from './entities';
export * from './dto';
export * from './setup.service';
export * from './setup.module';
