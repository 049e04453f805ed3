import type { CliIo } from '../../../kernel/cli/command';
import { kernelErrors } from '../../../kernel/kernel-errors';
import { optionList, type ParsedArgs } from '../../../kernel/cli/parse-args';
import { formatMetrics } from '../conversations/conversation-to-markdown';
import type { AgentEvent, AgentTurnResult } from './agent';
import type { ApproveCallback } from './approval';
import { approveEverything, createTerminalApprover } from './terminal-approver';

/**
 * How the commands that run the agent (`dosia chat`, `dosia skill run`) talk to a terminal:
 * the answer streams to stdout, tool calls and the usage line go to stderr, `--json` prints
 * one document instead, and Ctrl-C cancels the run.
 */

/** Exit codes: 0 answered, 1 the run failed or hit the step limit, 130 cancelled (Ctrl-C). */
const EXIT_BY_STOP = { finished: 0, 'step-limit': 1, error: 1, cancelled: 130 } as const;

const dim = (io: CliIo, text: string) => (io.isTty ? `\x1b[2m${text}\x1b[0m` : text);

/** `--yes` approves what no rule decides; on a terminal the person is asked; piped, nobody is (such calls are refused). */
export function chooseApprover(args: ParsedArgs, io: CliIo): ApproveCallback | undefined {
  if (args.options.yes) return approveEverything;
  return io.isTty && process.stdin.isTTY ? createTerminalApprover(process.stdin, process.stderr) : undefined;
}

/** `--input key=value`, repeatable, as a record (the skill checks names and types). */
export function readInputOptions(args: ParsedArgs): Record<string, string> {
  const inputs: Record<string, string> = {};
  for (const pair of optionList(args, 'input')) {
    const separator = pair.indexOf('=');
    if (separator < 1) throw kernelErrors.create('BSK_CLI_USAGE', { reason: `--input ${pair} must be written key=value` });
    inputs[pair.slice(0, separator)] = pair.slice(separator + 1);
  }
  return inputs;
}

/** Runs `body` with a signal that Ctrl-C aborts. */
export async function cancelOnInterrupt<Result>(body: (signal: AbortSignal) => Promise<Result>): Promise<Result> {
  const controller = new AbortController();
  const cancel = () => controller.abort(new Error('cancelled by the user'));
  process.once('SIGINT', cancel);
  try {
    return await body(controller.signal);
  } finally {
    process.removeListener('SIGINT', cancel);
  }
}

function showProgress(event: AgentEvent, io: CliIo): void {
  if (event.type === 'part' && event.part.type === 'text-delta') io.out(event.part.text);
  if (event.type === 'tool-call') io.err(`${dim(io, `\n[tool] ${event.name} ${JSON.stringify(event.input)}`)}\n`);
  if (event.type === 'tool-result') io.err(`${dim(io, `[tool] ${event.name} ${event.isError ? event.output.slice(0, 300) : 'ok'} (${event.durationMs} ms)`)}\n`);
}

/** Runs to the end, showing the text and tool calls as they stream unless `progress` is false; resolves with the result (null if none came). */
export async function streamAgentRun(run: AsyncIterable<AgentEvent>, io: CliIo, options: { readonly progress: boolean }): Promise<AgentTurnResult | null> {
  for await (const event of run) {
    if (event.type === 'turn-end') return event.result;
    if (options.progress) showProgress(event, io);
  }
  return null;
}

function usageLine(result: AgentTurnResult): string {
  const steps = result.steps > 1 ? ` · ${result.steps} steps` : '';
  const skill = result.skill ? ` · skill ${result.skill.name}${result.skill.version ? `@${result.skill.version}` : ''}` : '';
  return `${formatMetrics(result)}${steps}${skill} · session ${result.sessionId}`;
}

/** The end of a run: the `--json` document (plus `extra` fields) or a closing newline, the error, the usage line; the exit code. */
export function reportAgentRun(result: AgentTurnResult, io: CliIo, json: boolean, extra: Readonly<Record<string, unknown>> = {}): number {
  if (json) {
    const { text, model, provider, sessionId, usage, credits, latency, steps, requestIds, stop, error, skill, gatewayHeaders } = result;
    const document = { text, model, provider, sessionId, usage, credits, latency, steps, requestIds, stop, ...(error ? { error } : {}), ...(skill ? { skill } : {}), ...(gatewayHeaders ? { gatewayHeaders } : {}), ...extra };
    io.out(`${JSON.stringify(document, null, 2)}\n`);
  } else if (result.text && !result.text.endsWith('\n')) io.out('\n');
  if (result.error) io.err(`error: ${result.error.message} [${result.error.code}]\n`);
  io.err(`${dim(io, usageLine(result))}\n`);
  return EXIT_BY_STOP[result.stop];
}
