import { checkOptions, parseArgs } from '../src/args.ts';
import { UserError } from '../src/domain/errors.ts';
import { reply } from '../src/domain/reply.ts';
import { BLOCKS, UNIT_KINDS } from '../src/domain/types.ts';
import { handleOf } from '../src/services/units.ts';
import { oneOf, splitFirst, usageOf } from './support.ts';
import type { Command } from './types.ts';

const subcommands = {
  add: {
    usage: '/unit add CODE "Name" block:BLOCK kind:ministry|agency|enterprise|locality|party_body',
    summary: 'help.unit.add',
  },
  list: { usage: '/unit list [block:BLOCK]', summary: 'help.unit.list' },
  lead: { usage: '/unit lead CODE @person', summary: 'help.unit.lead' },
  join: { usage: '/unit join CODE', summary: 'help.unit.join' },
  approve: { usage: '/unit approve CODE [@person]', summary: 'help.unit.approve' },
  refuse: { usage: '/unit refuse CODE @person', summary: 'help.unit.refuse' },
  alert: { usage: '/unit alert CODE on|off', summary: 'help.unit.alert' },
};

/** `/unit …`: the unit directory and the watch list. */
export const unit: Command = {
  name: 'unit',
  summary: 'help.unit',
  usage: usageOf(subcommands),
  subcommands,
  async run(ctx, input) {
    const [sub, rest] = splitFirst(input);
    const { words, options } = parseArgs(rest);
    const u = ctx.services.units;
    switch (sub) {
      case 'add': {
        checkOptions(options, ['block', 'kind', 'vi']);
        const [code, ...name] = words;
        if (!code) throw new UserError('args.missing', { what: 'CODE' });
        if (name.length === 0) throw new UserError('args.missing', { what: '"Name"' });
        if (!options.block) throw new UserError('args.missing', { what: 'block:BLOCK' });
        if (!options.kind) throw new UserError('args.missing', { what: 'kind:KIND' });
        const added = await u.add(ctx.actor, {
          code,
          name: name.join(' '),
          nameVi: options.vi ?? null,
          block: oneOf(BLOCKS, options.block, 'block'),
          kind: oneOf(UNIT_KINDS, options.kind, 'kind'),
        });
        const shownName = ctx.lang === 'vi' && added.nameVi ? added.nameVi : added.name;
        return reply.ok(ctx.t('unit.added', { code: added.code, name: shownName }), {
          fields: [
            { label: ctx.t('field.block'), value: ctx.t(`block.${added.block}`) },
            { label: ctx.t('field.kind'), value: ctx.t(`kind.${added.kind}`) },
          ],
        });
      }
      case 'list':
      case '': {
        checkOptions(options, ['block']);
        const block = options.block ? oneOf(BLOCKS, options.block, 'block') : null;
        const all = (await u.list()).filter((x) => !block || x.block === block);
        const leads = await ctx.services.identity.byIds(
          all.map((x) => x.leadId).filter((id): id is number => id !== null),
        );
        const waiting = await u.pendingCounts();
        const title = ctx.t('unit.list_title', { count: all.length });
        if (all.length === 0) return reply.info(title, { lines: [ctx.t('unit.list_empty')] });
        return reply.info(title, {
          items: all.map((x) => ({
            id: x.code,
            text: ctx.lang === 'vi' && x.nameVi ? x.nameVi : x.name,
            detail: [
              ctx.t(`block.${x.block}`),
              ctx.t(`kind.${x.kind}`),
              x.leadId !== null ? `${ctx.t('word.lead')}: ${leads.get(x.leadId)?.name ?? '?'}` : '',
              x.onAlert ? ctx.t('unit.on_alert') : '',
              waiting.get(x.id) ? ctx.t('unit.pending_count', { count: waiting.get(x.id) ?? 0 }) : '',
            ]
              .filter(Boolean)
              .join(' · '),
          })),
        });
      }
      case 'lead': {
        checkOptions(options, []);
        const [code, who] = words;
        if (!code) throw new UserError('args.missing', { what: 'CODE' });
        if (!who) throw new UserError('args.missing', { what: '@person' });
        const person = await ctx.services.identity.findPerson(who);
        const x = await u.setLead(ctx.actor, code, person);
        return reply.ok(ctx.t('unit.lead_set', { code: x.code, person: person.name }));
      }
      case 'join': {
        checkOptions(options, []);
        if (!words[0]) throw new UserError('args.missing', { what: 'CODE' });
        const out = await u.join(ctx.actor, words[0]);
        const code = out.unit.code;
        if (out.kind === 'joined')
          return reply.ok(ctx.t('unit.joined', { code, person: ctx.actor.person.name }));
        if (out.kind === 'member') return reply.info(ctx.t('unit.already_member', { code }));
        return reply.info(ctx.t(out.fresh ? 'unit.join_requested' : 'unit.join_still_pending', { code }));
      }
      case 'approve':
      case 'refuse': {
        checkOptions(options, []);
        const [code, who] = words;
        if (!code) throw new UserError('args.missing', { what: 'CODE' });
        if (!who) {
          if (sub === 'refuse') throw new UserError('args.missing', { what: '@person' });
          const { unit: x, people } = await u.pending(ctx.actor, code);
          const title = ctx.t('unit.requests_title', { code: x.code, count: people.length });
          if (people.length === 0)
            return reply.info(title, { lines: [ctx.t('unit.requests_none', { code: x.code })] });
          return reply.info(title, {
            items: people.map((p) => ({ id: handleOf(p), text: p.name })),
            lines: [ctx.t('unit.requests_hint', { code: x.code })],
          });
        }
        const person = await ctx.services.identity.findPerson(who);
        const x = await u.decide(ctx.actor, code, person, sub === 'approve');
        return reply.ok(
          ctx.t(sub === 'approve' ? 'unit.join_approved' : 'unit.join_refused', {
            code: x.code,
            person: person.name,
          }),
        );
      }
      case 'alert': {
        checkOptions(options, []);
        const [code, state] = words;
        if (!code) throw new UserError('args.missing', { what: 'CODE' });
        const on = oneOf(['on', 'off'] as const, state ?? '', 'state') === 'on';
        const x = await u.setAlert(ctx.actor, code, on);
        return reply.ok(ctx.t(on ? 'unit.alert_on' : 'unit.alert_off', { code: x.code }));
      }
      default:
        throw new UserError('args.unknown_sub', { sub, choices: Object.keys(subcommands).join(', ') });
    }
  },
};
