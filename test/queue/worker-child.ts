/**
 * A process for the fault tests: `src/worker.ts`'s setup on a test prefix, with short locks and
 * timers. `TEST_WORKERS=0` makes it a bot process (queue, relay and watchdog, no workers);
 * `TEST_BURST=from-to` then escalates blockers B-from…B-to as commands, all at once, on SIGUSR2.
 */
import { createApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { startQueue } from '../../src/queue/process.ts';
import { registerConfiguredSenders } from '../../src/wiring/senders.ts';

const app = await createApp({
  config: loadConfig(process.env),
  queue: {
    prefix: process.env.TEST_QUEUE_PREFIX ?? 'test-child',
    limits: { telegram: { max: 5000, duration: 1000 } },
    lockMs: 2000,
  },
});
if (!app.queue) throw new Error('no queue');
registerConfiguredSenders(app);
const rt = await startQueue(app.queue, app.relay, {
  workers: process.env.TEST_WORKERS !== '0',
  relayMs: 250,
  watch: { checkMs: 500 },
});
// The burst's signal handler before 'ready': a parent that signals at once must not find the
// default action (which ends the process) still in place.
const burst = /^(\d+)-(\d+)$/.exec(process.env.TEST_BURST ?? '');
if (burst) process.once('SIGUSR2', () => void runBurst(burst));
process.stdout.write('ready\n');

async function runBurst(burst: RegExpExecArray): Promise<void> {
  const from = Number(burst[1]);
  const to = Number(burst[2]);
  const results = await Promise.all(
    Array.from({ length: to - from + 1 }, (_, i) =>
      app.dispatcher.handle({
        text: `/blocker escalate B-${from + i} burst`,
        who: { platform: 'console', id: 'root', name: 'root' },
        chat: { platform: 'console', id: 'burst' },
        asAdmin: true,
      }),
    ),
  );
  const failed = results.filter((r) => r.reply.kind === 'error').length;
  process.stdout.write(`burst ${results.length - failed} ok ${failed} failed\n`);
}

process.on('SIGTERM', () => {
  void rt
    .close()
    .then(() => app.close())
    .then(() => process.exit(0));
});
