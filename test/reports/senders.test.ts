/**
 * The monthly post carries its .docx: Slack through the current upload flow
 * (files.getUploadURLExternal, the bytes to the upload URL, files.completeUploadExternal into the
 * channel) and Telegram through sendDocument, both against the local fake APIs.
 */
import { webApi } from '@slack/bolt';
import { Api } from 'grammy';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slackSender } from '../../src/adapters/slack/sender.ts';
import { telegramSender } from '../../src/adapters/telegram/sender.ts';
import type { App } from '../../src/app.ts';
import type { Reply } from '../../src/domain/reply.ts';
import { translator } from '../../src/i18n/index.ts';
import { summaryPost } from '../../src/present/summary-post.ts';
import { type FakeSlack, startFakeSlack } from '../fakes/slack-api.ts';
import { type FakeTelegram, startFakeTelegram } from '../fakes/telegram-api.ts';
import { TestClock, testApp } from '../support/app.ts';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
let app: App;
let slack: FakeSlack;
let telegram: FakeTelegram;
let post: Reply;

beforeAll(async () => {
  app = await testApp({ clock: new TestClock(new Date('2026-12-01T10:00:00+07:00')) });
  slack = await startFakeSlack({ channels: ['C0WG00001'] });
  telegram = await startFakeTelegram({ strictChats: true });
  telegram.message({ from: 501, chat: -100900, text: 'hi' });
  const data = await app.services.summary.compute(null, 'month');
  post = await summaryPost({ t: translator('vi'), lang: 'vi', tz: 'Asia/Ho_Chi_Minh' }, data);
});
afterAll(async () => {
  await slack?.close();
  await telegram?.close();
  await app?.close();
});

describe('the monthly post with its document', () => {
  it('is /summary month for the current period (15/11–14/12 on 1 December), with the .docx', async () => {
    expect(post.title).toBe('Báo cáo giám sát tháng 15/11/2026–14/12/2026');
    const [doc] = post.documents ?? [];
    expect(doc?.filename).toBe('bao-cao-giam-sat-2026-12.docx');
    expect(doc?.mime).toBe(DOCX);
    const zip = await JSZip.loadAsync(doc?.data ?? new Uint8Array());
    expect(await zip.file('word/document.xml')?.async('string')).toContain(
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
    );
  });

  it('Slack: message, chart, then the document through getUploadURLExternal and completeUploadExternal', async () => {
    const client = new webApi.WebClient(slack.token, {
      slackApiUrl: slack.url,
      rejectRateLimitedCalls: true,
      retryConfig: { retries: 0 },
    });
    await slackSender(client).send('C0WG00001', post, 'vi');
    const doc = post.documents?.[0];
    const ask = slack.calls.find(
      (c) => c.method === 'files.getUploadURLExternal' && c.body.filename === doc?.filename,
    );
    expect(Number(ask?.body.length)).toBe(doc?.data.length);
    const fileId = ask?.response.file_id as string;
    const upload = slack.calls.find((c) => c.method === 'upload' && c.id === fileId);
    expect(upload?.files?.[0]?.data).toEqual(Buffer.from(doc?.data ?? []));
    const done = slack.calls.find(
      (c) =>
        c.method === 'files.completeUploadExternal' &&
        (c.body.files as { id: string }[] | undefined)?.some((f) => f.id === fileId),
    );
    expect(done?.body.channel_id).toBe('C0WG00001');
    expect(done?.response.files).toEqual([
      expect.objectContaining({
        id: fileId,
        name: doc?.filename,
        title: doc?.title,
        mimetype: DOCX,
        filetype: 'docx',
        channels: ['C0WG00001'],
      }),
    ]);
    expect(slack.messages('C0WG00001').map((m) => m.kind)).toEqual(['postMessage', 'file', 'file']);
  });

  it('Telegram: the messages, the chart as a photo, then the document with sendDocument', async () => {
    await telegramSender(new Api(telegram.token, { apiRoot: telegram.apiRoot })).send('-100900', post, 'vi');
    const sent = telegram.sent(-100900);
    expect(sent.map((s) => s.method).slice(-2)).toEqual(['sendPhoto', 'sendDocument']);
    const last = sent.at(-1);
    expect(last?.text).toBe('Báo cáo giám sát tháng 15/11/2026–14/12/2026');
    expect(last?.result).toMatchObject({
      document: { file_name: 'bao-cao-giam-sat-2026-12.docx', file_size: post.documents?.[0]?.data.length },
    });
    // The summary's table went out as a <pre> block.
    expect(sent.some((s) => String(s.body.text ?? '').includes('<pre>'))).toBe(true);
  });
});
