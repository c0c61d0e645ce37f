import type { Queue } from 'bullmq';
import type { QueueStatusView } from '../domain/ports.ts';

/**
 * Queue depths and the latest failures of `groups`, for `/wg status` and the dashboard: one line
 * per group (a platform's delivery lanes are one), its counts the sums of its queues'.
 */
export async function queueStatus(
  groups: readonly { name: string; queues: readonly Queue[] }[],
): Promise<QueueStatusView> {
  const out: QueueStatusView = { queues: [], failed: [] };
  for (const g of groups) {
    const line = { name: g.name, waiting: 0, active: 0, delayed: 0, failed: 0 };
    const failed: QueueStatusView['failed'] = [];
    for (const q of g.queues) {
      const c = await q.getJobCounts('waiting', 'active', 'delayed', 'failed', 'prioritized');
      line.waiting += (c.waiting ?? 0) + (c.prioritized ?? 0);
      line.active += c.active ?? 0;
      line.delayed += c.delayed ?? 0;
      line.failed += c.failed ?? 0;
      for (const j of await q.getFailed(0, 4)) {
        failed.push({
          queue: g.name,
          id: j.id ?? '',
          name: j.name,
          reason: j.failedReason ?? '',
          at: j.finishedOn ?? null,
        });
      }
    }
    out.queues.push(line);
    // The latest five of the group, newest first, as one queue's would be.
    out.failed.push(...failed.sort((a, b) => (b.at ?? 0) - (a.at ?? 0)).slice(0, 5));
  }
  return out;
}
