import { randomBytes } from 'node:crypto';
import { type ActingFor, actingFor } from '../commands/act-as.ts';
import { commandHelp } from '../commands/help.ts';
import { homePage } from '../commands/home.ts';
import { commands, findCommand } from '../commands/index.ts';
import { execSub, findSub, runSub } from '../commands/table.ts';
import type { Command, CommandContext, Subcommand } from '../commands/types.ts';
import { cleanText, TEXT_MAX } from './args.ts';
import { isUserError, UserError } from './domain/errors.ts';
import { replyLang } from './domain/lang.ts';
import type { Notice } from './domain/notice.ts';
import type { Actor, InboxClaim, Metrics } from './domain/ports.ts';
import type { ChatRef, PlatformIdentity } from './domain/records.ts';
import { type Reply, reply } from './domain/reply.ts';
import { nearest } from './domain/similarity.ts';
import type { Lang } from './domain/types.ts';
import { hasKey, type Translate, translator } from './i18n/index.ts';
import { replyLabels } from './i18n/labels.ts';
import type { Logger } from './logger.ts';
import { noticeReply } from './present/notice.ts';
import type { Services } from './services/index.ts';
import { commandLimiter } from './services/rate-limit.ts';

export type { ActingFor } from '../commands/act-as.ts';
export type { ChatRef, PlatformIdentity } from './domain/records.ts';

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
  /** The inbox row this command runs for (Slack, Telegram): the actor carries it to the change. */
  claim?: InboxClaim | undefined;
  /**
   * Other people the platform showed with it (mentioned, picked in a form, replied to): made
   * persons before the command runs, so it can name them.
   */
  others?: PlatformIdentity[] | undefined;
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

/** What the dispatcher counts (the commands metric), behind the metrics port. */
export type CommandMetrics = Pick<Metrics, 'command'>;

/**
 * One person's turn at a platform's form or question, their context resolved once: their words,
 * zone and clock to check what they typed, and the calls that act as them in that same context.
 */
export interface Turn {
  lang: Lang;
  tz: string;
  now: Date;
  t: Translate;
  /** Runs a command line as this person (a button's command, another page of a list). */
  handle(line: Pick<Incoming, 'text' | 'page' | 'replyTo'>): Promise<Outcome>;
  /** Runs a typed call from a form as this person (see {@link Dispatcher.execute}). */
  execute(call: TypedCall, replyTo?: Incoming['replyTo']): Promise<Outcome>;
  /** The refusal the command behind a form button would give, or null: see {@link Dispatcher.check}. */
  check(action: string, value: string): Promise<Reply | null>;
  /** A unit by code or name, for a question that asks for one; throws the core's UserError otherwise. */
  unit(name: string): Promise<{ code: string }>;
}

/** The buttons that open a form or a question, and the subcommand the form's answer runs. */
const FORM_BUTTONS: Readonly<Record<string, { command: string; sub: string }>> = {
  'blocker.extend': { command: 'blocker', sub: 'due' },
  'extension.reject': { command: 'extension', sub: 'reject' },
};

/** Errors of the console's `/as` shown without its usage line. */
const AS_NO_USAGE = new Set(['console.as_admin_only', 'console.as_self']);
export const AS_USAGE = '/as @person <command>';

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

/** Adds the renderers' words in the reply's language. */
export function labelled(r: Reply, lang: Lang): Reply {
  return { ...r, labels: replyLabels(lang) };
}

/** A UserError as the one line the user sees (its parameters in the reader's words), with a usage. */
function userErrorReply(t: Translate, err: UserError, usage: string | undefined): Reply {
  const params: Record<string, string | number> = { ...err.params };
  for (const [name, family] of Object.entries(PARAM_WORDS[err.code] ?? {})) {
    const key = `${family}.${params[name]}`;
    if (hasKey(key)) params[name] = t(key);
  }
  return reply.error(`${t('error.title')}: ${t(err.code, params)}`, usage);
}

/** The command named in a line, or the one-line refusal (unknown, too long) as a UserError. */
function commandOf(incoming: Incoming, name: string): Command {
  const cmd = findCommand(name || 'help');
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
  return cmd;
}

/** The subcommand (or the command itself) a typed call names. */
function typedSub(call: Pick<TypedCall, 'command' | 'sub'>): { cmd: Command; sub: Subcommand<unknown> } {
  const cmd = findCommand(call.command);
  const sub = call.sub ? cmd?.subcommands?.[call.sub] : cmd?.main;
  if (!cmd || !sub) throw new Error(`no such typed call: ${call.command} ${call.sub ?? ''}`);
  return { cmd, sub };
}

/**
 * The one entry point every adapter calls: finds the person and the command, runs it in the
 * person's language and time zone, and turns any failure into a one-line reply (never a stack
 * trace). The person is resolved once per call (adapters hand over the platform identity only).
 */
export class Dispatcher {
  private readonly overLimit: ReturnType<typeof commandLimiter>;

  constructor(
    private readonly services: Services,
    private readonly log: Logger,
    private readonly metrics?: CommandMetrics,
  ) {
    this.overLimit = commandLimiter(services.clock);
  }

  private get config() {
    return this.services.config;
  }

  /** Runs a typed command line as `incoming.who` and answers it (in `ctx` when it is resolved already). */
  async handle(incoming: Incoming, ctx?: CommandContext): Promise<Outcome> {
    const out = await this.run(incoming, ctx);
    const outcome = out.reply.kind !== 'error' ? 'ok' : internal.has(out.reply) ? 'error' : 'user_error';
    this.metrics?.command(incoming.who.platform, out.command, outcome);
    return { ...out, reply: labelled(out.reply, out.lang) };
  }

  /** {@link handle} without the labels and the metric. */
  async run(raw: Incoming, ctx?: CommandContext): Promise<Outcome> {
    const incoming = cleanIncoming(raw);
    const { name, rest } = splitCommand(incoming.text);
    const cmd = findCommand(name || 'help');
    const given = ctx && { ...ctx, page: incoming.page, replyTo: incoming.replyTo };
    const body = async (c: CommandContext) => {
      const found = commandOf(incoming, name);
      if (/^help$/i.test(rest) && found.name !== 'help') return commandHelp(c.t, found);
      return found.run(c, rest);
    };
    return this.within(incoming, cmd, rest, body, given);
  }

  /**
   * Runs a typed call from a form (Slack's modal, Telegram's guided questions) as `incoming.who`:
   * the same executor, permissions and error replies as the typed command, without a command line.
   */
  async execute(raw: Omit<Incoming, 'text'>, call: TypedCall, ctx?: CommandContext): Promise<Outcome> {
    const incoming = cleanIncoming({ ...raw, text: '' });
    const { cmd, sub } = typedSub(call);
    const out = await this.within(
      incoming,
      cmd,
      call.sub ?? '',
      (c) => (call.text !== undefined ? runSub(sub, c, cleanText(call.text)) : execSub(sub, c, call.input)),
      ctx,
    );
    return { ...out, reply: labelled(out.reply, out.lang) };
  }

  /**
   * Before a platform opens the form or question of a button (`blocker.extend` B-3,
   * `extension.reject` X-2): the one-line refusal the command would give this person, or null
   * when they may go ahead. The same rule on every platform.
   */
  async check(incoming: Omit<Incoming, 'text'>, action: string, value: string): Promise<Reply | null> {
    return this.turn(incoming, (turn) => turn.check(action, value));
  }

  /** A person's page (the Slack Home tab): their items, this week's, their units' overdue ones. */
  async home(raw: Omit<Incoming, 'text'>): Promise<Outcome> {
    const out = await this.within(cleanIncoming({ ...raw, text: '' }), undefined, '', homePage);
    return { ...out, reply: labelled(out.reply, out.lang) };
  }

  /**
   * Runs `work` for one person with their context resolved once (see {@link Turn}): a form's
   * checks and its submission, a question and its answer.
   */
  async turn<T>(raw: Omit<Incoming, 'text'>, work: (turn: Turn) => Promise<T>): Promise<T> {
    const incoming = cleanIncoming({ ...raw, text: '' });
    const ctx = await this.contextFor(incoming);
    return work({
      lang: ctx.lang,
      tz: ctx.tz,
      now: ctx.now,
      t: ctx.t,
      handle: (line) => this.handle({ ...incoming, ...line }, ctx),
      execute: (call, replyTo) => this.execute({ ...incoming, replyTo }, call, { ...ctx, replyTo }),
      check: (action, value) => this.checkIn(ctx, action, value),
      unit: (name) => this.services.units.get(name),
    });
  }

  /** Makes persons of people a platform showed (everyone in a Telegram update); a failure is logged. */
  async meet(people: readonly PlatformIdentity[]): Promise<void> {
    for (const who of people) {
      await this.services.identity
        .resolve(who)
        .catch((err: unknown) => this.log.warn({ err, who: who.id }, 'could not record a person'));
    }
  }

  /**
   * The console's `/as @person`: whom `self` may act for by `ref`, or the refusal in the chat's
   * language (with the `/as` usage, unless it is about who may).
   */
  async actingFor(self: PlatformIdentity, chat: ChatRef, ref: string): Promise<ActingFor | Reply> {
    try {
      return await actingFor(this.services, self, ref);
    } catch (err) {
      if (!isUserError(err)) throw err;
      const lang = await this.chatLang(chat);
      return labelled(
        userErrorReply(translator(lang), err, AS_NO_USAGE.has(err.code) ? undefined : AS_USAGE),
        lang,
      );
    }
  }

  /** A chat's language: the one set for it, else the bot's. */
  async chatLang(chat: ChatRef): Promise<Lang> {
    return replyLang(await this.services.feeds.chatLang(chat), null, this.config.BOT_LOCALE);
  }

  /** A notice (reminder, escalation, summary) as the reply a chat reads, in its language. */
  async notice(chat: ChatRef, notice: Notice): Promise<Reply> {
    const lang = await this.chatLang(chat);
    return labelled(noticeReply(translator(lang), notice), lang);
  }

  /** A person's name by id, for a line saying whom a direct message was for. */
  async personName(id: number): Promise<string | undefined> {
    return (await this.services.identity.byIds([id])).get(id)?.name;
  }

  /** The person an admin acts for (console `/as`), with their own role and units. */
  private async actingActor(f: NonNullable<Incoming['actingFor']>, platform: Actor['platform']) {
    const person = await this.services.identity.byId(f.personId);
    if (!person) throw new UserError('person.unknown', { person: `#${f.personId}` });
    const actor = await this.services.identity.refresh({ person, platform, leadOf: [] });
    return { ...actor, actingAdmin: f.by };
  }

  /** The person, where, in which language and zone: what a command runs with. */
  private async contextFor(incoming: Incoming): Promise<CommandContext> {
    const { services, config } = this;
    if (incoming.others?.length) await this.meet(incoming.others);
    const found = incoming.actingFor
      ? await this.actingActor(incoming.actingFor, incoming.who.platform)
      : await services.identity.resolve(incoming.who, { asAdmin: incoming.asAdmin ?? false, command: true });
    const actor: Actor = incoming.claim ? { ...found, claim: incoming.claim } : found;
    const chatLang = await services.feeds.chatLang(incoming.chat);
    const lang: Lang = replyLang(chatLang, actor.person.lang, config.BOT_LOCALE);
    return {
      services,
      actor,
      chat: incoming.chat,
      lang,
      tz: actor.person.tz ?? config.TZ_DEFAULT,
      t: translator(lang),
      now: services.clock.now(),
      replyTo: incoming.replyTo,
      page: incoming.page,
    };
  }

  private async checkIn(ctx: CommandContext, action: string, value: string): Promise<Reply | null> {
    const form = FORM_BUTTONS[action];
    if (!form) return null;
    const { sub } = typedSub(form);
    try {
      await sub.check?.(ctx, value);
      return null;
    } catch (err) {
      // The refusal alone: no usage line under it (nothing was typed).
      return labelled(this.failure(err, ctx.lang, undefined, ''), ctx.lang);
    }
  }

  /** A failure as the reply the user sees. */
  private failure(err: unknown, lang: Lang, cmd: Command | undefined, rest: string): Reply {
    const t = translator(lang);
    if (isUserError(err))
      return userErrorReply(t, err, cmd && !err.code.startsWith('perm.') ? usageFor(cmd, rest) : undefined);
    const ref = randomBytes(4).toString('hex');
    this.log.error({ err, ref, command: cmd?.name }, 'command failed');
    const failed = reply.error(t('error.internal', { ref }));
    internal.add(failed);
    return failed;
  }

  /** Runs `body` in the person's context (resolved here unless given); a failure becomes the one-line reply. */
  private async within(
    incoming: Incoming,
    cmd: Command | undefined,
    rest: string,
    body: (ctx: CommandContext) => Promise<Reply>,
    given?: CommandContext,
  ): Promise<Outcome> {
    let lang: Lang = this.config.BOT_LOCALE;
    let tz = this.config.TZ_DEFAULT;
    let actor: Actor | null = null;
    try {
      const ctx = given ?? (await this.contextFor(incoming));
      ({ lang, tz, actor } = ctx);
      const wait = this.overLimit(incoming.who, actor.person.role);
      if (wait !== null)
        return {
          reply: reply.info(ctx.t('rate.slow_down', { seconds: wait })),
          lang,
          tz,
          actor,
          command: null,
        };
      const out = await body(ctx);
      this.log.debug(
        { command: cmd?.name, person: actor.person.id, platform: actor.platform },
        'command done',
      );
      return { reply: out, lang, tz, actor, command: cmd?.name ?? null };
    } catch (err) {
      return { reply: this.failure(err, lang, cmd, rest), lang, tz, actor, command: cmd?.name ?? null };
    }
  }
}

/** The dispatcher of a process (see {@link Dispatcher}). */
export function createDispatcher(services: Services, log: Logger, metrics?: CommandMetrics): Dispatcher {
  return new Dispatcher(services, log, metrics);
}
