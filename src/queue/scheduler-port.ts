import type { QueueStatusView, SchedulerPort } from '../domain/ports.ts';
import type { Logger } from '../logger.ts';
import type { ReminderScheduler } from './reminders.ts';
import type { Schedules } from './schedules.ts';

/**
 * The scheduler port over the queue. `itemChanged`, `subscriptionChanged` and `calendarChanged` come from the outbox
 * relay and throw when Redis cannot take them (the relay retries); `snooze` answers null then.
 */
export function schedulerPort(parts: {
  reminders: ReminderScheduler;
  schedules: Schedules;
  status: () => Promise<QueueStatusView>;
  log: Logger;
}): SchedulerPort {
  const { reminders, schedules, log } = parts;
  return {
    status: parts.status,
    async itemChanged(ref) {
      await reminders.scheduleItem(ref);
    },
    async subscriptionChanged(sub) {
      await schedules.subscriptionChanged(sub);
    },
    async calendarChanged() {
      const r = await reminders.reconcile();
      log.info({ reminders: r }, 'reminders planned again on the changed working calendar');
    },
    async snooze(ref, days, actor) {
      try {
        return await reminders.snooze(ref, days);
      } catch (err) {
        log.warn(
          { err, ref, days, actor: actor.person.id },
          'could not snooze the reminder (queue unreachable)',
        );
        return null;
      }
    },
  };
}
