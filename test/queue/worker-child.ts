/** A worker process for the fault tests: `src/worker.ts`'s setup on a test prefix, with short locks. */
import { createApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { registerConfiguredSenders } from '../../src/delivery/configured.ts';
import { startQueue } from '../../src/queue/process.ts';

const app = await createApp({ config: loadConfig(process.env) });
registerConfiguredSenders(app);
const rt = await startQueue(app, {
  workers: process.env.TEST_WORKERS !== '0',
  prefix: process.env.TEST_QUEUE_PREFIX ?? 'test-child',
  limits: { telegram: { max: 5000, duration: 1000 } },
  lockMs: 2000,
});
process.stdout.write('ready\n');
process.on('SIGTERM', () => {
  void rt
    .close()
    .then(() => app.close())
    .then(() => process.exit(0));
});
