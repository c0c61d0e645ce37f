/**
 * `npm run bench`: speed and memory figures of the read side, Slack acks, the reminder pipeline
 * and rate-limited delivery, on PostgreSQL and on PGlite, printed side by side (never asserted
 * in tests). Each database runs in its own process (bench/one.ts), so its memory is its own.
 *
 *   BENCH_SCALE=1     500 units, 20,000 blockers, 2,000 roadmap items, 10,000 reminders (default)
 *   BENCH_SCALE=0.05  a quick run while developing
 *   BENCH_DB=postgres|pglite   one database only
 *   BENCH_RUNS (7), BENCH_SAMPLES (100): timings per read, slash commands per level
 *
 * PostgreSQL: a fresh database on TEST_PG_URL (default postgres://postgres@127.0.0.1:5432/test),
 * dropped after. Redis: TEST_REDIS_URL (default redis://127.0.0.1:6379), random key prefixes,
 * deleted after.
 */
import { spawn } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { againstTarget, type Figure } from './stats.ts';

interface Result {
  kind: string;
  meta: Record<string, string | number>;
  figures: Figure[];
}

const one = fileURLToPath(new URL('./one.ts', import.meta.url));

function runOne(kind: string): Promise<Result | string> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--expose-gc', one, kind], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: process.env,
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString('utf8');
    });
    child.on('close', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('BENCH_JSON '));
      if (code === 0 && line) resolve(JSON.parse(line.slice('BENCH_JSON '.length)) as Result);
      else resolve(`exit code ${code}${out ? `: ${out.trim().slice(-500)}` : ''}`);
    });
  });
}

const fmt = (f: Figure | undefined) => {
  if (!f) return '—';
  const n = (x: number) =>
    !Number.isFinite(x)
      ? '—'
      : Math.abs(x) >= 100
        ? x.toFixed(0)
        : Math.abs(x) >= 10
          ? x.toFixed(1)
          : x.toFixed(2);
  return f.extra === undefined ? n(f.value) : `${n(f.value)} / ${n(f.extra)}`;
};

async function main() {
  const kinds = process.env.BENCH_DB ? [process.env.BENCH_DB] : ['postgres', 'pglite'];
  const started = Date.now();
  const results: Result[] = [];
  for (const kind of kinds) {
    const r = await runOne(kind);
    if (typeof r === 'string') console.log(`(${kind}: not measured, ${r})`);
    else results.push(r);
  }
  if (results.length === 0) process.exit(1);
  const first = results[0] as Result;
  console.log('\nsteerbot bench');
  console.log(
    `machine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${(totalmem() / 2 ** 30).toFixed(0)} GB, Node ${process.version}; Redis ${first.meta.redis}`,
  );
  for (const r of results)
    console.log(
      `${r.kind}: ${r.meta.database}; seeded ${r.meta.records} in ${Number(r.meta.seedSeconds).toFixed(1)} s`,
    );
  console.log(
    `scale ${first.meta.scale}, ${first.meta.runs} runs per read, ${first.meta.samples} slash commands per level`,
  );
  const names: { section: string; name: string; unit: string; target?: string }[] = [];
  for (const r of results)
    for (const f of r.figures)
      if (!names.some((x) => x.name === f.name))
        names.push({
          section: f.section,
          name: f.name,
          unit: f.unit,
          ...(f.target ? { target: f.target } : {}),
        });
  const w = Math.max(...names.map((n) => n.name.length), 10) + 2;
  console.log(
    ['\nfigure'.padEnd(w + 1), 'unit'.padEnd(6), ...results.map((r) => r.kind.padStart(16)), '  target'].join(
      ' ',
    ),
  );
  let section = '';
  for (const n of names) {
    if (n.section !== section) {
      section = n.section;
      console.log(`-- ${section}`);
    }
    const cells = results.map((r) => fmt(r.figures.find((f) => f.name === n.name)).padStart(16));
    console.log([n.name.padEnd(w), n.unit.padEnd(6), ...cells, `  ${n.target ?? ''}`].join(' '));
  }
  console.log('\ntargets (each figure as a ratio of its target):');
  for (const n of names) {
    if (!n.target) continue;
    const cells = results.map((r) => {
      const f = r.figures.find((x) => x.name === n.name);
      if (!f) return null;
      const shown = fmt({ ...f, extra: undefined });
      // A target one database's figure carries (the product's memory: PostgreSQL's only).
      return `${r.kind} ${f.target ? againstTarget(f.value, n.unit, f.target, shown) : `${shown} ${n.unit} (no target)`}`;
    });
    console.log(`  ${n.name}: ${cells.filter(Boolean).join('; ')}`);
  }
  console.log(`\n(${((Date.now() - started) / 1000).toFixed(0)} s)`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
