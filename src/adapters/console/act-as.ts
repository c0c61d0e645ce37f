import type { App } from '../../app.ts';
import type { Incoming } from '../../dispatch.ts';
import { isUserError } from '../../domain/errors.ts';
import { replyLang } from '../../domain/lang.ts';
import type { ChatRef } from '../../domain/records.ts';
import { type Reply, reply } from '../../domain/reply.ts';
import type { Lang } from '../../domain/types.ts';
import { translator } from '../../i18n/index.ts';

export const AS_USAGE = '/as @person <command>';

/** A name the console may give a new local person (`/as lan …` when nobody is called lan yet). */
const LOCAL_NAME = /^@?[\p{L}\p{N}._-]{1,40}$/u;

/**
 * `/as @person <command>` (the console's admin only): the command runs as that person, with
 * their role and units, so every role can be tried locally. The history names the person as the
 * actor and the admin who typed it (`by root via console`). A name nobody has yet becomes a
 * console person (a member) that `/wg role` can then change.
 * @returns the command to dispatch and whom it runs as, or a reply (usage, refusal)
 */
export async function actAs(
  app: App,
  user: string,
  chat: ChatRef,
  line: string,
): Promise<{ incoming: Incoming; as: string } | { reply: Reply }> {
  const lang: Lang = replyLang(await app.services.feeds.chatLang(chat), null, app.config.BOT_LOCALE);
  const t = translator(lang);
  const fail = (key: string, params: Record<string, string> = {}, usage = true) => ({
    reply: reply.error(`${t('error.title')}: ${t(key, params)}`, usage ? AS_USAGE : undefined),
  });
  const m = /^\/as\s+(\S+)\s+(\S[\s\S]*)$/i.exec(line);
  if (!m?.[1] || !m[2]) return fail('console.as_usage');
  const self = { platform: 'console' as const, id: user, name: user };
  const me = await app.services.identity.resolve(self, { asAdmin: true });
  if (me.person.role !== 'admin') return fail('console.as_admin_only', {}, false);
  const ref = m[1];
  let person: { id: number; name: string };
  try {
    person = await app.services.identity.findPerson(ref);
  } catch (err) {
    if (!isUserError(err) || err.code !== 'person.unknown' || !LOCAL_NAME.test(ref)) {
      return isUserError(err)
        ? fail(err.code, { ...err.params } as Record<string, string>)
        : Promise.reject(err);
    }
    const name = ref.replace(/^@/, '');
    person = (
      await app.services.identity.resolve({ platform: 'console', id: name, name }, { asAdmin: false })
    ).person;
  }
  if (person.id === me.person.id) return fail('console.as_self', {}, false);
  return {
    as: person.name,
    incoming: {
      text: m[2],
      who: self,
      chat,
      actingFor: { personId: person.id, by: me.person.name },
    },
  };
}
