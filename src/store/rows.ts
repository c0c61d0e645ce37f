import type { BlockerRecord, UnitRecord } from '../domain/records.ts';
import type {
  Block,
  BlockerStatus,
  Category,
  Extension,
  ExtensionStatus,
  Lang,
  Person,
  Priority,
  RoadmapItem,
  Role,
  Source,
  UnitKind,
} from '../domain/types.ts';
import type { blockers, extensions, persons, roadmapItems, units } from './schema.ts';

/** Row -> domain record. The columns hold only values the services wrote from the domain enums. */
export const toUnit = (r: typeof units.$inferSelect): UnitRecord => ({
  id: r.id,
  code: r.code,
  name: r.name,
  nameVi: r.nameVi,
  block: r.block as Block,
  kind: r.kind as UnitKind,
  leadId: r.leadId,
  onAlert: r.onAlert,
});

export const toPerson = (r: typeof persons.$inferSelect): Person => ({
  id: r.id,
  name: r.name,
  slackId: r.slackId,
  telegramId: r.telegramId,
  telegramUsername: r.telegramUsername,
  consoleUser: r.consoleUser,
  zaloId: r.zaloId,
  notifyPlatform: r.notifyPlatform,
  lastPlatform: r.lastPlatform,
  role: r.role as Role,
  unitId: r.unitId,
  tz: r.tz,
  lang: r.lang as Lang | null,
});

export const toBlocker = (r: typeof blockers.$inferSelect): BlockerRecord => ({
  ...r,
  category: r.category as Category,
  source: r.source as Source,
  priority: r.priority as Priority,
  status: r.status as BlockerStatus,
});

export const toRoadmapItem = (r: typeof roadmapItems.$inferSelect): RoadmapItem => ({ ...r });

export const toExtension = (r: typeof extensions.$inferSelect): Extension => ({
  ...r,
  targetType: r.targetType as Extension['targetType'],
  status: r.status as ExtensionStatus,
});
