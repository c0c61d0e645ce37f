import type { ReplyLabels } from '../domain/reply.ts';
import type { Lang } from '../domain/types.ts';
import { translator } from './index.ts';

/** The words the renderers add to a reply (usage, actions, the page line), in `lang`. */
export function replyLabels(lang: Lang): ReplyLabels {
  const t = translator(lang);
  return {
    usage: t('error.usage'),
    actions: t('word.actions'),
    // The page label keeps its placeholders: the renderer fills them in.
    page: t('word.page', { page: '{page}', pages: '{pages}' }),
  };
}
