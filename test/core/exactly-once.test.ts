import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { InboxClaim } from '../../src/domain/ports.ts';
import type { PlatformIdentity } from '../../src/domain/records.ts';
import { renderText } from '../../src/render/text.ts';
import { AlreadyAppliedError } from '../../src/services/inbox.ts';
import { inboxRepo } from '../../src/store/inbox-repo.ts';
import { DB_KINDS, queryRows, standardUnits, useWorld, type World } from './harness.ts';

/** A fresh inbox row, as an adapter accepts a delivery: its first claim. */
async function accepted(w: World, key: string): Promise<InboxClaim> {
  const claim = await w.app.services.inbox.accept({ platform: 'slack', key, kind: 'command', payload: {} });
  if (!claim) throw new Error('not accepted');
  return claim;
}

/** The claim a process that takes the row over after a restart holds. */
const retaken = (c: InboxClaim): InboxClaim => ({ id: c.id, attempt: c.attempt + 1 });

async function appliedAttempt(w: World, id: number): Promise<number | null> {
  const row = (await inboxRepo.all(w.app.database.db)).find((r) => r.id === id);
  return row?.appliedAttempt ?? null;
}

async function count(w: World, table: 'blockers' | 'link_codes' | 'persons'): Promise<number> {
  const [r] = await queryRows<{ n: number }>(w.app, sql.raw(`select count(*)::int as n from ${table}`));
  return r?.n ?? 0;
}

async function say(w: World, who: PlatformIdentity, text: string, claim: InboxClaim): Promise<string> {
  const out = await w.app.dispatcher.handle({ text, who, chat: w.chat, claim });
  return renderText(out.reply);
}

describe.each(DB_KINDS)('exactly once: the claim a command carries (%s)', (kind) => {
  const w = useWorld(kind);

  it('a change run for a claim marks its row; the same command under a later claim changes nothing', async () => {
    await standardUnits(w);
    const ana = await w.person('ana', 'member', 'MIC');
    const claim = await accepted(w, 'sig:add-1');
    expect(await say(w, ana, '/blocker add Portal down owner:MIC', claim)).toContain('B-1');
    expect(await appliedAttempt(w, claim.id)).toBe(claim.attempt);
    const rows = await w.historyCount();

    // A second process took the row over after a kill and runs the command again.
    await say(w, ana, '/blocker add Portal down owner:MIC', retaken(claim));
    expect(await count(w, 'blockers')).toBe(1);
    expect(await w.historyCount()).toBe(rows);
    expect(await appliedAttempt(w, claim.id)).toBe(claim.attempt);
  });

  it('refuses the second claim inside the transaction (AlreadyAppliedError), so it rolls back', async () => {
    await standardUnits(w);
    const actor = await w.actor(await w.person('ana', 'member', 'MIC'));
    const claim = await accepted(w, 'sig:add-2');
    await w.app.services.blockers.add({ ...actor, claim }, { title: 'First', ownerUnit: 'MIC' });
    await expect(
      w.app.services.blockers.add({ ...actor, claim: retaken(claim) }, { title: 'First', ownerUnit: 'MIC' }),
    ).rejects.toBeInstanceOf(AlreadyAppliedError);
    expect(await count(w, 'blockers')).toBe(1);
  });

  it('holds for a use case that writes records but no history row (a link code)', async () => {
    const ana = await w.person('ana', 'member');
    const claim = await accepted(w, 'sig:link-1');
    const rows = await w.historyCount();
    expect(await say(w, ana, '/wg link', claim)).toMatch(/[0-9A-Z]{5}-[0-9A-Z]{5}/);
    expect(await w.historyCount()).toBe(rows);
    expect(await appliedAttempt(w, claim.id)).toBe(claim.attempt);
    const [before] = await queryRows<{ code: string }>(w.app, sql`select code from link_codes`);

    await say(w, ana, '/wg link', retaken(claim));
    const after = await queryRows<{ code: string }>(w.app, sql`select code from link_codes`);
    expect(after).toEqual([before]);
  });

  it('does not mark the row for meeting a person: first contact runs without the claim', async () => {
    const claim = await accepted(w, 'sig:help-1');
    const newcomer: PlatformIdentity = { platform: 'slack', id: 'UNEW', name: 'newcomer' };
    await say(w, newcomer, '/help', claim);
    expect(await count(w, 'persons')).toBe(1);
    expect((await w.history('person', '1')).map((h) => h.action)).toEqual(['first_contact']);
    expect(await appliedAttempt(w, claim.id)).toBeNull();

    // The console's admin grant on first contact is a meeting too.
    const root = await accepted(w, 'console:root');
    await w.app.dispatcher.handle({ text: '/help', who: w.admin, chat: w.chat, asAdmin: true, claim: root });
    expect(await appliedAttempt(w, root.id)).toBeNull();
  });

  it('leaves the row unmarked when the change is refused (the transaction rolled back)', async () => {
    const ana = await w.person('ana', 'member');
    const claim = await accepted(w, 'sig:bad-1');
    expect(await say(w, ana, '/blocker add Portal down owner:NOPE', claim)).toContain('NOPE');
    expect(await appliedAttempt(w, claim.id)).toBeNull();
  });
});
