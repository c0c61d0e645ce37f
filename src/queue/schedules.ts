import type { Queue } from 'bullmq';
import type { Config } from '../config.ts';
import { dailyCron } from '../domain/post-days.ts';
import type { Feed } from '../domain/types.ts';
import type { DigestService } from '../services/digest.ts';
import type { FeedsService } from '../services/feeds.ts';
import { subscriptionSchedulerId } from './names.ts';

/** A subscription as the scheduler sees it. */
export interface SubscriptionRef {
  platform: string;
  chatId: string;
  feed: Feed;
}

/** The cron of REMINDER_TIME every day: the overdue pass and the digests (their jobs skip days off, so a make-up Saturday gets them). */
const dailyAt = (time: string) => {
  const [h, m] = time.split(':').map(Number);
  return `${m} ${h} * * *`;
};

/**
 * The repeating jobs, as BullMQ job schedulers (`upsertJobScheduler` with the committee's time
 * zone). Ids are deterministic, so any number of processes upserting at once leave one each.
 */
export class Schedules {
  constructor(
    private readonly queue: Queue,
    private readonly config: Config,
    private readonly feeds: Pick<FeedsService, 'all'>,
    private readonly digest?: Pick<DigestService, 'zones'>,
  ) {}

  private get tz() {
    return this.config.TZ_DEFAULT;
  }

  /** The scheduler of one subscription: weekly summary or monthly report; alerts have none. */
  async subscriptionChanged(sub: SubscriptionRef & { active: boolean }): Promise<void> {
    if (sub.feed === 'alerts') return;
    const id = subscriptionSchedulerId(sub.feed, sub.platform, sub.chatId);
    if (!sub.active) {
      await this.queue.removeJobScheduler(id);
      return;
    }
    // Every day at the post's time; the job posts on its day, or the working day before one off.
    const daily = sub.feed === 'weekly' ? dailyCron(this.config.WEEKLY_SUMMARY_CRON) : null;
    const pattern =
      sub.feed === 'monthly' ? '0 9 * * *' : (daily?.pattern ?? this.config.WEEKLY_SUMMARY_CRON);
    const days =
      sub.feed === 'monthly'
        ? { monthDay: this.config.MONTHLY_REPORT_DAY }
        : daily
          ? { weekdays: daily.weekdays }
          : {};
    await this.queue.upsertJobScheduler(
      id,
      { pattern, tz: this.tz },
      {
        name: 'post-summary',
        data: {
          period: sub.feed === 'weekly' ? 'week' : 'month',
          platform: sub.platform,
          chatId: sub.chatId,
          ...days,
        },
        opts: { removeOnComplete: 100, removeOnFail: 500 },
      },
    );
  }

  /** Upserts the global schedulers and one per subscription; removes those of gone subscriptions. */
  async sync(): Promise<{ schedulers: number; removed: number }> {
    const tz = this.tz;
    const opts = { removeOnComplete: 100, removeOnFail: 500 };
    await this.queue.upsertJobScheduler(
      'overdue-sweep',
      { pattern: dailyAt(this.config.REMINDER_TIME), tz },
      { name: 'overdue-sweep', data: {}, opts },
    );
    // Like the weekly summary: daily at its time, the job asks on its day or the working day before.
    const request = dailyCron(this.config.WEEKLY_REPORT_CRON);
    await this.queue.upsertJobScheduler(
      'report-request',
      { pattern: request?.pattern ?? this.config.WEEKLY_REPORT_CRON, tz },
      { name: 'report-request', data: request ? { weekdays: request.weekdays } : {}, opts },
    );
    await this.queue.upsertJobScheduler(
      'reconcile',
      { pattern: '7 * * * *', tz },
      { name: 'reconcile', data: {}, opts },
    );
    const digests = await this.syncDigests();
    const subs = await this.feeds.all();
    const wanted = new Set<string>();
    for (const s of subs) {
      if (s.feed === 'alerts') continue;
      const sub = { platform: s.platform, chatId: s.chatId, feed: s.feed as Feed };
      wanted.add(subscriptionSchedulerId(sub.feed, sub.platform, sub.chatId));
      await this.subscriptionChanged({ ...sub, active: true });
    }
    let removed = 0;
    for (const s of await this.queue.getJobSchedulers(0, -1)) {
      if (s.key.startsWith('sub_') && !wanted.has(s.key)) {
        await this.queue.removeJobScheduler(s.key);
        removed++;
      }
    }
    return { schedulers: wanted.size + 3 + digests.schedulers, removed: removed + digests.removed };
  }

  /**
   * One digest scheduler per time zone in use (`digest_<tz>`: TZ_DEFAULT and each subscriber's),
   * every day at REMINDER_TIME there; the job skips days off, so a make-up working day gets one.
   */
  private async syncDigests(): Promise<{ schedulers: number; removed: number }> {
    if (!this.digest) return { schedulers: 0, removed: 0 };
    const zones = await this.digest.zones();
    for (const tz of zones)
      await this.queue.upsertJobScheduler(
        `digest_${tz}`,
        { pattern: dailyAt(this.config.REMINDER_TIME), tz },
        { name: 'digest', data: { tz }, opts: { removeOnComplete: 100, removeOnFail: 500 } },
      );
    let removed = 0;
    for (const s of await this.queue.getJobSchedulers(0, -1)) {
      if (s.key.startsWith('digest_') && !zones.includes(s.key.slice('digest_'.length))) {
        await this.queue.removeJobScheduler(s.key);
        removed++;
      }
    }
    return { schedulers: zones.length, removed };
  }
}
