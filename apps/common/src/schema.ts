import { PLATFORM_ENTITIES } from '@bosam/platform';
import { SETUP_ENTITIES } from '@bosam/setup';
import { CASE_ENTITIES } from '@bosam/cases';
import { MEETING_ENTITIES } from '@bosam/meetings';
import { IMPORT_ENTITIES } from '@bosam/imports';
import { EVALUATION_ENTITIES } from '@bosam/evaluation';
import { LANDLORD_ENTITIES } from '@bosam/landlords';
import { MIGRATIONS } from '../../../migrations';

/** Every entity and migration, listed explicitly (globs break under bundlers). */
export const ENTITIES = [
  ...PLATFORM_ENTITIES,
  ...SETUP_ENTITIES,
  ...CASE_ENTITIES,
  ...MEETING_ENTITIES,
  ...IMPORT_ENTITIES,
  ...EVALUATION_ENTITIES,
  ...LANDLORD_ENTITIES,
];
export { MIGRATIONS };
