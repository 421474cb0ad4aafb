import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { auditCheckpointKeys, BOSAM_CONFIG, BosamConfig } from '../config';

/** The chain of entries written before the log was split into one chain per district. */
export const LEGACY_CHAIN = '(legacy)';

export interface ChainHead {
  /** Entries in the chain. */
  entries: number;
  /** Hash of the chain's last entry. */
  head: string;
  lastId: number;
}

export interface Checkpoint {
  version: 1;
  at: string;
  database: string;
  chains: Record<string, ChainHead>;
  /** Which key signed it (a hash of the key, never the key). */
  keyId: string;
  /** HMAC-SHA256 over the fields above. */
  signature: string;
}

const keyId = (key: string): string => createHash('sha256').update(`bosam-audit-checkpoint:${key}`).digest('hex').slice(0, 16);

function signed(checkpoint: Omit<Checkpoint, 'keyId' | 'signature'>): string {
  const chains = Object.keys(checkpoint.chains)
    .sort()
    .map((chain) => [chain, checkpoint.chains[chain].entries, checkpoint.chains[chain].head, checkpoint.chains[chain].lastId]);
  return JSON.stringify([checkpoint.version, checkpoint.at, checkpoint.database, chains]);
}

const sign = (key: string, content: string): string => createHmac('sha256', key).update(content).digest('hex');

/**
 * Signed checkpoints of the audit log's chain heads, kept outside the database: the latest in
 * `<data folder>/audit/checkpoint-<database>.json`, every one appended to
 * `checkpoints-<database>.jsonl` and written to the log. The key is not in the database either,
 * so whoever administers the database cannot make a shortened or recomputed log match one.
 */
@Injectable()
export class AuditCheckpoints {
  private readonly logger = new Logger('audit');
  private readonly dir: string;
  private readonly database: string;

  constructor(@Inject(BOSAM_CONFIG) private readonly config: BosamConfig) {
    this.dir = join(config.dataDir, 'audit');
    this.database = config.databaseUrl ? decodeURIComponent(new URL(config.databaseUrl).pathname.slice(1)) : 'bosam';
  }

  private get latestFile(): string {
    return join(this.dir, `checkpoint-${this.database.replace(/[^A-Za-z0-9_-]/g, '_')}.json`);
  }

  private get historyFile(): string {
    return join(this.dir, `checkpoints-${this.database.replace(/[^A-Za-z0-9_-]/g, '_')}.jsonl`);
  }

  async write(chains: Record<string, ChainHead>): Promise<Checkpoint> {
    const { current } = auditCheckpointKeys(this.config);
    const body = { version: 1 as const, at: new Date().toISOString(), database: this.database, chains };
    const checkpoint: Checkpoint = { ...body, keyId: keyId(current), signature: sign(current, signed(body)) };
    const line = JSON.stringify(checkpoint);
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    // Written whole, then renamed: a reader never sees half a checkpoint.
    const temporary = `${this.latestFile}.${process.pid}.tmp`;
    writeFileSync(temporary, `${line}\n`, { mode: 0o600 });
    renameSync(temporary, this.latestFile);
    appendFileSync(this.historyFile, `${line}\n`, { mode: 0o600 });
    this.logger.log(`audit checkpoint ${line}`);
    return checkpoint;
  }

  /** The last checkpoint and whether its signature holds (with the current key or the one before it). */
  async last(): Promise<{ checkpoint: Checkpoint; signatureValid: boolean } | undefined> {
    if (!existsSync(this.latestFile)) return undefined;
    let checkpoint: Checkpoint;
    try {
      checkpoint = JSON.parse(readFileSync(this.latestFile, 'utf8')) as Checkpoint;
    } catch {
      return {
        checkpoint: { version: 1, at: 'unknown', database: this.database, chains: {}, keyId: '', signature: '' },
        signatureValid: false,
      };
    }
    return { checkpoint, signatureValid: this.holds(checkpoint) };
  }

  private holds(checkpoint: Checkpoint): boolean {
    if (typeof checkpoint !== 'object' || !checkpoint || typeof checkpoint.signature !== 'string' || typeof checkpoint.chains !== 'object')
      return false;
    const keys = auditCheckpointKeys(this.config);
    const content = signed(checkpoint);
    return [keys.current, keys.previous].some((key) => {
      if (!key) return false;
      const expected = Buffer.from(sign(key, content), 'hex');
      const given = Buffer.from(checkpoint.signature, 'hex');
      return given.length === expected.length && timingSafeEqual(given, expected);
    });
  }
}
