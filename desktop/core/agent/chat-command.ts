import type { CliCommand, CliIo } from '../../../kernel/cli/command';
import { optionString, type ParsedArgs } from '../../../kernel/cli/parse-args';
import { formatMetrics } from '../conversations/conversation-to-markdown';
import type { Agent, AgentEvent, AgentTurnResult } from './agent';
import type { ApproveCallback } from './approval';
import { agentErrors } from './errors';
import { approveEverything, createTerminalApprover } from './terminal-approver';

const USAGE = [
  'Usage: dosia chat [-m <model>] [--session <id>] [--yes] [--no-tools] [--max-steps <n>] [--json] "prompt"',
  '',
  'Streams the answer to stdout; tool calls and the usage line (model, tokens, credits, latency) go to stderr.',
  '  -m, --model <id>     a model id from `dosia models` (or provider:id); default: the `model` setting',
  '  --session <id>       continue that conversation (`dosia sessions list`)',
  '  --yes                approve every tool call no permission rule decides (deny rules still win)',
  '  --no-tools           no tools for the model',
  '  --json               print one JSON document: text, model, usage, credits, latency',
  '  --skill <name>       run with a skill (skills are not installed by this build yet)',
  '',
  'Without --yes, tool calls that need approval are asked on the terminal, and refused when piped.',
].join('\n');

/** Exit codes: 0 answered, 1 the run failed or hit the step limit, 130 cancelled (Ctrl-C). */
const EXIT_BY_STOP = { finished: 0, 'step-limit': 1, error: 1, cancelled: 130 } as const;

const dim = (io: CliIo, text: string) => (io.isTty ? `\x1b[2m${text}\x1b[0m` : text);

function showProgress(event: AgentEvent, io: CliIo, json: boolean): void {
  if (json) return;
  if (event.type === 'part' && event.part.type === 'text-delta') io.out(event.part.text);
  if (event.type === 'tool-call') io.err(`${dim(io, `\n[tool] ${event.name} ${JSON.stringify(event.input)}`)}\n`);
  if (event.type === 'tool-result') io.err(`${dim(io, `[tool] ${event.name} ${event.isError ? event.output.slice(0, 300) : 'ok'} (${event.durationMs} ms)`)}\n`);
}

function usageLine(result: AgentTurnResult): string {
  const steps = result.steps > 1 ? ` · ${result.steps} steps` : '';
  return `${formatMetrics(result)}${steps} · session ${result.sessionId}`;
}

function report(result: AgentTurnResult, io: CliIo, json: boolean): number {
  if (json) {
    const { text, model, provider, sessionId, usage, credits, latency, steps, requestIds, stop, error } = result;
    io.out(`${JSON.stringify({ text, model, provider, sessionId, usage, credits, latency, steps, requestIds, stop, ...(error ? { error } : {}) }, null, 2)}\n`);
  } else if (result.text && !result.text.endsWith('\n')) io.out('\n');
  if (result.error) io.err(`error: ${result.error.message} [${result.error.code}]\n`);
  io.err(`${dim(io, usageLine(result))}\n`);
  return EXIT_BY_STOP[result.stop];
}

function chooseApprover(args: ParsedArgs, io: CliIo): ApproveCallback | undefined {
  if (args.options.yes) return approveEverything;
  return io.isTty && process.stdin.isTTY ? createTerminalApprover(process.stdin, process.stderr) : undefined;
}

async function runChat(agent: Agent, args: ParsedArgs, io: CliIo): Promise<number> {
  const skill = optionString(args, 'skill');
  if (skill) throw agentErrors.create('BSK_AGENT_UNKNOWN_SKILL', { skill, reason: 'no skills are installed in this build (the skills plugin is not part of it yet)' });
  const maxSteps = optionString(args, 'max-steps');
  const json = Boolean(args.options.json);
  const controller = new AbortController();
  const cancel = () => controller.abort(new Error('cancelled by the user'));
  process.once('SIGINT', cancel);
  try {
    const model = optionString(args, 'model');
    const sessionId = optionString(args, 'session');
    const approve = chooseApprover(args, io);
    const run = agent.run({
      prompt: args.positionals.join(' '), signal: controller.signal, tools: !args.options['no-tools'],
      ...(model ? { model } : {}), ...(sessionId ? { sessionId } : {}), ...(approve ? { approve } : {}), ...(maxSteps ? { maxSteps: Number(maxSteps) } : {}),
    });
    for await (const event of run) {
      if (event.type === 'turn-end') return report(event.result, io, json);
      showProgress(event, io, json);
    }
    return 1;
  } finally {
    process.removeListener('SIGINT', cancel);
  }
}

export function createChatCommand(agent: Agent): CliCommand {
  return {
    name: 'chat',
    summary: 'chat [-m model] [--session id] [--yes] [--json] "prompt": one turn with tools, streamed',
    usage: USAGE,
    booleans: ['yes', 'no-tools'],
    aliases: { m: 'model' },
    run: async (args, io) => {
      if (args.positionals.length === 0) {
        io.err(`${USAGE}\n`);
        return 2;
      }
      return runChat(agent, args, io);
    },
  };
}
