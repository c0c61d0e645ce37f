import { AS_USAGE, type ChatRef, type Dispatcher, type Incoming, labelled } from '../../dispatch.ts';
import { type Reply, reply } from '../../domain/reply.ts';
import { translator } from '../../i18n/index.ts';

export { AS_USAGE } from '../../dispatch.ts';

/**
 * `/as @person <command>` (the console's admin only): the command runs as that person, with
 * their role and units, so every role can be tried locally. The history names the person as the
 * actor and the admin who typed it (`by root via console`). Who may act for whom is the
 * dispatcher's rule; this reads the line.
 * @returns the command to dispatch and whom it runs as, or a reply (usage, refusal)
 */
export async function actAs(
  dispatcher: Dispatcher,
  user: string,
  chat: ChatRef,
  line: string,
): Promise<{ incoming: Incoming; as: string } | { reply: Reply }> {
  const m = /^\/as\s+(\S+)\s+(\S[\s\S]*)$/i.exec(line);
  if (!m?.[1] || !m[2]) {
    const lang = await dispatcher.chatLang(chat);
    const t = translator(lang);
    return { reply: labelled(reply.error(`${t('error.title')}: ${t('console.as_usage')}`, AS_USAGE), lang) };
  }
  const self = { platform: 'console' as const, id: user, name: user };
  const acting = await dispatcher.actingFor(self, chat, m[1]);
  if ('kind' in acting) return { reply: acting };
  return {
    as: acting.name,
    incoming: { text: m[2], who: self, chat, actingFor: { personId: acting.personId, by: acting.by } },
  };
}
