import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { personsRepo } from '../../src/store/persons-repo.ts';
import type { SlackCall } from '../fakes/slack-api.ts';
import {
  appHomeOpenedEvent,
  blockActionsPayload,
  messageShortcutPayload,
  viewSubmissionPayload,
} from '../fakes/slack-payloads.ts';
import { TestClock } from '../support/app.ts';
import {
  answered,
  buttons,
  eventBody,
  type Harness,
  posted,
  press as pressOn,
  seen,
  startHarness,
  type TestUser,
  USERS,
  WG,
} from './harness.ts';

// Monday 7 January 2030, 09:00 in Hà Nội: the week is known, so "due this week" and "overdue" are too.
const clock = new TestClock(new Date('2030-01-07T02:00:00Z'));
let h: Harness;

beforeAll(async () => {
  h = await startHarness({ clock });
  await h.slash(USERS.admin, '/unit', 'add MOF "Ministry of Finance" block:government kind:ministry');
  await h.slash(USERS.admin, '/unit', 'add MIC "Ministry of Information" block:government kind:ministry');
  await posted(h, 'Unit MIC added');
  const join = await h.slash(USERS.member, '/unit', 'join MOF');
  expect(seen((await answered(h, join.rid)).body)).toContain('Asked to join MOF');
  // A join is a request until an admin or the unit's lead approves it (issue #9).
  await h.slash(USERS.admin, '/unit', `approve MOF <@${USERS.member.id}>`);
  await posted(h, 'is now a member of MOF');
});
afterAll(() => h?.close());

async function blocker(title: string) {
  const admin = await h.app.services.identity.resolve({ platform: 'slack', id: USERS.admin.id, name: 'An' });
  return (await h.app.services.queries.list(admin, { scope: 'all' })).find((b) => b.title === title);
}

/** A slash command's visible result: the card the bot posted in the channel. */
async function logged(user: TestUser, text: string, title: string): Promise<{ id: string; call: SlackCall }> {
  await h.slash(user, '/blocker', `add ${text}`);
  const call = await posted(h, `: ${title}*`);
  return { id: /Logged (B-\d+)/.exec(seen(call.body))?.[1] ?? '', call };
}

/** Presses a button on a message in the working-group channel; `rid` names the response_url. */
function press(user: TestUser, action: string, value: string, message?: SlackCall) {
  return pressOn(h, user, { action_id: action, value }, String(message?.response.ts ?? '1893456000.000100'));
}

/** The next views.open after `since` calls (a form opened). */
async function opened(since: number, callbackId: string) {
  const call = await h.fake.waitFor(
    (c) =>
      c.method === 'views.open' &&
      h.fake.calls.indexOf(c) >= since &&
      (c.body.view as { callback_id?: string }).callback_id === callbackId,
  );
  return call.body.view as { private_metadata: string; blocks: Array<Record<string, unknown>> };
}

const text = (value: string) => ({ v: { type: 'plain_text_input', value } });
const select = (value: string) => ({
  v: { type: 'static_select', selected_option: { value, text: { type: 'plain_text', text: value } } },
});
const user = (id: string) => ({ v: { type: 'users_select', selected_user: id } });
const date = (day: string) => ({ v: { type: 'datepicker', selected_date: day } });

function submit(
  by: TestUser,
  callbackId: string,
  privateMetadata: string,
  values: Record<string, Record<string, unknown>>,
) {
  return h.interact(
    viewSubmissionPayload({
      user: { id: by.id, name: by.name },
      callback_id: callbackId,
      private_metadata: privateMetadata,
      values,
    }),
  );
}

describe('Slack forms (view_submission)', () => {
  it('opens "Log a blocker" for /blocker add with no text; the submission goes through the command', async () => {
    const since = h.fake.calls.length;
    const res = await h.slash(USERS.member, '/blocker', 'add');
    expect(res.status).toBe(200);
    const view = await opened(since, 'blocker_add');
    const owner = view.blocks.find((b) => b.block_id === 'owner') as {
      element: { options: Array<{ value: string }> };
    };
    expect(owner.element.options.map((o) => o.value)).toEqual(['MIC', 'MOF']);
    expect(JSON.parse(view.private_metadata)).toMatchObject({ channel: WG, responseUrl: res.responseUrl });

    // Every kind of quote (a form once refused this): the executor gets the title as typed.
    const title = "Decree \"13\" owner:MIC isn't applied, “see” ‘annex’ «2» 'now'";
    const sent = await submit(USERS.member, 'blocker_add', view.private_metadata, {
      title: text(title),
      detail: text('Agencies wait for guidance; due:tomorrow is what they asked.'),
      category: select('institutions'),
      owner: select('MOF'),
      person: user(USERS.lan.id),
      due: date('2030-02-15'),
      priority: select('critical'),
    });
    expect(sent).toEqual({ status: 200, body: '' });
    const call = await posted(h, "isn't applied");
    const shown = seen(call.body);
    expect(shown).toContain(`*Logged B-1: ${title}*`);
    expect(shown).toContain('*Owner*\nMOF · Nguyễn Thị Lan');
    expect(shown).toContain('|15/02/2030>');
    expect(shown).toContain('*Priority*\ncritical');
    expect(shown).toContain(`by <@${USERS.member.id}>`);
    const b = await blocker(title);
    expect(b).toMatchObject({
      detail: 'Agencies wait for guidance; due:tomorrow is what they asked.',
      category: 'institutions',
    });
    // Lan never wrote to the bot: picking her made her a person (a member), with her Slack name.
    const lan = await h.app.services.identity.findPerson(`<@${USERS.lan.id}>`);
    expect(b?.ownerPersonId).toBe(lan.id);
    expect(lan).toMatchObject({ name: 'Nguyễn Thị Lan', role: 'member' });
  });

  it('shows what is wrong on the fields and creates nothing', async () => {
    const meta = JSON.stringify({ channel: WG });
    const before = (await h.app.services.queries.triage(await admin())).length;
    const res = await submit(USERS.member, 'blocker_add', meta, {
      title: text('   '),
      due: date('2029-12-31'),
      person: user('UBOT0001'),
      category: select('other'),
      priority: select('normal'),
    });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({
      response_action: 'errors',
      errors: {
        title: 'give the blocker a title.',
        due: '2029-12-31 is in the past; give a date from now on.',
        person: 'choose a person, not an app.',
      },
    });
    // The command's own refusal, in time, lands on the form too.
    const unknown = await submit(USERS.member, 'blocker_add', meta, {
      title: text('Unknown owner'),
      owner: select('NOPE'),
      category: select('other'),
      priority: select('normal'),
    });
    expect(JSON.parse(unknown.body)).toEqual({
      response_action: 'errors',
      errors: { title: 'Error: unknown unit NOPE (see /unit list).' },
    });
    expect(await blocker('Unknown owner')).toBeUndefined();
    expect((await h.app.services.queries.triage(await admin())).length).toBe(before);
  });
});

async function admin() {
  return h.app.services.identity.resolve({ platform: 'slack', id: USERS.admin.id, name: 'An' });
}

describe('Slack buttons (block_actions) go through the dispatcher as the person pressing', () => {
  it('refuses Resolve to someone it is not theirs to resolve; Start works for its reporter', async () => {
    const { id, call } = await logged(
      USERS.member,
      'Payment gateway timeouts owner:MOF due:2030-03-01',
      'Payment gateway timeouts',
    );
    const rid = await press(USERS.member2, 'blocker.resolve', id, call);
    const refused = await answered(h, rid);
    expect(refused.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(seen(refused.body)).toContain(
      'Error: not allowed: your role may not change the status of this blocker.',
    );
    expect((await blocker('Payment gateway timeouts'))?.status).toBe('open');

    await press(USERS.member, 'blocker.start', id, call);
    const started = await posted(h, `${id} is in progress`);
    expect(seen(started.body)).toContain(`by <@${USERS.member.id}>`);
    expect(buttons(started.body).map((b) => b.action_id)).toEqual(['blocker.resolve', 'blocker.extend']);
    expect((await blocker('Payment gateway timeouts'))?.status).toBe('in_progress');
  });

  it('Request extension: a member files X-n from the form; a member may not approve it, an admin may', async () => {
    const { id, call } = await logged(
      USERS.member,
      'Land database not shared owner:MOF due:2030-01-31',
      'Land database not shared',
    );
    const since = h.fake.calls.length;
    await press(USERS.member, 'blocker.extend', id, call);
    const view = await opened(since, 'blocker_extend');
    expect(JSON.parse(view.private_metadata)).toMatchObject({ record: id, channel: WG });
    const bad = await submit(USERS.member, 'blocker_extend', view.private_metadata, {
      due: date('2029-01-01'),
    });
    expect(JSON.parse(bad.body).errors.due).toBe('2029-01-01 is in the past; give a date from now on.');

    expect(
      (
        await submit(USERS.member, 'blocker_extend', view.private_metadata, {
          due: date('2030-04-30'),
          reason: text('Waiting for "Decree 13" guidance: due:never'),
        })
      ).body,
    ).toBe('');
    const request = await posted(h, `Extension X-1 requested: ${id} to 30/04/2030`);
    expect(buttons(request.body)).toEqual([
      { action_id: 'extension.approve', value: 'X-1' },
      { action_id: 'extension.reject', value: 'X-1' },
    ]);
    expect((await blocker('Land database not shared'))?.deadline?.toISOString()).toBe(
      '2030-01-31T10:00:00.000Z',
    );

    const rid = await press(USERS.member2, 'extension.approve', 'X-1', request);
    expect(seen((await answered(h, rid)).body)).toContain(
      'Error: not allowed: your role may not decide extension requests.',
    );
    expect((await blocker('Land database not shared'))?.deadline?.toISOString()).toBe(
      '2030-01-31T10:00:00.000Z',
    );

    await press(USERS.admin, 'extension.approve', 'X-1', request);
    await posted(h, `X-1 approved: ${id} now due 30/04/2030 (was 31/01/2030)`);
    const b = await blocker('Land database not shared');
    expect(b?.deadline?.toISOString()).toBe('2030-04-30T10:00:00.000Z');
    expect(b?.originalDeadline?.toISOString()).toBe('2030-01-31T10:00:00.000Z');
  });

  it('Reject asks for a reason in a form, then the deadline stays', async () => {
    const { id } = await logged(
      USERS.member,
      'Procurement stalled owner:MOF due:2030-02-28',
      'Procurement stalled',
    );
    await h.slash(USERS.member, '/blocker', `due ${id} 2030-06-30 more time`);
    const request = await posted(h, `requested: ${id} to 30/06/2030`);
    const x = buttons(request.body).find((b) => b.action_id === 'extension.reject')?.value ?? '';
    const since = h.fake.calls.length;
    await press(USERS.admin, 'extension.reject', x, request);
    const view = await opened(since, 'extension_reject');
    const empty = await submit(USERS.admin, 'extension_reject', view.private_metadata, {
      reason: text('  '),
    });
    expect(JSON.parse(empty.body).errors).toEqual({ reason: 'say why the extension is rejected.' });
    await submit(USERS.admin, 'extension_reject', view.private_metadata, {
      reason: text('No retreat: 28/02 stands'),
    });
    const rejected = await posted(h, `${x} rejected: ${id} stays due 28/02/2030`);
    expect(seen(rejected.body)).toContain('No retreat: 28/02 stands');
    expect((await blocker('Procurement stalled'))?.deadline?.toISOString()).toBe('2030-02-28T10:00:00.000Z');
  });
});

describe('Slack message shortcut "Log as blocker" (message_action)', () => {
  it('opens the form with the message as detail and a link to it; the blocker keeps both', async () => {
    const since = h.fake.calls.length;
    const { url } = h.responseUrl();
    const res = await h.interact(
      messageShortcutPayload({
        user: { id: USERS.member.id, name: USERS.member.name },
        channel: WG,
        callback_id: 'log_as_blocker',
        message: {
          text: 'Tax portal down since Monday\nVNPT reports timeouts &amp; errors',
          ts: '1893456000.000200',
          user: USERS.lan.id,
        },
        response_url: url,
      }),
    );
    expect(res.status).toBe(200);
    const view = await opened(since, 'blocker_add');
    const initial = (id: string) =>
      (view.blocks.find((b) => b.block_id === id) as { element: { initial_value?: string } }).element
        .initial_value;
    expect(initial('title')).toBe('Tax portal down since Monday');
    expect(initial('detail')).toBe('Tax portal down since Monday\nVNPT reports timeouts & errors');
    const link = 'https://steerbot-test.slack.com/archives/C0WG00001/p1893456000000200';
    expect(JSON.stringify(view.blocks)).toContain(`From this message: ${link}`);

    await submit(USERS.member, 'blocker_add', view.private_metadata, {
      title: text('Tax portal down since Monday'),
      detail: text('Tax portal down since Monday\nVNPT reports timeouts & errors'),
      category: select('infrastructure'),
      owner: select('MIC'),
      priority: select('high'),
    });
    const card = await posted(h, 'Tax portal down since Monday');
    expect(JSON.stringify(card.body)).toContain(link);
    expect(await blocker('Tax portal down since Monday')).toMatchObject({
      sourceLink: link,
      ownerUnitId: (await h.app.services.units.get('MIC')).id,
      detail: 'Tax portal down since Monday\nVNPT reports timeouts & errors',
    });
  });
});

describe('Slack App Home and the Events API', () => {
  it('shows my open items, what is due this week and my unit’s overdue items', async () => {
    await logged(USERS.member, 'Overdue item owner:MOF due:tue', 'Overdue item');
    await logged(USERS.member, 'This week item owner:MOF due:fri', 'This week item');
    clock.set('2030-01-09T02:00:00Z'); // Wednesday: Tuesday's deadline has passed.
    const since = h.fake.calls.length;
    expect((await h.event(eventBody(appHomeOpenedEvent(USERS.member.id)))).status).toBe(200);
    const call = await h.fake.waitFor(
      (c) => c.method === 'views.publish' && h.fake.calls.indexOf(c) >= since,
    );
    expect(call.body.user_id).toBe(USERS.member.id);
    const home = seen(call.body.view as Record<string, unknown>);
    const section = (head: RegExp) =>
      home.split(/\n(?=My open items|Due this week|Overdue in)/).find((s) => head.test(s)) ?? '';
    expect(section(/^My open items \(\d+\)/)).toContain('Overdue item');
    expect(section(/^Due this week \(1\)/)).toContain('This week item');
    expect(section(/^Due this week/)).not.toContain('Overdue item');
    expect(section(/^Overdue in MOF \(1\)/)).toContain('overdue since 08/01/2030');
    // A button on the Home tab acts, answers by direct message and refreshes the tab.
    const view = call.body.view as {
      blocks: Array<{ type: string; elements?: Array<{ action_id: string; value: string }> }>;
    };
    const start = view.blocks.flatMap((b) => b.elements ?? []).find((e) => e.action_id === 'blocker.start');
    const pressed = blockActionsPayload({
      user: { id: USERS.member.id, name: USERS.member.name },
      channel: WG,
      message_ts: '0',
      actions: [{ action_id: 'blocker.start', value: start?.value ?? '' }],
      response_url: '',
    });
    for (const key of ['channel', 'message', 'response_url']) delete pressed[key];
    pressed.container = { type: 'view', view_id: 'VHOME0001' };
    pressed.view = { id: 'VHOME0001', type: 'home', blocks: [] };
    const republished = h.fake.calls.length;
    await h.interact(pressed);
    const dm = await posted(h, `${start?.value} is in progress`, USERS.member.id);
    expect(dm.response.channel).toBe(`D${USERS.member.id}`);
    await h.fake.waitFor((c) => c.method === 'views.publish' && h.fake.calls.indexOf(c) >= republished);
  });

  it('shows a refusal on the Home tab of someone who may not read the lists (not an empty page)', async () => {
    // An external reporter left without a unit (theirs was taken away) may list nothing.
    const lan = await h.app.services.identity.resolve({ platform: 'slack', id: USERS.lan.id, name: 'Lan' });
    await personsRepo.update(h.app.database.db, lan.person.id, { role: 'external', unitId: null });
    const since = h.fake.calls.length;
    await h.event(eventBody(appHomeOpenedEvent(USERS.lan.id)));
    const call = await h.fake.waitFor(
      (c) => c.method === 'views.publish' && h.fake.calls.indexOf(c) >= since,
    );
    expect(call.body.user_id).toBe(USERS.lan.id);
    expect(seen(call.body.view as Record<string, unknown>)).toContain(
      'Error: not allowed: your role may not',
    );
  });

  it('never handles an event twice: a retry (x-slack-retry-num) of an @mention creates nothing again', async () => {
    const body = eventBody({
      type: 'app_mention',
      user: USERS.member.id,
      channel: WG,
      text: '<@UBOT0001> blocker add Retried mention item owner:MOF',
      ts: '1893456000.000300',
    });
    expect((await h.event(body)).status).toBe(200);
    expect(
      (await h.event(body, { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' })).status,
    ).toBe(200);
    await posted(h, 'Retried mention item');
    await h.logs.waitFor((l) => l.msg === 'slack: event seen before; skipped');
    expect(h.fake.messages(WG).filter((m) => seen(m.body).includes('Retried mention item'))).toHaveLength(1);
    const admin = await h.app.services.identity.resolve({
      platform: 'slack',
      id: USERS.admin.id,
      name: 'An',
    });
    const all = await h.app.services.queries.list(admin, { scope: 'all' });
    expect(all.filter((b) => b.title === 'Retried mention item')).toHaveLength(1);
  });
});

describe('Slack with a slow database', () => {
  /** Holds every dispatcher call until `release()`: the database "hangs". */
  function hang() {
    const dispatcher = h.app.dispatcher;
    const original = dispatcher.handle;
    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    dispatcher.handle = async function (this: typeof dispatcher, incoming) {
      await gate;
      return original.call(this, incoming);
    };
    return () => {
      dispatcher.handle = original;
      release();
    };
  }

  it('acks a slash command at once and answers when the work is done', async () => {
    const resume = hang();
    try {
      const res = await h.slash(USERS.member, '/blocker', 'add Slow database item owner:MOF');
      expect(res).toMatchObject({ status: 200, body: '' });
      expect(h.fake.messages(WG).some((m) => seen(m.body).includes('Slow database item'))).toBe(false);
    } finally {
      resume();
    }
    await posted(h, 'Slow database item');
  });

  it('closes a form within Slack’s 3 seconds and posts the result when it comes, once', async () => {
    const resume = hang();
    const started = performance.now();
    let res: { status: number; body: string };
    try {
      res = await submit(USERS.member, 'blocker_add', JSON.stringify({ channel: WG }), {
        title: text('Slow form item'),
        owner: select('MOF'),
        category: select('other'),
        priority: select('normal'),
      });
    } finally {
      resume();
    }
    expect(res).toEqual({ status: 200, body: '' });
    expect(performance.now() - started).toBeLessThan(3000);
    await posted(h, 'Slow form item');
    expect(h.fake.messages(WG).filter((m) => seen(m.body).includes('Slow form item'))).toHaveLength(1);
    expect(await blocker('Slow form item')).toBeDefined();
  });
});
