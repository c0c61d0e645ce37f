import type { ItemRef } from '../domain/ports.ts';
import { unitsRepo } from '../store/units-repo.ts';
import { afterCommit, change, later, recordSystem, type ServiceDeps } from './deps.ts';

/** What the overdue sweep escalates: the item, how late it is, and the alert's logical id. */
export interface Escalation {
  unitId: number;
  ref: ItemRef;
  label: string;
  title: string;
  days: number;
  /** Once per deadline: the sent-ledger keeps a second sweep's alert from going out again. */
  key: string;
}

/**
 * steerbot's own escalation (the overdue sweep; no person acts, so no permission check): the unit
 * goes on alert, with a history row naming the scheduler, and the alert to the `alerts` chats is
 * queued in the same transaction.
 */
export function escalationService(deps: ServiceDeps) {
  return {
    /** The unit's code, or null when the unit is gone. */
    async escalate(e: Escalation): Promise<string | null> {
      const now = deps.clock.now();
      const code = await change(deps, null, async (tx) => {
        const unit = await unitsRepo.byId(tx, e.unitId);
        if (!unit) return null;
        if (!unit.onAlert) {
          await unitsRepo.update(tx, unit.id, { onAlert: true });
          await recordSystem(tx, now, {
            entityType: 'unit',
            entityId: unit.code,
            action: 'alert_on',
            changes: { onAlert: true, reason: `${e.label} overdue ${e.days} working days` },
          });
        }
        await later(tx, now, {
          kind: 'to_feed',
          feed: 'alerts',
          notice: {
            kind: 'notice.escalation_unit',
            params: { id: e.label, title: e.title, days: e.days, unit: unit.code },
            ref: e.ref,
          },
          key: e.key,
        });
        return unit.code;
      });
      await afterCommit(deps);
      return code;
    },
  };
}

export type EscalationService = ReturnType<typeof escalationService>;
