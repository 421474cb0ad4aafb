import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

const FOUND_MS = 5 * 60_000;
const MISSING_MS = 10_000;
const MAX_ENTRIES = 10_000;

/**
 * Whether a unit exists in a district, for the unit named in a unit representative's token.
 * Answers are cached (found for five minutes, missing for ten seconds, so a unit just set up is
 * usable at once), so that a read costs no extra query.
 */
@Injectable()
export class UnitLookup {
  private readonly cache = new Map<string, { exists: boolean; until: number }>();

  constructor(private readonly dataSource: DataSource) {}

  async exists(district: string, unit: string): Promise<boolean> {
    const key = `${district}\u0000${unit}`;
    const now = Date.now();
    const cached = this.cache.get(key);
    if (cached && cached.until > now) return cached.exists;
    const rows = await this.dataSource.query('SELECT 1 FROM unit WHERE district_code = $1 AND code = $2', [district, unit]);
    const exists = rows.length > 0;
    // A flood of made-up unit names cannot grow the cache without bound.
    if (this.cache.size >= MAX_ENTRIES) this.cache.clear();
    this.cache.set(key, { exists, until: now + (exists ? FOUND_MS : MISSING_MS) });
    return exists;
  }
}
