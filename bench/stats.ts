/** Small number helpers for the bench: percentiles, timing, RSS sampling. */
import { performance } from 'node:perf_hooks';

/** The `p`-th percentile (0–100) of `xs`, nearest-rank; NaN for none. */
export function pct(xs: readonly number[], p: number): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const rank = Math.min(s.length, Math.max(1, Math.ceil((p / 100) * s.length)));
  return s[rank - 1] ?? Number.NaN;
}

/** Runs `fn` `n` times one after the other; the milliseconds of each. */
export async function timed(n: number, fn: () => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return out;
}

export const mb = (bytes: number) => bytes / 2 ** 20;

/** Samples the process's resident memory every `everyMs` until `stop()`; the peak in MB. */
export function rssSampler(everyMs = 100) {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, everyMs);
  return {
    stop(): number {
      clearInterval(timer);
      peak = Math.max(peak, process.memoryUsage().rss);
      return mb(peak);
    },
  };
}

/** Resident memory after a collection when `--expose-gc` is on, in MB. */
export function idleRss(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return mb(process.memoryUsage().rss);
}

/** One printed figure: `value` in `unit`, and the target when there is one. */
export interface Figure {
  section: string;
  name: string;
  unit: string;
  value: number;
  /** A second value in the same unit (e.g. loaded next to idle). */
  extra?: number;
  /** e.g. `≤ 100`, `≥ 50 %`. */
  target?: string;
}

const onAbort: Array<() => Promise<void>> = [];
/** Clean-ups to run when the bench is interrupted (Ctrl-C, kill): drop its database and Redis keys. */
export function cleanupOnAbort(fn: () => Promise<void>): void {
  if (onAbort.length === 0)
    for (const sig of ['SIGINT', 'SIGTERM'] as const)
      process.once(sig, () => {
        Promise.allSettled(onAbort.map((f) => f())).finally(() => process.exit(130));
      });
  onAbort.push(fn);
}

/** A target's bound: `≤ 100` → { op: '≤', bound: 100 }; null when it names no number. */
export function targetBound(target: string): { op: '≤' | '≥' | '='; bound: number } | null {
  const m = /^\s*([≤≥])?\s*(-?[\d.]+)/.exec(target);
  if (!m) return null;
  return { op: (m[1] as '≤' | '≥' | undefined) ?? '=', bound: Number(m[2]) };
}

/**
 * A figure against its target, e.g. `84 ms (0.84× target ≤ 100, met)`: the value as a ratio
 * of the bound (below 1 meets a `≤`, above 1 a `≥`); a zero bound is only met or missed.
 */
export function againstTarget(value: number, unit: string, target: string, shown: string): string {
  const t = targetBound(target);
  const u = unit ? ` ${unit}` : '';
  if (!t || !Number.isFinite(value)) return `${shown}${u} (target ${target})`;
  const met = t.op === '≤' ? value <= t.bound : t.op === '≥' ? value >= t.bound : value === t.bound;
  const ratio = t.bound === 0 ? '' : `${(value / t.bound).toFixed(2)}× `;
  return `${shown}${u} (${ratio}target ${target}, ${met ? 'met' : 'missed'})`;
}
