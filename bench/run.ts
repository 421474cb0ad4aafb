import 'reflect-metadata';

// npm run bench: every benchmark in turn. Each module exports `run(): Promise<void>` and prints
// its own figures. Needs DATABASE_URL pointing at a PostgreSQL server where it may create and
// drop databases whose names start with bosam_bench (default: the local server).
// Only one benchmark: npm run bench -- agenda
// The measured suite (bench/README.md): npm run bench -- --scale national|small [NAME …] writes
// bench/results/latest.json and a dated copy.
const BENCHMARKS: Record<string, () => Promise<{ run(): Promise<void> }>> = {
  agenda: () => import('./agenda.bench'),
  import: () => import('./import.bench'),
  intake: () => import('./intake.bench'),
  liaison: () => import('./liaison.bench'),
  retention: () => import('./retention.bench'),
  soak: () => import('./soak.bench'),
  web: () => import('./web.bench'),
  // (benchmarks)
};

// The soak runs only when named (npm run bench -- soak [--minutes N]): it takes ten minutes.
const ONLY_WHEN_NAMED = ['soak'];

function option(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

async function main(): Promise<void> {
  const only = process.argv.slice(2).filter((arg, i, all) => !arg.startsWith('--') && !all[i - 1]?.startsWith('--'));
  const scale = option('scale');
  if (scale !== undefined) {
    const { runSuite } = await import('./suite');
    const seconds = option('seconds');
    const rounds = option('rounds');
    await runSuite({
      scale,
      only,
      outDir: option('out'),
      seconds: seconds ? Number(seconds) : undefined,
      rounds: rounds ? Number(rounds) : undefined,
    });
    return;
  }
  for (const [name, load] of Object.entries(BENCHMARKS)) {
    if (only.length > 0 ? !only.includes(name) : ONLY_WHEN_NAMED.includes(name)) continue;
    process.stdout.write(`\n== ${name} ==\n`);
    await (await load()).run();
  }
}

main().catch((error: Error) => {
  process.stderr.write(`bench: ${error.stack ?? error.message}\n`);
  process.exit(1);
});
