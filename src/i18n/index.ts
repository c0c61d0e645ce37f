import type { Lang } from '../domain/types.ts';
import { en } from './en.ts';
import { vi } from './vi.ts';

export type MessageKey = keyof typeof en;
export type Params = Record<string, string | number | null | undefined>;
/** Puts a catalog message into words: `{name}` placeholders are filled from `params`. */
export type Translate = (key: MessageKey | string, params?: Params) => string;

export const catalogs: Record<Lang, Record<MessageKey, string>> = { en, vi };

/** A translator for one language; unknown keys fall back to English, then to the key itself. */
export function translator(lang: Lang): Translate {
  const cat = catalogs[lang] as Record<string, string>;
  const base = en as Record<string, string>;
  return (key, params = {}) => {
    const template = cat[key] ?? base[key] ?? key;
    return template.replace(/\{(\w+)\}/g, (_, name: string) => {
      const v = params[name];
      return v === undefined || v === null ? '' : String(v);
    });
  };
}

export function hasKey(key: string): key is MessageKey {
  return Object.hasOwn(en, key);
}
