import { randomUUID } from 'node:crypto';
import type { App as BoltApp, Receiver, ReceiverEvent } from '@slack/bolt';
import type { NextFunction, Request, Response } from 'express';
import { reply } from '../../domain/reply.ts';
import { translator } from '../../i18n/index.ts';
import type { Logger } from '../../logger.ts';
import type { InboxClaim, InboxEntry, InboxPort } from '../deps.ts';
import { deliver, respondTo, type SlackCtx } from './deliver.ts';

/** The custom property that carries a request's `x-slack-signature` from the receiver to the inbox. */
export const SIGNATURE = 'requestSignature';
/** The context property that carries a request's inbox claim from the receiver to the listeners. */
export const CLAIM = 'inboxClaim';
/** Slack signs with the time of sending; Bolt refuses requests older than this, we refuse newer. */
const MAX_SKEW_S = 5 * 60;

/** For the HTTP receiver: hands each request's v0 signature to the inbox (`customPropertiesExtractor`). */
export function signatureOf(req: { headers: Record<string, string | string[] | undefined> }) {
  const sig = req.headers['x-slack-signature'];
  return typeof sig === 'string' ? { [SIGNATURE]: sig } : {};
}

/**
 * Refuses a request signed more than five minutes in the future (Bolt's check refuses only ones
 * more than five minutes old): with both, a captured request can be replayed only inside its
 * five-minute window, and there the inbox knows its signature.
 */
export function refuseFutureTimestamps(log: Logger) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const ts = Number(req.headers['x-slack-request-timestamp']);
    if (Number.isFinite(ts) && ts > Date.now() / 1000 + MAX_SKEW_S) {
      log.warn({ ts, ip: req.ip }, 'slack: refused a request signed in the future');
      res.status(401).type('text/plain').send('request timestamp is in the future');
      return;
    }
    next();
  };
}

type Body = Record<string, unknown>;

/**
 * A delivery's identity. Events: `event_id` (what a Slack retry repeats). Everything else: the
 * request's signature (the same signature is the same request: a replay), else — in Socket
 * Mode, which has no signature — its `trigger_id`.
 */
function keyOf(body: Body, props: Record<string, unknown> | undefined): string {
  if (typeof body.event_id === 'string') return `event:${body.event_id}`;
  const sig = props?.[SIGNATURE];
  if (typeof sig === 'string') return `sig:${sig}`;
  if (typeof body.trigger_id === 'string') return `trigger:${body.trigger_id}`;
  return `once:${randomUUID()}`;
}

function kindOf(body: Body): string {
  if (typeof body.command === 'string') return `command ${body.command}`;
  const event = body.event as { type?: unknown } | undefined;
  if (typeof event?.type === 'string') return `event ${event.type}`;
  return typeof body.type === 'string' ? body.type : 'unknown';
}

/**
 * Wraps a Bolt receiver so that every request it hands to Bolt is first written to the inbox.
 * Bolt acknowledges (HTTP 200, or the Socket Mode ack) only after that write; a request whose
 * key is there already (an event retry, a replayed signature) gets the same empty
 * acknowledgement and goes no further. Every transport calls only `processEvent`, so this is
 * the one place for HTTP and Socket Mode alike.
 */
export class InboxReceiver implements Receiver {
  constructor(
    private readonly inner: Receiver,
    private readonly inbox: InboxPort,
    private readonly log: Logger,
  ) {}

  init(bolt: BoltApp): void {
    const gate = {
      processEvent: async (event: ReceiverEvent) => {
        const body = event.body as Body;
        // The deprecated verification token is no business of the inbox.
        const { token: _token, ...payload } = body;
        const claim = await this.inbox.accept({
          platform: 'slack',
          key: keyOf(body, event.customProperties),
          kind: kindOf(body),
          payload,
        });
        if (!claim) {
          const kind = kindOf(body);
          this.log.info(
            { kind, retryNum: event.retryNum },
            kind.startsWith('event')
              ? 'slack: event seen before; skipped'
              : 'slack: request seen before; acknowledged, nothing done',
          );
          await event.ack();
          return;
        }
        // The signature has done its work; the listeners get the claim instead (Bolt's `context`).
        const { [SIGNATURE]: _sig, ...rest } = event.customProperties ?? {};
        const customProperties = { ...rest, [CLAIM]: claim };
        await this.inbox.run(claim, () => bolt.processEvent({ ...event, customProperties }));
      },
    };
    // The receiver only ever calls processEvent on the app it is given.
    this.inner.init(gate as unknown as BoltApp);
  }

  start(...args: unknown[]): Promise<unknown> {
    return this.inner.start(...args);
  }

  stop(...args: unknown[]): Promise<unknown> {
    return this.inner.stop(...args);
  }
}

/** The inbox claim Bolt's `context` carries for the request a listener handles. */
export function claimOf(context: Record<string, unknown>): InboxClaim | undefined {
  const c = context[CLAIM] as Partial<InboxClaim> | undefined;
  return typeof c?.id === 'number' && typeof c.attempt === 'number'
    ? { id: c.id, attempt: c.attempt }
    : undefined;
}

/** Runs a request accepted by a process that is gone through Bolt again (its ack goes nowhere). */
export function replayer(bolt: BoltApp) {
  return (row: InboxEntry) =>
    bolt.processEvent({
      body: row.payload as Body,
      ack: async () => {},
      customProperties: { [CLAIM]: { id: row.id, attempt: row.attempt } },
    });
}

/**
 * For a slash command whose change committed before a restart but whose answer was lost: tells
 * the person, in the conversation, that it was carried out (the response_url, else ephemeral, else a DM).
 */
export function appliedNotice(sc: SlackCtx) {
  return async (row: InboxEntry): Promise<void> => {
    const body = row.payload as Body;
    const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
    const user = str(body.user_id);
    const command = str(body.command);
    if (!user || !command) return;
    const lang = sc.lang;
    const line = translator(lang)('inbox.done_before_restart', {
      command: `${command} ${str(body.text) ?? ''}`.trim(),
    });
    const where = {
      user,
      userName: str(body.user_name) ?? user,
      channel: str(body.channel_id),
      respond: respondTo(str(body.response_url)),
    };
    await deliver(sc, where, { reply: reply.info(line), lang });
  };
}
