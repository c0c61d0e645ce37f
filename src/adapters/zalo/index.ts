import { translator } from '../../i18n/index.ts';
import { acceptPatiently } from '../accept.ts';
import type { AdapterDeps, InboxClaim } from '../deps.ts';
import { ZaloApi } from './api.ts';
import { deliver, onUpdate, type ZaloAdapter } from './messages.ts';
import { type PollTimes, startPolling } from './poll.ts';
import { ChatPacer, type ZaloSender, zaloSender } from './sender.ts';
import { type ZaloUpdate, zaloUpdate } from './update.ts';
import { webhookHandlers } from './webhook.ts';

export const WEBHOOK_PATH = '/zalo/webhook';

/** The config fields the Zalo adapter reads. */
export type ZaloConfig =
  | 'ZALO_BOT_TOKEN'
  | 'ZALO_API_ROOT'
  | 'ZALO_WEBHOOK_URL'
  | 'ZALO_WEBHOOK_SECRET'
  | 'ZALO_RATE_PER_CHAT'
  | 'PUBLIC_URL'
  | 'BOT_LOCALE';
export type ZaloDeps = AdapterDeps<ZaloConfig>;

/** A running Zalo adapter. */
export interface ZaloRuntime {
  sender: ZaloSender;
  mode: 'polling' | 'webhook';
  /** Stops long polling (a webhook stops with the HTTP server) and the replay of stopped work. */
  stop(): Promise<void>;
}

/** The Zalo sender of a process, from the config (the adapter's, or a worker's without it). */
export function configuredZaloSender(
  config: Pick<ZaloDeps['config'], 'ZALO_API_ROOT' | 'ZALO_RATE_PER_CHAT' | 'PUBLIC_URL'>,
  token: string,
): ZaloSender {
  return zaloSender(new ZaloApi(token, config.ZALO_API_ROOT), {
    publicUrl: config.PUBLIC_URL,
    pacer: new ChatPacer(config.ZALO_RATE_PER_CHAT),
  });
}

/**
 * How an update comes in, polled or posted: written to the inbox first (a `message_id` seen
 * before is dropped: there is no update id), then carried out once under its claim. Failures are
 * logged, never thrown at the transport.
 */
function receiver(deps: ZaloDeps, z: ZaloAdapter, botId: string) {
  const handle = (update: ZaloUpdate, claim: InboxClaim) =>
    deps.inbox.run(claim, () => onUpdate(z, update, claim));
  const receive = async (update: ZaloUpdate) => {
    const { message } = update;
    z.log.debug({ from: message.from.id, message_id: message.message_id }, 'zalo: message');
    const key = `${botId}:${message.message_id}`;
    const claim = await acceptPatiently(
      () => deps.inbox.accept({ platform: 'zalo', key, kind: 'update', payload: update }),
      z.log,
      'zalo',
    );
    if (!claim)
      return z.log.info({ message_id: update.message.message_id }, 'zalo: update seen before; ignored');
    await handle(update, claim);
  };
  return {
    handle,
    receive: (update: ZaloUpdate) =>
      receive(update).catch((err: unknown) => z.log.error({ err }, 'zalo: update failed')),
  };
}

/** Runs again what a stopped process accepted; says "carried out" for a command whose change had committed. */
function recoverUpdates(
  deps: ZaloDeps,
  z: ZaloAdapter,
  botId: string,
  handle: ReturnType<typeof receiver>['handle'],
) {
  return deps.inbox.watch(
    'zalo',
    async (row) => {
      const update = zaloUpdate.safeParse(row.payload);
      if (update.success) await handle(update.data, { id: row.id, attempt: row.attempt });
    },
    {
      keyPrefix: `${botId}:`,
      applied: async (row) => {
        const update = zaloUpdate.safeParse(row.payload);
        const text = update.success ? update.data.message.text : undefined;
        if (!update.success || !text) return;
        const line = translator(deps.config.BOT_LOCALE)('inbox.done_before_restart', { command: text });
        await deliver(z, update.data.message.chat.id, { kind: 'info', visibility: 'ephemeral', title: line });
      },
    },
  );
}

/**
 * Starts Zalo: checks the token (getMe), registers the sender with `deps.senders`, replays what a
 * stopped process left, and either sets the webhook on the shared HTTP routes (when
 * `ZALO_WEBHOOK_URL` is set; Zalo must send `ZALO_WEBHOOK_SECRET`, anything else gets 401) or
 * deletes any webhook and long-polls.
 */
export async function startZalo(
  deps: ZaloDeps,
  opts: { poll?: Partial<PollTimes> } = {},
): Promise<ZaloRuntime> {
  const { config } = deps;
  const log = deps.log.child({ adapter: 'zalo' });
  if (!config.ZALO_BOT_TOKEN) throw new Error('startZalo: ZALO_BOT_TOKEN is not set');
  const api = new ZaloApi(config.ZALO_BOT_TOKEN, config.ZALO_API_ROOT);
  const me = await api.getMe();
  const sender = configuredZaloSender(config, config.ZALO_BOT_TOKEN);
  deps.senders.register(sender);
  const z: ZaloAdapter = { dispatcher: deps.dispatcher, sender, log };
  const { handle, receive } = receiver(deps, z, me.id);
  const stopRecovering = recoverUpdates(deps, z, me.id, handle);

  const url = config.ZALO_WEBHOOK_URL;
  const secret = config.ZALO_WEBHOOK_SECRET;
  if (url && secret) {
    deps.routes.post(WEBHOOK_PATH, ...webhookHandlers({ secret, log, receive }));
    await api.setWebhook(url, secret);
    log.info({ url, bot: me.account_name }, 'zalo: webhook set');
    return { sender, mode: 'webhook', stop: async () => stopRecovering() };
  }
  await api.deleteWebhook();
  const polling = startPolling({ api, log, receive, ...(opts.poll ? { times: opts.poll } : {}) });
  log.info({ bot: me.account_name }, 'zalo: long polling');
  return {
    sender,
    mode: 'polling',
    async stop() {
      stopRecovering();
      await polling.stop();
    },
  };
}
