import { checkOptions, parseArgs } from '../src/args.ts';
import { formatDateTime, isValidTimeZone } from '../src/dates.ts';
import { UserError } from '../src/domain/errors.ts';
import { reply } from '../src/domain/reply.ts';
import { FEEDS, LANGS, ROLES } from '../src/domain/types.ts';
import { translator } from '../src/i18n/index.ts';
import { requireUnit } from '../src/services/units.ts';
import { oneOf, splitFirst, usageOf } from './support.ts';
import type { Command } from './types.ts';

const subcommands = {
  subscribe: { usage: '/wg subscribe weekly|monthly|alerts', summary: 'help.wg.subscribe' },
  unsubscribe: { usage: '/wg unsubscribe weekly|monthly|alerts', summary: 'help.wg.unsubscribe' },
  link: { usage: '/wg link [CODE]', summary: 'help.wg.link' },
  lang: { usage: '/wg lang en|vi', summary: 'help.wg.lang' },
  tz: { usage: '/wg tz Area/City', summary: 'help.wg.tz' },
  role: { usage: '/wg role @person admin|member|hotline|external [unit:UNIT]', summary: 'help.wg.role' },
  status: { usage: '/wg status', summary: 'help.wg.status' },
};

/** `/wg …`: feeds, identity links, language, time zone and roles. */
export const wg: Command = {
  name: 'wg',
  summary: 'help.wg',
  usage: usageOf(subcommands),
  subcommands,
  async run(ctx, input) {
    const [sub, rest] = splitFirst(input);
    const { words, options } = parseArgs(rest);
    const s = ctx.services;
    switch (sub) {
      case 'subscribe':
      case 'unsubscribe': {
        checkOptions(options, []);
        const feed = oneOf(FEEDS, words[0] ?? '', 'feed');
        const changed =
          sub === 'subscribe'
            ? await s.feeds.subscribe(ctx.actor, ctx.chat, feed)
            : await s.feeds.unsubscribe(ctx.actor, ctx.chat, feed);
        const key =
          sub === 'subscribe'
            ? changed
              ? 'wg.subscribed'
              : 'wg.already_subscribed'
            : changed
              ? 'wg.unsubscribed'
              : 'wg.not_subscribed';
        return reply.ok(ctx.t(key, { feed: ctx.t(`feed.${feed}`) }));
      }
      case 'link': {
        checkOptions(options, []);
        if (words[0]) {
          const person = await s.identity.redeemLinkCode(ctx.actor, words[0]);
          return reply.info(ctx.t('wg.linked', { person: person.name }));
        }
        const { code, expiresAt } = await s.identity.createLinkCode(ctx.actor);
        return reply.info(ctx.t('wg.link_code', { code, until: formatDateTime(expiresAt, ctx.tz) }));
      }
      case 'lang': {
        checkOptions(options, []);
        const lang = oneOf(LANGS, words[0] ?? '', 'lang');
        await s.feeds.setChatLang(ctx.actor, ctx.chat, lang);
        if (ctx.chat.direct) await s.identity.setPersonal(ctx.actor, { lang });
        return reply.ok(translator(lang)('wg.lang_set', { lang }));
      }
      case 'tz': {
        checkOptions(options, []);
        const tz = words[0] ?? '';
        if (!isValidTimeZone(tz)) throw new UserError('wg.bad_tz', { tz });
        await s.identity.setPersonal(ctx.actor, { tz });
        return reply.info(ctx.t('wg.tz_set', { tz, now: formatDateTime(ctx.now, tz) }));
      }
      case 'role': {
        checkOptions(options, ['unit']);
        const [who, roleText] = words;
        if (!who) throw new UserError('args.missing', { what: '@person' });
        const role = oneOf(ROLES, roleText ?? '', 'role');
        const target = await s.identity.findPerson(who);
        const unitId = options.unit ? (await requireUnit(s.deps.database.db, options.unit)).id : undefined;
        if (role === 'external' && unitId === undefined && target.unitId === null)
          throw new UserError('wg.external_needs_unit');
        await s.identity.setRole(ctx.actor, target, role, unitId);
        return reply.ok(ctx.t('wg.role_set', { person: target.name, role: ctx.t(`role.${role}`) }));
      }
      case 'status': {
        checkOptions(options, []);
        // Admins only (issue #5), whatever the matrix row says: queue internals name chats and people.
        if (ctx.actor.person.role !== 'admin') throw new UserError('perm.denied', { action: 'wg.status' });
        const st = await s.deps.scheduler.status();
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
        for (const f of st.failed) {
          lines.push(ctx.t('wg.status_failed', { queue: f.queue, id: f.id, name: f.name, reason: f.reason }));
        }
        lines.push(...extra);
        return reply.info(ctx.t('wg.status_title'), { lines });
      }
      default:
        throw new UserError('args.unknown_sub', { sub, choices: Object.keys(subcommands).join(', ') });
    }
  },
};
