import { randomBytes } from 'node:crypto';
import { commandHelp } from '../commands/help.ts';
import { commands, findCommand } from '../commands/index.ts';
import { execSub, findSub, runSub } from '../commands/table.ts';
import type { Command, CommandContext } from '../commands/types.ts';
import { cleanText, TEXT_MAX } from './args.ts';
import { isUserError, UserError } from './domain/errors.ts';
import { replyLang } from './domain/lang.ts';
import type { Actor, InboxClaim } from './domain/ports.ts';
import type { ChatRef, PlatformIdentity } from './domain/records.ts';
import { type Reply, reply } from './domain/reply.ts';
import { nearest } from './domain/similarity.ts';
import type { Lang } from './domain/types.ts';
import type { Metrics } from './http/metrics.ts';
import { hasKey, translator } from './i18n/index.ts';
import type { Logger } from './logger.ts';
import type { Services } from './services/index.ts';
import { commandLimiter } from './services/rate-limit.ts';

/** Replies that report a failure on our side (for the commands metric's outcome). */
const internal = new WeakSet<Reply>();

/** One command as an adapter received it. */
export interface Incoming {
  /** The command text as typed: `/blocker add …`, `/blocker@steerbot add …`, or without the slash. */
  text: string;
  who: PlatformIdentity;
  chat: ChatRef;
  /** The console's local user is an admin. */
  asAdmin?: boolean;
  replyTo?: CommandContext['replyTo'];
  page?: number;
  /** The console's `/as @person …`: run as that person, the history noting the admin who typed it. */
  actingFor?: { personId: number; by: string };
  /** The inbox row this command runs for (from `inbox.accept`): its change marks it applied. */
  claim?: InboxClaim | undefined;
}

export interface Outcome {
  reply: Reply;
  lang: Lang;
  tz: string;
  actor: Actor | null;
  /** The command name that ran (`blocker`), when one was found. */
  command: string | null;
}

/** `/blocker@bot add x` → `{ name: 'blocker', rest: 'add x' }`. */
export function splitCommand(text: string): { name: string; rest: string } {
  const m = /^\s*\/?([^\s@]*)(?:@\S*)?\s*([\s\S]*)$/.exec(text);
  return { name: (m?.[1] ?? '').toLowerCase(), rest: (m?.[2] ?? '').trim() };
}

/**
 * A button press as the command it stands for: `blocker.start` + `B-3` → `/blocker start B-3`,
 * `reminder.snooze` + `B-3:1` → `/blocker snooze B-3 1`.
 */
export function actionToCommand(action: string, value: string): string | null {
  if (action === 'reminder.snooze') {
    const m = /^([Bb]-?\d+):([13])$/.exec(value);
    return m ? `/blocker snooze ${m[1]} ${m[2]}` : null;
  }
  const [cmd, sub] = action.split('.');
  if (!cmd || !sub || !/^[A-Za-z]-?\d+$/.test(value)) return null;
  if (cmd === 'blocker' && ['start', 'resolve', 'reopen', 'show'].includes(sub))
    return `/blocker ${sub} ${value}`;
  if (cmd === 'extension' && (sub === 'approve' || sub === 'reject')) return `/extension ${sub} ${value}`;
  return null;
}

/**
 * Error parameters that are vocabulary, put into the reader's words: error code -> parameter ->
 * catalog family (`status.already` `{ status: 'in_progress' }` reads "in progress", "đang xử lý").
 */
const PARAM_WORDS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'perm.denied': { action: 'perm' },
  'status.already': { status: 'status' },
  'status.not_allowed': { from: 'status', action: 'verb' },
  'extension.decided': { status: 'xstatus' },
  'args.bad_choice': { what: 'arg' },
  'args.bad_choice_near': { what: 'arg' },
  'args.bad_id': { kind: 'arg' },
  'args.missing_id': { kind: 'arg' },
};

/** The command, the person's name and a replied-to message with unstorable characters removed. */
function cleanIncoming(incoming: Incoming): Incoming {
  return {
    ...incoming,
    text: cleanText(incoming.text),
    who: { ...incoming.who, name: cleanText(incoming.who.name) },
    ...(incoming.replyTo ? { replyTo: { ...incoming.replyTo, text: cleanText(incoming.replyTo.text) } } : {}),
  };
}

/** The usage to show under an error: the subcommand's when it is known, else the command's. */
function usageFor(cmd: Command, rest: string): string {
  const sub = rest.split(/\s+/)[0] ?? '';
  return (cmd.subcommands && findSub(cmd.subcommands, sub)?.usage) ?? cmd.usage;
}

/** The longest command text read at all: every field's limit with room for options (linear beyond). */
export const COMMAND_MAX = TEXT_MAX * 4;

/** A typed call from a form: a command's subcommand (or the command itself) with its input. */
export interface TypedCall {
  command: string;
  /** The subcommand (`add`), or absent for a command without subcommands (`hotline`). */
  sub?: string;
  /** Typed input, checked by the subcommand's schema. */
  input?: unknown;
  /** Or the subcommand's argument text, read by its own parser (a typed answer to a question). */
  text?: string;
}

/**
 * The one entry point every adapter calls: finds the person and the command, runs it in the
 * person's language and time zone, and turns any failure into a one-line reply (never a stack trace).
 */
export function createDispatcher(services: Services, log: Logger, metrics?: Metrics) {
  const config = services.config;
  const overLimit = commandLimiter(services.clock);

  /** The person an admin acts for (console `/as`), with their own role and units. */
  async function actingActor(f: NonNullable<Incoming['actingFor']>, platform: Actor['platform']) {
    const person = await services.identity.byId(f.personId);
    if (!person) throw new UserError('person.unknown', { person: `#${f.personId}` });
    const actor = await services.identity.refresh({ person, platform, leadOf: [] });
    return { ...actor, actingAdmin: f.by };
  }

  async function contextFor(incoming: Incoming): Promise<CommandContext> {
    const resolved = incoming.actingFor
      ? await actingActor(incoming.actingFor, incoming.who.platform)
      : await services.identity.resolve(incoming.who, { asAdmin: incoming.asAdmin ?? false });
    const actor: Actor = incoming.claim ? { ...resolved, claim: incoming.claim } : resolved;
    const chatLang = await services.feeds.chatLang(incoming.chat);
    const lang: Lang = replyLang(chatLang, actor.person.lang, config.BOT_LOCALE);
    const tz = actor.person.tz ?? config.TZ_DEFAULT;
    return {
      services,
      actor,
      chat: incoming.chat,
      lang,
      tz,
      t: translator(lang),
      now: services.clock.now(),
      replyTo: incoming.replyTo,
      page: incoming.page,
    };
  }

  /** A failure as the reply the user sees. */
  function failure(err: unknown, lang: Lang, cmd: Command | undefined, rest: string): Reply {
    const t = translator(lang);
    if (isUserError(err)) {
      const params: Record<string, string | number> = { ...err.params };
      for (const [name, family] of Object.entries(PARAM_WORDS[err.code] ?? {})) {
        const key = `${family}.${params[name]}`;
        if (hasKey(key)) params[name] = t(key);
      }
      const usage = cmd && !err.code.startsWith('perm.') ? usageFor(cmd, rest) : undefined;
      return reply.error(`${t('error.title')}: ${t(err.code, params)}`, usage);
    }
    const ref = randomBytes(4).toString('hex');
    log.error({ err, ref, command: cmd?.name }, 'command failed');
    const failed = reply.error(t('error.internal', { ref }));
    internal.add(failed);
    return failed;
  }

  /** Adds the renderers' words in the reply's language. */
  const labelled = (r: Reply, lang: Lang): Reply => {
    const t = translator(lang);
    return {
      ...r,
      labels: {
        usage: t('error.usage'),
        actions: t('word.actions'),
        page: t('word.page', { page: '{page}', pages: '{pages}' }),
      },
    };
  };

  return {
    contextFor,
    labelled,

    async handle(incoming: Incoming): Promise<Outcome> {
      const out = await this.run(incoming);
      const outcome = out.reply.kind !== 'error' ? 'ok' : internal.has(out.reply) ? 'error' : 'user_error';
      metrics?.command(incoming.who.platform, out.command, outcome);
      return { ...out, reply: labelled(out.reply, out.lang) };
    },

    async run(raw: Incoming): Promise<Outcome> {
      const incoming = cleanIncoming(raw);
      const { name, rest } = splitCommand(incoming.text);
      const cmd = findCommand(name || 'help');
      return this.within(incoming, cmd, rest, async (ctx) => {
        if (!cmd) {
          const near = nearest(
            name,
            commands.map((c) => c.name),
          );
          throw near
            ? new UserError('cmd.unknown_near', { command: name, suggestion: near })
            : new UserError('cmd.unknown', { command: name });
        }
        if (incoming.text.length > COMMAND_MAX)
          throw new UserError('args.too_long', {
            field: 'command',
            max: COMMAND_MAX,
            length: incoming.text.length,
          });
        if (/^help$/i.test(rest) && cmd.name !== 'help') return commandHelp(ctx.t, cmd);
        return cmd.run(ctx, rest);
      });
    },

    /**
     * Runs a typed call from a form (Slack's modal, Telegram's guided questions) as `incoming.who`:
     * the same executor, permissions and error replies as the typed command, without a command line.
     */
    async execute(raw: Omit<Incoming, 'text'>, call: TypedCall): Promise<Outcome> {
      const incoming = cleanIncoming({ ...raw, text: '' });
      const cmd = findCommand(call.command);
      const sub = call.sub ? cmd?.subcommands?.[call.sub] : cmd?.main;
      if (!cmd || !sub) throw new Error(`no such typed call: ${call.command} ${call.sub ?? ''}`);
      const out = await this.within(incoming, cmd, call.sub ?? '', (ctx) =>
        call.text !== undefined ? runSub(sub, ctx, cleanText(call.text)) : execSub(sub, ctx, call.input),
      );
      return { ...out, reply: labelled(out.reply, out.lang) };
    },

    /** Runs `body` in the person's context; a failure becomes the one-line reply. */
    async within(
      incoming: Incoming,
      cmd: Command | undefined,
      rest: string,
      body: (ctx: CommandContext) => Promise<Reply>,
    ): Promise<Outcome> {
      let lang: Lang = config.BOT_LOCALE;
      let tz = config.TZ_DEFAULT;
      let actor: Actor | null = null;
      try {
        const ctx = await contextFor(incoming);
        ({ lang, tz, actor } = ctx);
        const wait = overLimit(incoming.who, actor.person.role);
        if (wait !== null)
          return {
            reply: reply.info(ctx.t('rate.slow_down', { seconds: wait })),
            lang,
            tz,
            actor,
            command: null,
          };
        const out = await body(ctx);
        log.debug({ command: cmd?.name, person: actor.person.id, platform: actor.platform }, 'command done');
        return { reply: out, lang, tz, actor, command: cmd?.name ?? null };
      } catch (err) {
        return { reply: failure(err, lang, cmd, rest), lang, tz, actor, command: cmd?.name ?? null };
      }
    },
  };
}

export type Dispatcher = ReturnType<typeof createDispatcher>;
