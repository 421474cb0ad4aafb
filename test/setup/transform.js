// Jest on Node 20 cannot require() ES modules, and NestJS 12 (and a few others) ship only ESM.
// TypeScript and those packages are compiled to CommonJS with SWC; in the packages,
// `import.meta.url` becomes the CommonJS equivalent first.
const { createTransformer } = require('@swc/jest');

const options = (tsx) => ({
  jsc: {
    parser: { syntax: 'typescript', decorators: true, tsx },
    transform: {
      legacyDecorator: true,
      decoratorMetadata: true,
      useDefineForClassFields: false,
      ...(tsx ? { react: { runtime: 'automatic', importSource: 'preact' } } : {}),
    },
    target: 'es2022',
    keepClassNames: true,
  },
  module: { type: 'commonjs', ignoreDynamic: false },
  sourceMaps: 'inline',
});
const swc = createTransformer(options(false));
// Server-rendered pages are Preact JSX (.tsx), compiled with the automatic runtime.
const swcTsx = createTransformer(options(true));
const pick = (filename) => (filename.endsWith('.tsx') ? swcTsx : swc);

function rewriteEsm(source) {
  return source
    .replace(/const require = createRequire\(import\.meta\.url\);?/g, '')
    .replace(/import\.meta\.url/g, "require('node:url').pathToFileURL(__filename).href")
    .replace(/import\.meta\.dirname/g, '__dirname')
    .replace(/import\.meta\.filename/g, '__filename');
}

// Jest's global set-up and teardown run in Jest's own process, where Node's require(esm)
// loads those packages natively: there they are left as they are (register-paths.ts sets the flag).
const nativeEsm = () => process.env.BOSAM_NATIVE_ESM === '1';

module.exports = {
  process(source, filename, options) {
    if (filename.includes('/node_modules/') && nativeEsm()) return { code: source };
    const input = filename.includes('/node_modules/') ? rewriteEsm(source) : source;
    return pick(filename).process(input, filename, options);
  },
  getCacheKey(source, filename, options) {
    return `esm-v2:${nativeEsm()}:${pick(filename).getCacheKey(source, filename, options)}`;
  },
};
