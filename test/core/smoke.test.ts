import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.ts';
import { renderText } from '../../src/render/text.ts';
import { freshPgDatabase, testApp } from '../support/app.ts';

const who = { platform: 'console' as const, id: 'ana', name: 'Ana' };
const chat = { platform: 'console' as const, id: 'console' };

describe.each(['pglite', 'postgres'] as const)('core on %s', (kind) => {
  let app: App;
  let drop: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    if (kind === 'postgres') {
      const db = await freshPgDatabase();
      drop = db.drop;
      app = await testApp({ env: { DATABASE_URL: db.url } });
    } else app = await testApp();
  });
  afterAll(async () => {
    await app.close();
    await drop?.();
  });

  it('adds a unit and logs a blocker against it from a command line', async () => {
    const run = async (text: string) =>
      renderText((await app.dispatcher.handle({ text, who, chat, asAdmin: true })).reply);
    expect(await run('/unit add MIC "Ministry of Information" block:government kind:ministry')).toContain(
      'Unit MIC added',
    );
    const out = await run('/blocker add Data exchange not connected owner:MIC due:+14d');
    expect(out).toContain('Logged B-1: Data exchange not connected');
    expect(await run('/blocker add Broken owner:XYZ due:+1d')).toMatch(/^Error: unknown unit XYZ/);
  });
});
