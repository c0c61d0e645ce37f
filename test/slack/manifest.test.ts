import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { SLASH_COMMANDS } from '../../src/adapters/slack/commands.ts';
import { SLACK_EVENTS } from '../../src/adapters/slack/events.ts';
import { SLACK_EVENTS_PATH } from '../../src/adapters/slack/index.ts';
import { LOG_SHORTCUT } from '../../src/adapters/slack/interactions.ts';

const manifest = await readFile(new URL('../../manifest.yml', import.meta.url), 'utf8');

/** The `- item` lines right under `key:` (this file's simple YAML lists). */
function listUnder(key: string): string[] {
  const lines = manifest.split('\n');
  const start = lines.findIndex((l) => l.trim() === `${key}:`);
  const indent = (lines[start] ?? '').search(/\S/);
  const out: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.trim() === '' || line.trim().startsWith('#')) continue;
    if (line.search(/\S/) <= indent) break;
    const m = /^\s*- (\S+)$/.exec(line);
    if (m?.[1]) out.push(m[1]);
  }
  return out;
}

describe('manifest.yml', () => {
  it('declares every chat command as a slash command at /slack/events, with mentions escaped', () => {
    const commands = [...manifest.matchAll(/^\s*- command: (\S+)$/gm)].map((m) => m[1]);
    expect(commands.sort()).toEqual([...SLASH_COMMANDS].sort());
    const urls = [...manifest.matchAll(/^\s*(?:url|request_url): (\S+)$/gm)].map((m) => m[1] ?? '');
    expect(urls).toHaveLength(SLASH_COMMANDS.length + 2);
    for (const url of urls) expect(url.endsWith(SLACK_EVENTS_PATH)).toBe(true);
    expect(manifest.match(/should_escape: true/g)).toHaveLength(SLASH_COMMANDS.length);
  });

  it('declares the shortcut, the events and the scopes the adapter uses', () => {
    expect(manifest).toContain(`callback_id: ${LOG_SHORTCUT}`);
    expect(listUnder('bot_events').sort()).toEqual([...SLACK_EVENTS].sort());
    expect(listUnder('bot').sort()).toEqual(
      [
        'app_mentions:read',
        'chat:write',
        'chat:write.public',
        'commands',
        'files:write',
        'users:read',
      ].sort(),
    );
    expect(manifest).toMatch(/home_tab_enabled: true/);
    expect(manifest).toMatch(/is_enabled: true/);
  });
});
