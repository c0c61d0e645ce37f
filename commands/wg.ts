import { z } from 'zod';
import { firstWord, parseArgs } from '../src/args.ts';
import { formatDateTime, isValidTimeZone } from '../src/dates.ts';
import { UserError } from '../src/domain/errors.ts';
import { reply } from '../src/domain/reply.ts';
import { FEEDS, LANGS, ROLES } from '../src/domain/types.ts';
import { translator } from '../src/i18n/index.ts';
import { personLabel } from '../src/services/identity.ts';
import { oneOf } from './support.ts';
import { sub, tableCommand } from './table.ts';
import { holiday } from './wg-holiday.ts';
import { notify } from './wg-notify.ts';

/** The words of a subcommand that takes no options (`/wg lang vi`). */
const plain = (text: string) => parseArgs(text).words;

function feedSub(action: 'subscribe' | 'unsubscribe') {
  return sub<{ feed: (typeof FEEDS)[number] }>({
    usage: `/wg ${action} weekly|monthly|alerts`,
    summary: `help.wg.${action}`,
    input: z.object({ feed: z.enum(FEEDS) }),
    parse: (_ctx, text) => ({ feed: oneOf(FEEDS, text.trim(), 'feed') }),
    async exec(ctx, { feed }) {
      const s = ctx.services;
      const changed =
        action === 'subscribe'
          ? await s.feeds.subscribe(ctx.actor, ctx.chat, feed)
          : await s.feeds.unsubscribe(ctx.actor, ctx.chat, feed);
      const key =
        action === 'subscribe'
          ? changed
            ? 'wg.subscribed'
            : 'wg.already_subscribed'
          : changed
            ? 'wg.unsubscribed'
            : 'wg.not_subscribed';
      return reply.ok(ctx.t(key, { feed: ctx.t(`feed.${feed}`) }));
    },
  });
}

const link = sub<{ code: string | null }>({
  usage: '/wg link [CODE]',
  summary: 'help.wg.link',
  input: z.object({ code: z.string().nullable() }),
  parse(_ctx, text) {
    const words = plain(text);
    if (words.length > 1) throw new UserError('args.too_many');
    return { code: words[0] ?? null };
  },
  async exec(ctx, { code }) {
    const s = ctx.services;
    if (code) {
      const person = await s.identity.redeemLinkCode(ctx.actor, code);
      return reply.info(ctx.t('wg.linked', { person: person.name }));
    }
    const made = await s.identity.createLinkCode(ctx.actor);
    return reply.info(
      ctx.t('wg.link_code', { code: made.code, until: formatDateTime(made.expiresAt, ctx.tz) }),
    );
  },
});

const lang = sub<{ lang: (typeof LANGS)[number] }>({
  usage: '/wg lang en|vi',
  summary: 'help.wg.lang',
  input: z.object({ lang: z.enum(LANGS) }),
  parse: (_ctx, text) => ({ lang: oneOf(LANGS, text.trim(), 'lang') }),
  async exec(ctx, { lang }) {
    await ctx.services.feeds.setChatLang(ctx.actor, ctx.chat, lang);
    if (ctx.chat.direct) await ctx.services.identity.setPersonal(ctx.actor, { lang });
    return reply.ok(translator(lang)('wg.lang_set', { lang }));
  },
});

const tz = sub<{ tz: string }>({
  usage: '/wg tz Area/City',
  summary: 'help.wg.tz',
  input: z.object({ tz: z.string() }),
  parse(_ctx, text) {
    const words = plain(text);
    if (words.length > 1) throw new UserError('args.too_many');
    return { tz: words[0] ?? '' };
  },
  async exec(ctx, { tz }) {
    if (!isValidTimeZone(tz)) throw new UserError('wg.bad_tz', { tz });
    await ctx.services.identity.setPersonal(ctx.actor, { tz });
    return reply.info(ctx.t('wg.tz_set', { tz, now: formatDateTime(ctx.now, tz) }));
  },
});

const digest = sub<{ on: boolean }>({
  usage: '/wg digest on|off',
  summary: 'help.wg.digest',
  input: z.object({ on: z.boolean() }),
  parse(_ctx, text) {
    const words = plain(text);
    if (words.length > 1) throw new UserError('args.too_many');
    return { on: oneOf(['on', 'off'] as const, words[0] ?? '', 'state') === 'on' };
  },
  async exec(ctx, { on }) {
    const changed = await ctx.services.digest.set(ctx.actor, on);
    const key = on ? 'wg.digest_on' : 'wg.digest_off';
    return reply.ok(ctx.t(changed ? key : `${key}_already`, { time: ctx.services.config.REMINDER_TIME }));
  },
});

const role = sub<{ person: string; role: (typeof ROLES)[number]; unit: string | null }>({
  usage: '/wg role @person admin|member|hotline|external [unit:UNIT]',
  summary: 'help.wg.role',
  input: z.object({ person: z.string().min(1), role: z.enum(ROLES), unit: z.string().nullable() }),
  parse(_ctx, text) {
    const { text: free, options } = parseArgs(text, { unit: 'word' });
    const [who, roleText] = firstWord(free);
    if (!who) throw new UserError('args.missing', { what: '@person' });
    return { person: who, role: oneOf(ROLES, roleText, 'role'), unit: options.unit ?? null };
  },
  async exec(ctx, input) {
    const s = ctx.services;
    const target = await s.identity.findPerson(input.person);
    const unitId = input.unit ? (await s.units.get(input.unit)).id : undefined;
    if (input.role === 'external' && unitId === undefined && target.unitId === null)
      throw new UserError('wg.external_needs_unit');
    await s.identity.setRole(ctx.actor, target, input.role, unitId);
    return reply.ok(ctx.t('wg.role_set', { person: personLabel(target), role: ctx.t(`role.${input.role}`) }));
  },
});

const status = sub<Record<string, unknown>>({
  usage: '/wg status',
  summary: 'help.wg.status',
  input: z.object({}),
  parse(_ctx, text) {
    if (text.trim()) throw new UserError('args.too_many');
    return {};
  },
  async exec(ctx) {
    // Admins only (issue #5), whatever the matrix row says: queue internals name chats and people.
    if (ctx.actor.person.role !== 'admin') throw new UserError('perm.denied', { action: 'wg.status' });
    const s = ctx.services;
    const st = await s.queueStatus();
    const unreached = await s.ledger.unreachedSummary();
    const pending = await s.outbox.pending();
    const extra = [
      ...(unreached.count > 0
        ? [ctx.t('wg.status_unreached', { count: unreached.count, items: unreached.items.join(', ') })]
        : []),
      ...(pending > 0 ? [ctx.t('wg.status_outbox', { count: pending })] : []),
    ];
    if (!st) return reply.info(ctx.t('wg.status_off'), extra.length ? { lines: extra } : {});
    const lines = st.queues.map((q) => ctx.t('wg.status_queue', { ...q, queue: q.name }));
    if (st.down) lines.push(ctx.t('wg.status_down'));
    if (st.unreadable) lines.push(ctx.t('wg.status_unreadable', { reason: st.unreadable }));
    for (const f of st.failed) {
      lines.push(ctx.t('wg.status_failed', { queue: f.queue, id: f.id, name: f.name, reason: f.reason }));
    }
    lines.push(...extra);
    return reply.info(ctx.t('wg.status_title'), { lines });
  },
});

/** `/wg …`: feeds, identity links, language, time zone, where notices go, the daily digest, the working calendar and roles. */
export const wg = tableCommand({
  name: 'wg',
  summary: 'help.wg',
  subcommands: {
    subscribe: feedSub('subscribe'),
    unsubscribe: feedSub('unsubscribe'),
    link,
    lang,
    tz,
    notify,
    digest,
    holiday,
    role,
    status,
  },
});
