import type { UnitRecord } from '../domain/records.ts';
import {
  BLOCKER_STATUSES,
  BLOCKS,
  type Block,
  type BlockerStatus,
  LANGS,
  type Lang,
} from '../domain/types.ts';
import { type Translate, translator } from '../i18n/index.ts';

/** The filters a public page or export understands. */
export interface WebQuery {
  lang: Lang;
  t: Translate;
  block: Block | null;
  unit: UnitRecord | null;
  statuses: BlockerStatus[] | null;
  /** Which page of a paged table, from 1 (past the last one means the last one). */
  page: number;
  /** Which page of the roadmap table (`?rpage=`), as `page`. */
  rpage: number;
  /** Which page of the progress table's units (`?ppage=`) and of the reporting table (`?dpage=`), as `page`. */
  ppage: number;
  dpage: number;
}

export type QueryParam = 'lang' | 'block' | 'unit' | 'status' | PageParam;
/** The page number of each paged table of `/`. */
export type PageParam = 'page' | 'rpage' | 'ppage' | 'dpage';

/** A filter the user got wrong: answered with 400 and this one line, in the page's language. */
export class BadQuery extends Error {
  override name = 'BadQuery';
}

export interface ReadQueryOptions {
  /** The parameters this route takes. */
  allowed: readonly QueryParam[];
  /** Refuse parameters not in `allowed` (exports: a typo must not silently export everything). */
  strict: boolean;
  units: readonly UnitRecord[];
  defaultLang: Lang;
  /** The browser's `Accept-Language`: used when there is no `?lang=`, before `defaultLang`. */
  acceptLanguage?: string | undefined;
}

/**
 * The first of our languages the browser asks for, by `q` weight then order (`vi-VN,vi;q=0.9,en;q=0.8`
 * → `vi`); null when it names none of them.
 */
export function fromAcceptLanguage(header: string | undefined): Lang | null {
  if (!header) return null;
  const ranked = header
    .split(',')
    .map((part, i) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return { lang: tag.trim().toLowerCase().split('-')[0] ?? '', q: q === undefined ? 1 : Number(q), i };
    })
    .filter((x) => x.q > 0 && (LANGS as readonly string[]).includes(x.lang))
    .sort((a, b) => b.q - a.q || a.i - b.i);
  return (ranked[0]?.lang as Lang | undefined) ?? null;
}

/**
 * Reads and validates `?lang=`, `?block=`, `?unit=`, `?status=` (a comma list of statuses) and
 * the pages `?page=`, `?rpage=`, `?ppage=` and `?dpage=` (whole numbers from 1). An empty value means "all" (or the first page), as a filter
 * form sends it. Throws {@link BadQuery}.
 */
export function readQuery(query: Record<string, unknown>, opts: ReadQueryOptions): WebQuery {
  // The language first, so every later message is in it.
  let t = translator(opts.defaultLang);
  const raw = (name: string): string | null => {
    const v = query[name];
    if (v === undefined) return null;
    if (typeof v !== 'string') throw new BadQuery(t('web.repeated', { name }));
    return v.trim() === '' ? null : v.trim();
  };
  const langText = opts.allowed.includes('lang') ? raw('lang') : null;
  const lang =
    langText === null
      ? (fromAcceptLanguage(opts.acceptLanguage) ?? opts.defaultLang)
      : choice(t, LANGS, langText.toLowerCase(), 'lang');
  t = translator(lang);

  if (opts.strict) {
    const unknown = Object.keys(query).find((k) => !(opts.allowed as readonly string[]).includes(k));
    if (unknown !== undefined)
      throw new BadQuery(t('web.unknown_param', { name: unknown, allowed: opts.allowed.join(', ') }));
  }
  const get = (name: QueryParam) => (opts.allowed.includes(name) ? raw(name) : null);

  const blockText = get('block');
  const block = blockText === null ? null : choice(t, BLOCKS, blockText.toLowerCase(), 'block');

  const unitText = get('unit');
  let unit: UnitRecord | null = null;
  if (unitText !== null) {
    unit = opts.units.find((u) => u.code.toUpperCase() === unitText.toUpperCase()) ?? null;
    if (!unit) throw new BadQuery(t('web.unknown_unit', { unit: unitText.toUpperCase() }));
  }

  const statusText = get('status');
  const statuses =
    statusText === null
      ? null
      : [
          ...new Set(
            statusText.split(',').map((s) => choice(t, BLOCKER_STATUSES, s.trim().toLowerCase(), 'status')),
          ),
        ];

  const pageOf = (name: PageParam) => {
    const text = get(name);
    if (text !== null && !/^[1-9]\d*$/.test(text)) throw new BadQuery(t('web.bad_page', { value: text }));
    // A number too large to be exact is past any last page all the same.
    return text === null ? 1 : Math.min(Number(text), Number.MAX_SAFE_INTEGER);
  };

  return {
    lang,
    t,
    block,
    unit,
    statuses,
    page: pageOf('page'),
    rpage: pageOf('rpage'),
    ppage: pageOf('ppage'),
    dpage: pageOf('dpage'),
  };
}

function choice<T extends string>(t: Translate, choices: readonly T[], value: string, what: string): T {
  if ((choices as readonly string[]).includes(value)) return value as T;
  throw new BadQuery(t('args.bad_choice', { value, what, choices: choices.join(', ') }));
}

/** `?block=…&unit=…&lang=…` for links that keep the current filters; empty when none. */
export function queryString(params: Record<string, string | null | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
}
