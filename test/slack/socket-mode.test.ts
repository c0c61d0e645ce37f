import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSlack } from '../../src/adapters/slack/index.ts';
import { type App, adapterDeps, createApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { createHttpServer, type HttpServer } from '../../src/http/server.ts';
import { type FakeSlack, startFakeSlack } from '../fakes/slack-api.ts';
import { eventBody, triggerId } from '../fakes/slack-sign.ts';
import { inChannel, LogTap, seen, type TestUser, USERS, WG } from './harness.ts';

let fake: FakeSlack;
let app: App;
let http: HttpServer;
let stop: () => Promise<void>;
let origin: string;
const logs = new LogTap();

beforeAll(async () => {
  fake = await startFakeSlack({ users: Object.values(USERS), channels: [WG] });
  const config = loadConfig({
    DATA_DIR: 'memory://',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
    SLACK_BOT_TOKEN: fake.token,
    SLACK_APP_TOKEN: fake.appToken,
    SLACK_API_URL: fake.url,
    ADMINS: `slack:${USERS.admin.id}`,
  });
  app = await createApp({ config, log: pino({ level: config.LOG_LEVEL }, logs.stream) });
  http = createHttpServer(app);
  stop = await startSlack(adapterDeps(app, http));
  origin = `http://127.0.0.1:${await http.listen(0, '127.0.0.1')}`;
});
afterAll(async () => {
  await stop?.();
  await http?.close();
  await app?.close();
  await fake?.close();
});

/** A slash command as Socket Mode delivers it (the same fields as over HTTP, as an object). */
function slash(user: TestUser, command: string, text: string) {
  return fake.socketMode.send('slash_commands', {
    token: 'verification-token-unused',
    team_id: 'T0STEER01',
    team_domain: 'steerbot-test',
    channel_id: WG,
    channel_name: 'working-group',
    user_id: user.id,
    user_name: user.name,
    command,
    text,
    api_app_id: 'ASTEERBOT',
    is_enterprise_install: 'false',
    response_url: fake.responseUrl(`sm-${Math.random()}`, WG),
    trigger_id: triggerId(),
  });
}

/** A message the whole channel sees (a slash command's answer goes in_channel by its response_url). */
const posted = (text: string) => fake.waitFor((c) => inChannel(c) && seen(c.body).includes(text));

describe('Slack over Socket Mode (SLACK_APP_TOKEN)', () => {
  it('connects with the app token and answers slash commands acked on the socket', async () => {
    expect(fake.calls.find((c) => c.method === 'apps.connections.open')?.response.ok).toBe(true);
    const ack = await slash(
      USERS.admin,
      '/unit',
      'add MOF "Ministry of Finance" block:government kind:ministry',
    );
    expect(ack.payload).toEqual({});
    await posted('Unit MOF added');
    await slash(USERS.member, '/blocker', 'add Socket mode item owner:MOF');
    const card = await posted('Socket mode item');
    expect(seen(card.body)).toContain(`by <@${USERS.member.id}>`);
  });

  it('handles an event redelivered over the socket (retry_attempt) once', async () => {
    const body = JSON.parse(
      eventBody({
        type: 'app_mention',
        user: USERS.member.id,
        channel: WG,
        text: '<@UBOT0001> blocker add Redelivered socket item owner:MOF',
        ts: '1893456000.000900',
      }),
    ) as Record<string, unknown>;
    await fake.socketMode.send('events_api', body, { retry_attempt: 0, retry_reason: '' });
    await fake.socketMode.send('events_api', body, { retry_attempt: 1, retry_reason: 'timeout' });
    await posted('Redelivered socket item');
    await logs.waitFor((l) => l.msg === 'slack: event seen before; skipped');
    const admin = await app.services.identity.resolve({ platform: 'slack', id: USERS.admin.id, name: 'An' });
    const titles = (await app.services.queries.list(admin, { scope: 'all' })).map((b) => b.title);
    expect(titles.filter((t) => t === 'Redelivered socket item')).toHaveLength(1);
  });

  it('serves no /slack/events over HTTP (the socket is the only way in), and still /healthz', async () => {
    expect((await fetch(`${origin}/slack/events`, { method: 'POST', body: '{}' })).status).toBe(404);
    expect((await fetch(`${origin}/healthz`)).status).toBe(200);
  });
});
