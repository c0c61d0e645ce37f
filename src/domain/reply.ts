/**
 * The platform-neutral reply model. Commands return it; renderers turn it into plain text, Slack
 * Block Kit or Telegram HTML. All strings are plain text as the user typed them: renderers escape.
 */
export type Visibility = 'channel' | 'ephemeral';

/** A button acts on a record: `action` is e.g. `blocker.start`, `value` the record id (`B-12`). */
export interface Button {
  label: string;
  action: string;
  value: string;
  style?: 'primary' | 'danger';
}

export interface Field {
  label: string;
  value: string;
  /** When the value is a moment, its ISO instant, so a platform can render it natively. */
  at?: string;
}

export interface ListItem {
  /** A record id shown first, e.g. `B-12`. */
  id?: string;
  text: string;
  /** Secondary line (owner, deadline, status). */
  detail?: string;
  buttons?: Button[];
}

export interface Image {
  filename: string;
  png: Uint8Array;
  alt: string;
}

/** A small table of figures (a summary): renderers lay it out for their platform. */
export interface ReplyTable {
  /** Short column heads, for a fixed-width table on a phone (explained by `legend`). */
  head: string[];
  /** The same heads in full words, for platforms with room (Slack fields). */
  longHead?: string[];
  /** `strong` rows are group rows (a block), the others are indented under them. */
  rows: { cells: string[]; strong?: boolean }[];
  /** A line under the table explaining the short column heads. */
  legend?: string;
}

/** A file to attach (the monthly report), posted after the message. */
export interface Document {
  filename: string;
  mime: string;
  data: Uint8Array;
  title: string;
}

/** A unit offered in a form's owner select. */
export interface FormUnit {
  code: string;
  name: string;
  block: string;
}

/**
 * A command's answer that asks for a form instead (`/blocker add` with nothing after it): Slack
 * opens its modal, Telegram its guided questions; a platform without forms shows the rest of
 * the reply (the usage). `units` are the choices of the owner select.
 */
export type FormRequest = { name: 'blocker.add'; units: FormUnit[] };

/** One titled part of a page (the Slack Home tab): items, or a line saying there are none. */
export interface ReplySection {
  title: string;
  items: ListItem[];
  /** Shown when `items` is empty. */
  empty: string;
  /** Shown under the items when there were more than are shown. */
  more?: string;
}

export interface Reply {
  kind: 'ok' | 'error' | 'info';
  visibility: Visibility;
  title?: string;
  /** Paragraphs of plain text. */
  lines?: string[];
  fields?: Field[];
  items?: ListItem[];
  buttons?: Button[];
  /** Usage line shown under an error. */
  usage?: string;
  images?: Image[];
  table?: ReplyTable;
  documents?: Document[];
  /** Set when the reply announces a record the channel should see (a new blocker). */
  record?: { type: 'blocker' | 'roadmap' | 'extension' | 'unit'; id: string };
  /** Words the renderers add, in the reply's language (English when unset). */
  labels?: ReplyLabels;
  /**
   * Set when `items` are already one page of a longer list (the command loaded only that page from
   * the store): renderers show the items as they are, with the page line and the page buttons
   * computed from here. Unset, renderers cut `items` into pages of {@link PAGE_SIZE} themselves.
   */
  paging?: Paging;
  /** Set when the answer is a form to fill in (see {@link FormRequest}). */
  form?: FormRequest;
  /** Titled parts, for a page made of several lists (the Home tab). */
  sections?: ReplySection[];
}

/** Which page of a list a reply's items are: 1-based `page` of `pages`, `total` items in all. */
export interface Paging {
  page: number;
  pages: number;
  total: number;
  /**
   * A line saying what to type for the next page (`Page 1 of 3 — next: /blocker list all page:2`),
   * for a renderer without page buttons (the console); unset on the last page.
   */
  more?: string;
}

/** Items per page of a long list, on every platform and for a command that loads one page. */
export const PAGE_SIZE = 10;

/** A page of a list of `count` items: where it starts and its neighbours, when they exist. */
export interface PageWindow {
  /** 1-based page actually shown: the request clamped into range. */
  page: number;
  pages: number;
  /** Index of the page's first item. */
  offset: number;
  prev?: number;
  next?: number;
}

/**
 * Page `page` (1-based) of `count` items in pages of `size`. An out-of-range request is clamped,
 * so a stale "Next" button on a shrinking list still shows the last page.
 */
export function pageWindow(count: number, page = 1, size = PAGE_SIZE): PageWindow {
  const perPage = Math.max(1, Math.floor(size));
  const pages = Math.max(1, Math.ceil(count / perPage));
  const current = Math.min(pages, Math.max(1, Number.isFinite(page) ? Math.floor(page) : 1));
  return {
    page: current,
    pages,
    offset: (current - 1) * perPage,
    ...(current > 1 ? { prev: current - 1 } : {}),
    ...(current < pages ? { next: current + 1 } : {}),
  };
}

export interface ReplyLabels {
  usage: string;
  actions: string;
  /** With `{page}` and `{pages}`. */
  page: string;
}

export const ENGLISH_LABELS: ReplyLabels = {
  usage: 'Usage',
  actions: 'Actions',
  page: 'Page {page} of {pages}',
};

/** The page line in the reply's language. */
export function pageLabel(reply: Reply, page: number, pages: number): string {
  return (reply.labels?.page ?? ENGLISH_LABELS.page)
    .replace('{page}', String(page))
    .replace('{pages}', String(pages));
}

export const reply = {
  ok(title: string, extra: Partial<Reply> = {}): Reply {
    return { kind: 'ok', visibility: 'channel', title, ...extra };
  },
  info(title: string, extra: Partial<Reply> = {}): Reply {
    return { kind: 'info', visibility: 'ephemeral', title, ...extra };
  },
  error(title: string, usage?: string): Reply {
    return { kind: 'error', visibility: 'ephemeral', title, ...(usage ? { usage } : {}) };
  },
  /** A form to fill in; `instead` is what a platform without forms shows (the usage). */
  form(form: FormRequest, instead: Reply): Reply {
    return { ...instead, form };
  },
};
