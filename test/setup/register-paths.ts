import Module from 'node:module';

// See test/setup/transform.js: packages that ship ES modules load natively here.
process.env.BOSAM_NATIVE_ESM = '1';
import { join } from 'node:path';

// Jest's global set-up runs outside Jest's module system (no moduleNameMapper): map the
// `@bosam/<lib>` imports to libs/<lib>/src here, as tsconfig.json and jest.config.js do.
const libs = join(__dirname, '..', '..', 'libs');
const resolver = Module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string };
const original = resolver._resolveFilename;
resolver._resolveFilename = function resolve(request: string, ...rest: unknown[]) {
  const match = /^@bosam\/([a-z-]+)$/.exec(request);
  return original.call(this, match ? join(libs, match[1], 'src') : request, ...rest);
};
