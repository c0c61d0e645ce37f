/**
 * The read side: what `/summary`, the list, `GET /`, the CSV and the calendar cost per computation
 * (read cache off), what a cached answer costs, and signed Slack slash commands (the real Bolt over
 * HTTP, the fake Slack Web API) at 1, 10 and 50 concurrent users, idle and while 10 clients read
 * the public page.
 */
import { performance } from 'node:perf_hooks';
import { startSlack } from '../src/adapters/slack/index.ts';
import { type App, adapterDeps } from '../src/app.ts';
import { renderText } from '../src/render/text.ts';
import type { FakeSlack } from '../test/fakes/slack-api.ts';
import { FORM, postToBolt, slashCommandBody } from '../test/fakes/slack-sign.ts';
import { benchServer } from './server.ts';
import { type Figure, pct, rssSampler, timed } from './stats.ts';

export const SLACK_SECRET = 'bench-signing-secret';
export const SLACK_TOKEN = 'xoxb-bench-token';
export const CHANNEL = 'C0BENCH01';

const admin = { platform: 'console' as const, id: 'bench-admin', name: 'Bench Admin' };
const chat = { platform: 'console' as const, id: 'console' };

/** Times of each read, one computation each (no read cache): median and p95 of `runs`. */
export async function readTimes(app: App, runs: number): Promise<Figure[]> {
  const out: Figure[] = [];
  const push = (name: string, ms: number[], target?: { p50?: string; p95?: string }) => {
    out.push({
      section: 'read',
      name: `${name}, median`,
      unit: 'ms',
      value: pct(ms, 50),
      ...(target?.p50 ? { target: target.p50 } : {}),
    });
    out.push({
      section: 'read',
      name: `${name}, p95`,
      unit: 'ms',
      value: pct(ms, 95),
      ...(target?.p95 ? { target: target.p95 } : {}),
    });
  };
  const run = async (text: string) => {
    const r = await app.dispatcher.handle({ text, who: admin, chat, asAdmin: true });
    const shown = renderText(r.reply);
    if (r.reply.kind === 'error') throw new Error(`${text}: ${shown}`);
    return shown;
  };
  await run('/summary'); // warm-up: JIT, first queries, the chart's fonts
  push('/summary', await timed(runs, () => run('/summary')), { p50: '≤ 100' });
  push('/blocker list all', await timed(runs, () => run('/blocker list all')));
  push('/blocker list overdue unit:U0001', await timed(runs, () => run('/blocker list overdue unit:U0001')));

  const http = benchServer(app, { cache: false });
  const base = `http://127.0.0.1:${await http.listen(0)}`;
  const get = async (path: string) => {
    const r = await fetch(`${base}${path}`);
    const body = await r.arrayBuffer();
    if (r.status !== 200) throw new Error(`GET ${path}: ${r.status}`);
    return body.byteLength;
  };
  try {
    for (const [path, target] of [
      ['/', '≤ 150'],
      ['/export/blockers.csv', '≤ 500'],
      ['/calendar.ics', undefined],
    ] as const) {
      await get(path);
      push(`GET ${path} (computed)`, await timed(runs, () => get(path)), target ? { p50: target } : {});
    }
  } finally {
    await http.close();
  }
  // The product's server: the read cache answers repeats within its few seconds.
  const cached = benchServer(app, { cache: true });
  const cbase = `http://127.0.0.1:${await cached.listen(0)}`;
  try {
    await fetch(`${cbase}/`).then((r) => r.arrayBuffer());
    const hits = await timed(Math.max(runs, 20), () => fetch(`${cbase}/`).then((r) => r.arrayBuffer()));
    out.push({ section: 'read', name: 'GET / (read cache hit), median', unit: 'ms', value: pct(hits, 50) });
  } finally {
    await cached.close();
  }
  return out;
}

let ridSeq = 0;

/** Slack users `U0BENCH001…`, known to the fake Web API. */
export const benchUsers = (n: number) =>
  Array.from({ length: n }, (_, i) => {
    const id = `U0BENCH${String(i + 1).padStart(3, '0')}`;
    return { id, name: `bench${i + 1}`, real_name: `Bench User ${i + 1}`, tz: 'Asia/Ho_Chi_Minh' };
  });

/**
 * Slash-command latency: `level` users each send `/blocker show B-n` one after the other until
 * `samples` commands are answered. Ack = the signed POST's answer; reply = the response_url post.
 * Loaded: 10 clients fetch `GET /` in a loop the whole time.
 */
export async function slashLatency(
  app: App,
  fake: FakeSlack,
  opts: { blockers: number; samples: number; cache: boolean; levels: readonly number[] },
): Promise<{ figures: Figure[]; peakRssMb: number }> {
  const people = benchUsers(Math.max(...opts.levels));
  const http = benchServer(app, { cache: opts.cache });
  const stop = await startSlack(adapterDeps(app, http));
  const origin = `http://127.0.0.1:${await http.listen(0)}`;
  const url = `${origin}/slack/events`;
  const slash = async (user: (typeof people)[number], text: string) => {
    const rid = `b${++ridSeq}`; // unique across runs: the fake keeps every call
    const body = slashCommandBody({
      command: '/blocker',
      text,
      user_id: user.id,
      user_name: user.name,
      channel_id: CHANNEL,
      response_url: fake.responseUrl(rid, CHANNEL),
    });
    const replied = fake
      .waitFor((c) => c.method === 'response_url' && c.id === rid, 60_000)
      .then(
        () => true,
        () => false, // no reply within a minute: counted, not fatal
      );
    const t = performance.now();
    const res = await postToBolt(url, SLACK_SECRET, body, FORM);
    const ack = performance.now() - t;
    if (res.status !== 200) throw new Error(`slash ${text}: HTTP ${res.status}`);
    if (!(await replied)) unanswered++;
    return { ack, reply: performance.now() - t };
  };
  const figures: Figure[] = [];
  let unanswered = 0;
  const sampler = rssSampler();
  try {
    // Every user once first: their person is created on the first command.
    await Promise.all(people.map((u) => slash(u, 'show B-1')));
    const measure = async (level: number) => {
      const acks: number[] = [];
      const replies: number[] = [];
      let left = opts.samples;
      await Promise.all(
        people.slice(0, level).map(async (u, i) => {
          for (let k = i; left > 0; k += level) {
            left--;
            const id = ((k * 7919) % opts.blockers) + 1;
            const r = await slash(u, `show B-${id}`);
            acks.push(r.ack);
            replies.push(r.reply);
          }
        }),
      );
      return {
        ack50: pct(acks, 50),
        ack99: pct(acks, 99),
        reply50: pct(replies, 50),
        reply99: pct(replies, 99),
      };
    };
    const readers = () => {
      let running = true;
      let reads = 0;
      let failed = 0;
      const loops = Array.from({ length: 10 }, async () => {
        while (running) {
          try {
            const r = await fetch(`${origin}/`);
            await r.arrayBuffer();
            if (r.status === 200) reads++;
            else failed++;
          } catch {
            failed++;
          }
        }
      });
      return {
        async stop() {
          running = false;
          await Promise.all(loops);
          return { reads, failed };
        },
      };
    };
    const label = opts.cache ? '' : ' (read cache off)';
    for (const level of opts.levels) {
      const idle = await measure(level);
      const r = readers();
      const t = performance.now();
      const loaded = await measure(level);
      const { reads, failed } = await r.stop();
      const secs = (performance.now() - t) / 1000;
      const name = (s: string) => `${level} users${label}: ${s}`;
      figures.push(
        {
          section: 'slack',
          name: name('ack p50 idle / loaded'),
          unit: 'ms',
          value: idle.ack50,
          extra: loaded.ack50,
        },
        {
          section: 'slack',
          name: name('ack p99 idle / loaded'),
          unit: 'ms',
          value: idle.ack99,
          extra: loaded.ack99,
        },
        {
          section: 'slack',
          name: name('ack p99 loaded/idle'),
          unit: '×',
          value: loaded.ack99 / idle.ack99,
          target: '≤ 2',
        },
        {
          section: 'slack',
          name: name('reply p50 idle / loaded'),
          unit: 'ms',
          value: idle.reply50,
          extra: loaded.reply50,
        },
        {
          section: 'slack',
          name: name('reply p99 idle / loaded'),
          unit: 'ms',
          value: idle.reply99,
          extra: loaded.reply99,
        },
        {
          section: 'slack',
          name: name('page reads/s while loaded (failed)'),
          unit: '/s',
          value: reads / secs,
          extra: failed,
        },
      );
    }
    figures.push({
      section: 'slack',
      name: `slash commands with no reply within 60 s${opts.cache ? '' : ' (read cache off)'}`,
      unit: 'cmds',
      value: unanswered,
    });
  } finally {
    await stop();
    await http.close();
  }
  return { figures, peakRssMb: sampler.stop() };
}
