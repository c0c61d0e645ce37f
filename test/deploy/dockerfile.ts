/**
 * Just enough of a Dockerfile to run its build steps without a container engine: the stages, their
 * WORKDIR, ENV, COPY (from the context or `--from` a stage) and RUN lines, mapped onto one
 * directory per stage. RUN lines that set up the operating system (apt-get, mkdir/chown of the
 * volumes) cannot run here and are returned as skipped; `--mount=type=cache` is the machine's own
 * npm cache.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync } from 'node:fs';
import { basename, isAbsolute, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface Instruction {
  op: string;
  args: string;
}

export interface Stage {
  base: string;
  name: string | undefined;
  steps: Instruction[];
}

/** The stages of a Dockerfile: comments dropped, continued lines joined. */
export function parseDockerfile(text: string): Stage[] {
  const logical = text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const stages: Stage[] = [];
  for (const line of logical) {
    const [, op = '', args = ''] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
    if (op.toUpperCase() === 'FROM') {
      const [, base = '', name] = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(args) ?? [];
      stages.push({ base, name, steps: [] });
    } else stages.at(-1)?.steps.push({ op: op.toUpperCase(), args });
  }
  return stages;
}

/** The last value of an instruction in a stage (CMD, USER, STOPSIGNAL, HEALTHCHECK…). */
export function last(stage: Stage, op: string): string | undefined {
  return stage.steps.filter((s) => s.op === op).at(-1)?.args;
}

/** `CMD ["node", "x.js"]` (exec form) → ['node', 'x.js']. */
export function execForm(args: string): string[] {
  const json = args.replace(/^CMD\s+/, '');
  return JSON.parse(json) as string[];
}

export interface RunResult {
  /** Each stage's directory standing for its `/`. */
  roots: string[];
  /** The RUN lines not run here, by stage. */
  skipped: string[];
  /** The final stage's environment (its ENV lines) and working directory. */
  env: Record<string, string>;
  workdir: string;
}

interface StageState {
  root: string;
  workdir: string;
  env: Record<string, string>;
}

/** Runs the stages' steps in `into/stage-N` with the files of `context`. `baseEnv`: PATH, HOME… */
export async function runStages(
  stages: Stage[],
  opts: { context: string; into: string; baseEnv: Record<string, string> },
): Promise<RunResult> {
  const roots: string[] = [];
  const skipped: string[] = [];
  let state: StageState = { root: '', workdir: '', env: {} };
  for (const [i, stage] of stages.entries()) {
    state = { root: join(opts.into, `stage-${i}`), workdir: join(opts.into, `stage-${i}`), env: {} };
    roots.push(state.root);
    for (const step of stage.steps) {
      if (step.op === 'WORKDIR') {
        state.workdir = inside(state, step.args);
        mkdirSync(state.workdir, { recursive: true });
      } else if (step.op === 'ENV') Object.assign(state.env, parseEnv(step.args));
      else if (step.op === 'COPY')
        copy(step.args, state, opts.context, (name) => stageRoot(stages, roots, name));
      else if (step.op === 'RUN') {
        const command = step.args.replace(/^(--\S+\s+)+/, '');
        if (!command.startsWith('npm ')) skipped.push(command);
        else
          await run('bash', ['-c', command], {
            cwd: state.workdir,
            env: { ...opts.baseEnv, ...state.env },
            maxBuffer: 64 * 1024 * 1024,
          });
      }
    }
  }
  return { roots, skipped, env: state.env, workdir: state.workdir };
}

function inside(state: StageState, path: string): string {
  return isAbsolute(path) ? join(state.root, path) : join(state.workdir, path);
}

function parseEnv(args: string): Record<string, string> {
  return Object.fromEntries(args.split(/\s+/).map((kv) => kv.split('=', 2) as [string, string]));
}

function stageRoot(stages: Stage[], roots: string[], name: string): string {
  const i = stages.findIndex((s) => s.name === name);
  const root = roots[i];
  if (root === undefined) throw new Error(`COPY --from=${name}: no such stage before this one`);
  return root;
}

function copy(args: string, state: StageState, context: string, from: (name: string) => string): void {
  const words = args.split(/\s+/);
  const source = words.find((w) => w.startsWith('--from='))?.slice('--from='.length);
  const paths = words.filter((w) => !w.startsWith('--'));
  const dest = paths.pop() ?? '.';
  const base = source === undefined ? context : from(source);
  const toDir = dest.endsWith('/') || paths.length > 1;
  for (const p of paths) {
    const src = join(base, p);
    const target = toDir ? join(inside(state, dest), basename(p)) : inside(state, dest);
    cpSync(src, target, { recursive: true });
  }
}

/** `.dockerignore` patterns (a path, or a glob of `*`, from the context's root) as one test. */
export function dockerignore(path: string): (file: string) => boolean {
  const patterns = readFileSync(path, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((p) => new RegExp(`^${p.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}(/|$)`));
  return (file) => patterns.some((re) => re.test(file));
}
