/** The working group's vocabulary (see DESIGN.md "Words"): enums and record shapes. No I/O. */
export const BLOCKS = ['party', 'government', 'national_assembly', 'fatherland_front'] as const;
export type Block = (typeof BLOCKS)[number];

export const UNIT_KINDS = ['ministry', 'agency', 'enterprise', 'locality', 'party_body'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export const CATEGORIES = [
  'data_strategy',
  'dx_strategy',
  'admin_procedures',
  'databases_platforms',
  'finance_disbursement',
  'institutions',
  'infrastructure',
  'human_resources',
  'other',
] as const;
export type Category = (typeof CATEGORIES)[number];

export const SOURCES = ['enterprise', 'agency', 'locality', 'hotline'] as const;
export type Source = (typeof SOURCES)[number];

export const PRIORITIES = ['low', 'normal', 'high', 'critical'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const BLOCKER_STATUSES = ['new', 'open', 'in_progress', 'resolved', 'dropped'] as const;
export type BlockerStatus = (typeof BLOCKER_STATUSES)[number];

export const ROLES = ['admin', 'member', 'hotline', 'external'] as const;
export type Role = (typeof ROLES)[number];

/** Where a change came from; `import` is `npm run import`. */
export const PLATFORMS = ['slack', 'telegram', 'zalo', 'console', 'web', 'system', 'import'] as const;
export type Platform = (typeof PLATFORMS)[number];

export const LANGS = ['en', 'vi'] as const;
export type Lang = (typeof LANGS)[number];

export const FEEDS = ['weekly', 'monthly', 'alerts'] as const;
export type Feed = (typeof FEEDS)[number];

export const ROADMAP_STATUSES = ['done', 'late', 'at_risk', 'on_track'] as const;
export type RoadmapStatus = (typeof ROADMAP_STATUSES)[number];

export const EXTENSION_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type ExtensionStatus = (typeof EXTENSION_STATUSES)[number];

export interface Unit {
  id: number;
  code: string;
  name: string;
  block: Block;
  kind: UnitKind;
  leadId: number | null;
  onAlert: boolean;
}

export interface Person {
  id: number;
  name: string;
  slackId: string | null;
  telegramId: string | null;
  telegramUsername: string | null;
  consoleUser: string | null;
  zaloId: string | null;
  /** `/wg notify`: where reminders and notices go; null: the platform last used. */
  notifyPlatform: string | null;
  /** The chat platform this person last used the bot on. */
  lastPlatform: string | null;
  role: Role;
  unitId: number | null;
  tz: string | null;
  lang: Lang | null;
}

export interface Blocker {
  id: number;
  title: string;
  detail: string | null;
  category: Category;
  source: Source;
  reportingUnitId: number | null;
  ownerUnitId: number | null;
  ownerPersonId: number | null;
  deadline: Date | null;
  originalDeadline: Date | null;
  slipCount: number;
  slipDays: number;
  priority: Priority;
  status: BlockerStatus;
  escalated: boolean;
  callerPhone: string | null;
  createdById: number;
  createdAt: Date;
  resolvedAt: Date | null;
}

export interface RoadmapItem {
  id: number;
  unitId: number;
  title: string;
  startAt: Date;
  due: Date;
  originalDue: Date;
  ownerPersonId: number | null;
  createdById: number;
  createdAt: Date;
}

export interface RoadmapReport {
  id: number;
  itemId: number;
  percent: number;
  note: string | null;
  reporterId: number;
  at: Date;
}

export interface Extension {
  id: number;
  targetType: 'blocker' | 'roadmap';
  targetId: number;
  oldDate: Date | null;
  newDate: Date;
  reason: string | null;
  requesterId: number;
  status: ExtensionStatus;
  deciderId: number | null;
  decisionNote: string | null;
  decidedAt: Date | null;
  createdAt: Date;
}

/** Ids shown to users. */
export const fmtId = {
  blocker: (n: number) => `B-${n}`,
  roadmap: (n: number) => `R-${n}`,
  extension: (n: number) => `X-${n}`,
};

export function parseRecordId(prefix: 'B' | 'R' | 'X', text: string | undefined): number | null {
  if (!text) return null;
  const m = new RegExp(`^#?${prefix}-?(\\d{1,9})$`, 'i').exec(text.trim());
  return m ? Number(m[1]) : null;
}
