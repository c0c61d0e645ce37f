import { z } from 'zod';
import { parseArgs } from '../src/args.ts';
import { UserError } from '../src/domain/errors.ts';
import { NOTIFY_PLATFORMS, notifyOrder } from '../src/domain/notify.ts';
import { reply } from '../src/domain/reply.ts';
import type { Person } from '../src/domain/types.ts';
import { oneOf } from './support.ts';
import { sub } from './table.ts';
import type { CommandContext } from './types.ts';

/** Where the person's notices go with no choice made: the platform last used, else the first they have. */
const defaultOf = (p: Person) => notifyOrder({ ...p, notifyPlatform: null })[0] ?? null;

/** `/wg notify` alone: where notices go now, the choice made (if any) and the default. */
async function shown(ctx: CommandContext) {
  const p = (await ctx.services.identity.byId(ctx.actor.person.id)) ?? ctx.actor.person;
  const now = notifyOrder(p)[0];
  if (!now) return reply.info(ctx.t('wg.notify_nowhere'));
  const fallback = defaultOf(p);
  const choice = p.notifyPlatform && p.notifyPlatform === now ? p.notifyPlatform : null;
  return reply.info(ctx.t('wg.notify_current', { platform: now }), {
    lines: [
      choice ? ctx.t('wg.notify_choice', { platform: choice }) : ctx.t('wg.notify_no_choice'),
      ctx.t('wg.notify_default', { platform: fallback ?? now }),
    ],
  });
}

/** `/wg notify slack|telegram|zalo`: the one platform this person's reminders and notices go to. */
export const notify = sub<{ platform: (typeof NOTIFY_PLATFORMS)[number] }>({
  usage: '/wg notify [slack|telegram|zalo]',
  summary: 'help.wg.notify',
  input: z.object({ platform: z.enum(NOTIFY_PLATFORMS) }),
  bare: shown,
  parse(_ctx, text) {
    const words = parseArgs(text).words;
    if (words.length > 1) throw new UserError('args.too_many');
    return { platform: oneOf(NOTIFY_PLATFORMS, words[0] ?? '', 'platform') };
  },
  async exec(ctx, { platform }) {
    const changed = await ctx.services.identity.setNotify(ctx.actor, platform);
    return reply.ok(ctx.t(changed ? 'wg.notify_set' : 'wg.notify_already', { platform }));
  },
});
