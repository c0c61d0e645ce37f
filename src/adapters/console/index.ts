import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { ChatRef, Incoming } from '../../dispatch.ts';
import type { NotifierPort } from '../../domain/ports.ts';
import type { ConsoleDeps } from '../deps.ts';
import { actAs } from './act-as.ts';
import { consoleText } from './typed.ts';

export const CONSOLE_CHAT: ChatRef = { platform: 'console', id: 'console', direct: true };

export interface ConsoleOptions {
  input?: Readable;
  output?: Writable;
  /** Interactive (prompt, welcome) when standard input is a terminal. */
  interactive?: boolean;
}

/**
 * The bot in the terminal. The local user (`$USER`) is an admin. Piped input: one command per
 * line, each reply printed as one block followed by a blank line, blank lines and `#` comments
 * skipped, resolves at end of input.
 */
export async function runConsole(app: ConsoleDeps, opts: ConsoleOptions = {}): Promise<void> {
  const input = opts.input ?? process.stdin;
  const output = opts.output ?? process.stdout;
  const interactive = opts.interactive ?? Boolean((input as { isTTY?: boolean }).isTTY);
  const user = app.config.USER;
  // A reply is one block of lines and a blank line ends it, so a script reading piped output can
  // split it into replies: blank lines inside a reply (between summary sections) are dropped.
  const print = (text: string) => output.write(`${text.replace(/\n(?:[ \t]*\n)+/g, '\n')}\n\n`);

  app.notices.add(consolePrinter(app, print));

  const rl = createInterface({
    input,
    ...(interactive ? { output, prompt: 'steerbot> ' } : {}),
    terminal: interactive,
  });
  if (interactive) {
    output.write(
      `steerbot console — you are ${user} (admin). Type /help, /as @person <command> to act as someone else, or exit to leave.\n`,
    );
    rl.prompt();
  }
  for await (const raw of rl) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) {
      if (interactive) rl.prompt();
      continue;
    }
    if (interactive && /^(exit|quit|\\q)$/i.test(line)) break;
    // `/as @person <command>`: the admin tries a command as someone else (see act-as.ts).
    const acting = /^\/as(\s|$)/i.test(line) ? await actAs(app.dispatcher, user, CONSOLE_CHAT, line) : null;
    if (acting && 'reply' in acting) {
      print(consoleText(acting.reply));
      if (interactive) rl.prompt();
      continue;
    }
    const incoming: Incoming = acting
      ? acting.incoming
      : { text: line, who: { platform: 'console', id: user, name: user }, chat: CONSOLE_CHAT, asAdmin: true };
    const { reply } = await app.dispatcher.handle(incoming);
    print(acting ? `[${acting.as}] ${consoleText(reply)}` : consoleText(reply));
    if (interactive) rl.prompt();
  }
  rl.close();
}

/** Notices (escalations, reminders, summaries) printed as they fire, in the console chat's language. */
function consolePrinter(app: ConsoleDeps, print: (text: string) => void): NotifierPort {
  return {
    async toFeed(feed, notice) {
      print(`[${feed}] ${consoleText(await app.dispatcher.notice(CONSOLE_CHAT, notice))}`);
    },
    async toPerson(personId, notice) {
      const name = (await app.dispatcher.personName(personId)) ?? `#${personId}`;
      print(`[to ${name}] ${consoleText(await app.dispatcher.notice(CONSOLE_CHAT, notice))}`);
    },
  };
}
