import { isCode, loadConfig, MAX_TOKEN_LIFETIME_SECONDS, Role, ROLES, signLocalToken } from '@bosam/platform';
import { parseArgs } from './args';

// npm run token -- --role ROLE --district CODE [--unit CODE] [--sub ID] [--name NAME] [--ttl SECONDS]
// Prints exactly one token on stdout; every complaint goes to stderr.
async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const role = args.role;
  const district = args.district;
  if (typeof role !== 'string' || !ROLES.includes(role as Role)) {
    throw new Error(`--role must be one of ${ROLES.join(', ')}`);
  }
  if (!isCode(district)) throw new Error('--district CODE is required');
  if (role === 'unit_rep' && typeof args.unit !== 'string') throw new Error('--unit CODE is required for unit_rep');
  let ttl: number | undefined;
  if (args.ttl !== undefined) {
    ttl = typeof args.ttl === 'string' && /^\d+$/.test(args.ttl) ? Number(args.ttl) : NaN;
    if (!(ttl >= 1 && ttl <= MAX_TOKEN_LIFETIME_SECONDS))
      throw new Error(`--ttl must be 1 to ${MAX_TOKEN_LIFETIME_SECONDS} seconds (12 hours)`);
  }
  const config = loadConfig();
  if (config.authMode !== 'local') throw new Error('Tokens can only be printed in AUTH_MODE=local');
  const sub = typeof args.sub === 'string' ? args.sub : `${role}-${district.toLowerCase()}`;
  const token = await signLocalToken(
    config,
    {
      sub,
      name: typeof args.name === 'string' ? args.name : sub,
      role: role as Role,
      district,
      unit: typeof args.unit === 'string' ? args.unit : undefined,
    },
    ttl,
  );
  process.stdout.write(`${token}\n`);
}

main().catch((error: Error) => {
  process.stderr.write(`token: ${error.message}\n`);
  process.exit(2);
});
