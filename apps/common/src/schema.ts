import { PLATFORM_ENTITIES } from '@bosam/platform';
import { SETUP_ENTITIES } from '@bosam/setup';
import { CASE_ENTITIES } from '@bosam/cases';
import { MIGRATIONS } from '../../../migrations';

/** Every entity and migration, listed explicitly (globs break under bundlers). */
export const ENTITIES = [...PLATFORM_ENTITIES, ...SETUP_ENTITIES, ...CASE_ENTITIES];
export { MIGRATIONS };
