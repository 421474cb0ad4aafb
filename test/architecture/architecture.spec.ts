import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * Which tables each context's hand-written SQL may name (docs/architecture.json, `tables`).
 * The import graph itself is ESLint's (eslint.config.mjs reads the same file).
 */
const ROOT = join(__dirname, '..', '..');

interface Unit {
  uses: string[];
  tables: string[];
}
const graph = JSON.parse(readFileSync(join(ROOT, 'docs', 'architecture.json'), 'utf8')) as {
  libs: Record<string, Unit>;
  apps: Record<string, Unit>;
};

/** Source files under a folder, without the unit specs beside them. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

/** Every table the schema has: those the migrations create and those the entities map. */
function knownTables(): Set<string> {
  const tables = new Set<string>();
  for (const file of sources(join(ROOT, 'migrations'))) {
    for (const m of readFileSync(file, 'utf8').matchAll(/CREATE TABLE (?:IF NOT EXISTS )?\\?"?([a-z_][a-z0-9_]*)/g)) tables.add(m[1]);
  }
  for (const file of sources(join(ROOT, 'libs'))) {
    for (const m of readFileSync(file, 'utf8').matchAll(/@Entity\('([a-z_][a-z0-9_]*)'/g)) tables.add(m[1]);
  }
  return tables;
}

// A table after a keyword that names one (SQL is written in upper case here), or a list of them
// (`LOCK TABLE a, b`, `FROM a x, b y`).
const NAMED = /\b(?:FROM|JOIN|INTO|UPDATE|TABLE|TRUNCATE|ONLY)\s+((?:[a-z_][a-z0-9_]*(?:\s+[a-z]+)?\s*,\s*)*[a-z_][a-z0-9_]*)/g;

/** The tables a folder's SQL names, each with the first file that names it. */
function tablesNamedIn(dir: string, tables: Set<string>): Map<string, string> {
  const named = new Map<string, string>();
  for (const file of sources(dir)) {
    for (const m of readFileSync(file, 'utf8').matchAll(NAMED)) {
      for (const name of m[1].split(',').map((part) => part.trim().split(/\s+/)[0])) {
        if (tables.has(name) && !named.has(name)) named.set(name, relative(ROOT, file));
      }
    }
  }
  return named;
}

describe('architecture: the tables each context names in SQL', () => {
  const tables = knownTables();

  it('finds the schema’s tables', () => {
    expect(tables.size).toBeGreaterThan(30);
    for (const table of ['household_case', 'notification', 'audit_log', 'outbox_job']) expect(tables.has(table)).toBe(true);
  });

  it.each(['libs', 'apps'] as const)('every folder of %s is in docs/architecture.json', (kind) => {
    const folders = readdirSync(join(ROOT, kind), { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name);
    expect(folders.sort()).toEqual(Object.keys(graph[kind]).sort());
  });

  const units = [
    ...Object.entries(graph.libs).map(([name, unit]) => [`libs/${name}`, unit] as const),
    ...Object.entries(graph.apps).map(([name, unit]) => [`apps/${name}`, unit] as const),
  ];
  it.each(units)('%s names only the tables it is allowed', (folder, unit) => {
    const outside = [...tablesNamedIn(join(ROOT, folder), tables)]
      .filter(([table]) => !unit.tables.includes(table))
      .map(([table, file]) => `${table} (${file})`);
    expect(outside).toEqual([]);
  });
});
