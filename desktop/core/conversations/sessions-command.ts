import { writeFileSync } from 'node:fs';
import type { CliCommand, CliIo } from '../../../kernel/cli/command';
import { optionString, type ParsedArgs } from '../../../kernel/cli/parse-args';
import type { ConversationStore } from './conversation-store';

const USAGE = [
  'Usage:',
  '  dosia sessions list [--json]                       saved conversations and compare sets, newest first',
  '  dosia sessions show <id> [--json]                  one conversation, as Markdown (or its events as JSON)',
  '  dosia sessions export <id> [--format md|json] [--out <file>]',
  '  dosia sessions fork <id> [--events <n>]            a new conversation with the first n events (default all)',
  '',
  'Continue a conversation with `dosia chat --session <id> "…"`.',
].join('\n');

function listSessions(store: ConversationStore, args: ParsedArgs, io: CliIo): number {
  const sessions = store.list();
  if (args.options.json) io.out(`${JSON.stringify({ sessions }, null, 2)}\n`);
  else for (const session of sessions) {
    const credits = session.credits === null ? '' : `  ${session.credits} credits`;
    io.out(`${session.sessionId}  ${session.kind.padEnd(7)}  ${session.models.join(',')}  "${session.title}"${credits}\n`);
  }
  if (!sessions.length && !args.options.json) io.err('no saved conversations yet: dosia chat "…"\n');
  return 0;
}

function exportSession(store: ConversationStore, id: string, format: string, io: CliIo, out: string | undefined): number {
  if (format !== 'md' && format !== 'json') {
    io.err(`--format must be md or json\n${USAGE}\n`);
    return 2;
  }
  const loaded = store.load(id);
  for (const warning of loaded.warnings) io.err(`warning: ${warning}\n`);
  const text = format === 'json' ? `${JSON.stringify(store.exportJson(id), null, 2)}\n` : store.exportMarkdown(id);
  if (!out) io.out(text);
  else {
    writeFileSync(out, text);
    io.err(`wrote ${out}\n`);
  }
  return 0;
}

function forkSession(store: ConversationStore, id: string, args: ParsedArgs, io: CliIo): number {
  const eventsText = optionString(args, 'events');
  const forked = store.fork(id, eventsText === undefined ? {} : { events: Number(eventsText) });
  io.out(`${forked.sessionId}\n`);
  io.err(`forked ${id} into ${forked.sessionId} (${forked.events.length} events)\n`);
  return 0;
}

export function createSessionsCommand(store: ConversationStore): CliCommand {
  return {
    name: 'sessions',
    summary: 'sessions list | show <id> | export <id> [--format md|json] | fork <id>',
    usage: USAGE,
    run: async (args, io) => {
      const [action, id, extra] = args.positionals;
      if (action === 'list' || action === undefined) return listSessions(store, args, io);
      if (!id || extra !== undefined) {
        io.err(`${USAGE}\n`);
        return 2;
      }
      if (action === 'show') return exportSession(store, id, args.options.json ? 'json' : 'md', io, undefined);
      if (action === 'export') return exportSession(store, id, optionString(args, 'format') ?? 'md', io, optionString(args, 'out'));
      if (action === 'fork') return forkSession(store, id, args, io);
      io.err(`${USAGE}\n`);
      return 2;
    },
  };
}
