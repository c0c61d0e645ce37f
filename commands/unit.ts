import { z } from 'zod';
import { cleanTitle, firstWord, parseArgs, unquote } from '../src/args.ts';
import { UserError } from '../src/domain/errors.ts';
import { reply } from '../src/domain/reply.ts';
import { BLOCKS, UNIT_KINDS } from '../src/domain/types.ts';
import { personLabel } from '../src/services/identity.ts';
import { handleOf } from '../src/services/units.ts';
import { oneOf, unitAndPerson } from './support.ts';
import { sub, tableCommand } from './table.ts';

const add = sub<{
  code: string;
  name: string;
  vi: string | null;
  block: (typeof BLOCKS)[number];
  kind: (typeof UNIT_KINDS)[number];
}>({
  usage: '/unit add CODE "Name" block:BLOCK kind:ministry|agency|enterprise|locality|party_body',
  summary: 'help.unit.add',
  aliases: ['thêm'],
  input: z.object({
    code: z.string().min(1),
    name: z.string().min(1),
    vi: z.string().nullable(),
    block: z.enum(BLOCKS),
    kind: z.enum(UNIT_KINDS),
  }),
  parse(_ctx, text) {
    const { text: free, options } = parseArgs(text, { block: 'word', kind: 'word', vi: 'word' });
    const [code, rawName] = firstWord(free);
    const name = cleanTitle(unquote(rawName));
    if (!code) throw new UserError('args.missing', { what: 'CODE' });
    if (!name) throw new UserError('args.missing', { what: '"Name"' });
    if (!options.block) throw new UserError('args.missing', { what: 'block:BLOCK' });
    if (!options.kind) throw new UserError('args.missing', { what: 'kind:KIND' });
    return {
      code,
      name,
      vi: options.vi ? cleanTitle(options.vi) || null : null,
      block: oneOf(BLOCKS, options.block, 'block'),
      kind: oneOf(UNIT_KINDS, options.kind, 'kind'),
    };
  },
  async exec(ctx, input) {
    const added = await ctx.services.units.add(ctx.actor, {
      code: input.code,
      name: input.name,
      nameVi: input.vi,
      block: input.block,
      kind: input.kind,
    });
    const shownName = ctx.lang === 'vi' && added.nameVi ? added.nameVi : added.name;
    return reply.ok(ctx.t('unit.added', { code: added.code, name: shownName }), {
      fields: [
        { label: ctx.t('field.block'), value: ctx.t(`block.${added.block}`) },
        { label: ctx.t('field.kind'), value: ctx.t(`kind.${added.kind}`) },
      ],
    });
  },
});

const list = sub<{ block: (typeof BLOCKS)[number] | null }>({
  usage: '/unit list [block:BLOCK]',
  summary: 'help.unit.list',
  aliases: ['ds'],
  input: z.object({ block: z.enum(BLOCKS).nullable() }),
  parse(_ctx, text) {
    const { words, options } = parseArgs(text, { block: 'word' });
    if (words.length > 0) throw new UserError('args.too_many');
    return { block: options.block ? oneOf(BLOCKS, options.block, 'block') : null };
  },
  async exec(ctx, { block }) {
    const all = (await ctx.services.units.list()).filter((x) => !block || x.block === block);
    const leads = await ctx.services.identity.byIds(
      all.map((x) => x.leadId).filter((id): id is number => id !== null),
    );
    const waiting = await ctx.services.units.pendingCounts();
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
  },
});

const lead = sub<{ unit: string; person: string }>({
  usage: '/unit lead CODE @person',
  summary: 'help.unit.lead',
  input: z.object({ unit: z.string().min(1), person: z.string().min(1) }),
  parse(_ctx, text) {
    const { unit, person } = unitAndPerson(text);
    if (!unit) throw new UserError('args.missing', { what: 'CODE' });
    if (!person) throw new UserError('args.missing', { what: '@person' });
    return { unit, person };
  },
  async exec(ctx, input) {
    const person = await ctx.services.identity.findPerson(input.person);
    const x = await ctx.services.units.setLead(ctx.actor, input.unit, person);
    return reply.ok(ctx.t('unit.lead_set', { code: x.code, person: personLabel(person) }));
  },
});

const join = sub<{ unit: string }>({
  usage: '/unit join CODE',
  summary: 'help.unit.join',
  input: z.object({ unit: z.string().min(1) }),
  parse(_ctx, text) {
    const unit = unquote(text.trim());
    if (!unit) throw new UserError('args.missing', { what: 'CODE' });
    return { unit };
  },
  async exec(ctx, input) {
    // A request for the unit's lead or an admin to approve; only admins join at once.
    const out = await ctx.services.units.join(ctx.actor, input.unit);
    const code = out.unit.code;
    if (out.kind === 'joined') return reply.ok(ctx.t('unit.joined', { code, person: ctx.actor.person.name }));
    if (out.kind === 'member') return reply.info(ctx.t('unit.already_member', { code }));
    return reply.info(ctx.t(out.fresh ? 'unit.join_requested' : 'unit.join_still_pending', { code }));
  },
});

/** `/unit approve CODE @person` and `/unit refuse CODE @person`; `/unit approve CODE` lists who waits. */
function decideSub(approve: boolean) {
  return sub<{ unit: string; person: string | null }>({
    usage: approve ? '/unit approve CODE [@person]' : '/unit refuse CODE @person',
    summary: approve ? 'help.unit.approve' : 'help.unit.refuse',
    aliases: approve ? ['duyệt'] : ['từ-chối'],
    input: z.object({ unit: z.string().min(1), person: z.string().nullable() }),
    parse(_ctx, text) {
      const { unit, person } = unitAndPerson(text);
      if (!unit) throw new UserError('args.missing', { what: 'CODE' });
      if (!person && !approve) throw new UserError('args.missing', { what: '@person' });
      return { unit, person };
    },
    async exec(ctx, input) {
      const u = ctx.services.units;
      if (!input.person) {
        const { unit: x, people } = await u.pending(ctx.actor, input.unit);
        const title = ctx.t('unit.requests_title', { code: x.code, count: people.length });
        if (people.length === 0)
          return reply.info(title, { lines: [ctx.t('unit.requests_none', { code: x.code })] });
        return reply.info(title, {
          items: people.map((p) => ({ id: handleOf(p), text: personLabel(p) })),
          lines: [ctx.t('unit.requests_hint', { code: x.code })],
        });
      }
      const person = await ctx.services.identity.findPerson(input.person);
      const x = await u.decide(ctx.actor, input.unit, person, approve);
      return reply.ok(
        ctx.t(approve ? 'unit.join_approved' : 'unit.join_refused', {
          code: x.code,
          person: personLabel(person),
        }),
      );
    },
  });
}

const alert = sub<{ unit: string; on: boolean }>({
  usage: '/unit alert CODE on|off',
  summary: 'help.unit.alert',
  input: z.object({ unit: z.string().min(1), on: z.boolean() }),
  parse(_ctx, text) {
    const t = text.trim();
    const cut = t.search(/\S+$/);
    const state = cut >= 0 ? t.slice(cut) : '';
    const unit = unquote(cut >= 0 ? t.slice(0, cut).trim() : '');
    if (!unit) throw new UserError('args.missing', { what: 'CODE' });
    return { unit, on: oneOf(['on', 'off'] as const, state, 'state') === 'on' };
  },
  async exec(ctx, input) {
    const x = await ctx.services.units.setAlert(ctx.actor, input.unit, input.on);
    return reply.ok(ctx.t(input.on ? 'unit.alert_on' : 'unit.alert_off', { code: x.code }));
  },
});

/** `/unit …`: the unit directory and the watch list. */
export const unit = tableCommand({
  name: 'unit',
  summary: 'help.unit',
  subcommands: { add, list, lead, join, approve: decideSub(true), refuse: decideSub(false), alert },
  otherwise: (ctx, input) => (input.trim() ? undefined : list.exec?.(ctx, { block: null })),
});
