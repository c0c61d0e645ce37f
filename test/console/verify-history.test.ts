import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/db.ts';
import { testApp } from '../support/app.ts';

const exec = promisify(execFile);
const root = new URL('../..', import.meta.url).pathname;
const dataDir = mkdtempSync(join(tmpdir(), 'steerbot-verify-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

async function verify(): Promise<{ code: number; stdout: string }> {
  try {
    const { stdout } = await exec('npm', ['run', '--silent', 'verify-history'], {
      cwd: root,
      env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' },
    });
    return { code: 0, stdout };
  } catch (err) {
    const e = err as { code: number; stdout: string };
    return { code: e.code, stdout: e.stdout };
  }
}

describe('npm run verify-history', () => {
  it('passes an untouched history and names the first row someone rewrote', async () => {
    // Write real history through the bot's own dispatcher.
    const app = await testApp({ env: { DATA_DIR: dataDir } });
    const who = { platform: 'console' as const, id: 'thu', name: 'thu' };
    const chat = { platform: 'console' as const, id: 'console' };
    for (const text of [
      '/unit add MIC "Ministry of Information" block:government kind:ministry',
      '/blocker add Data exchange owner:MIC',
      '/blocker note B-1 first note',
      '/blocker resolve B-1',
    ])
      await app.dispatcher.handle({ text, who, chat, asAdmin: true });
    await app.close();
    const intact = await verify();
    expect(intact.code).toBe(0);
    expect(intact.stdout).toMatch(/History intact: \d+ rows/);

    const tamper = await openDatabase({ dataDir });
    await tamper.db.execute(sql`update history set actor_name = 'someone else' where seq = 3`);
    await tamper.close();
    const broken = await verify();
    expect(broken.code).toBe(2);
    expect(broken.stdout).toContain('History BROKEN at row 3: row content changed');
  }, 90_000);
});
