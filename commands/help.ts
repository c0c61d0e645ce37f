import { UserError } from '../src/domain/errors.ts';
import { reply } from '../src/domain/reply.ts';
import { nearest } from '../src/domain/similarity.ts';
import type { Command } from './types.ts';

/** The registry is passed in so that help lists exactly what is registered. */
export function makeHelp(all: () => Command[]): Command {
  const help: Command = {
    name: 'help',
    aliases: ['start'],
    summary: 'help.help',
    usage: '/help [command]',
    async run(ctx, input) {
      const name = input.trim().replace(/^\//, '').toLowerCase();
      if (name) {
        const cmd = all().find((c) => c.name === name || c.aliases?.includes(name));
        if (!cmd) {
          const near = nearest(
            name,
            all().map((c) => c.name),
          );
          throw near
            ? new UserError('cmd.unknown_near', { command: name, suggestion: near })
            : new UserError('cmd.unknown', { command: name });
        }
        return commandHelp(ctx.t, cmd);
      }
      return reply.info(ctx.t('help.title'), {
        items: all().map((c) => ({ text: `/${c.name}`, detail: ctx.t(c.summary) })),
        lines: [ctx.t('help.footer')],
      });
    },
  };
  return help;
}

/** One command's usage, one line per subcommand with its description. */
export function commandHelp(t: (k: string) => string, cmd: Command) {
  if (!cmd.subcommands) return reply.info(`/${cmd.name} — ${t(cmd.summary)}`, { lines: [cmd.usage] });
  return reply.info(`/${cmd.name} — ${t(cmd.summary)}`, {
    items: Object.values(cmd.subcommands).map((s) => ({ text: s.usage, detail: t(s.summary) })),
  });
}
