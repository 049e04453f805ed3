import type { CliCommand, CliIo } from '../../../kernel/cli/command';
import { optionString, type ParsedArgs } from '../../../kernel/cli/parse-args';
import type { Agent, AgentEvent, AgentRunOptions, AgentSkillRunner } from './agent';
import { cancelOnInterrupt, chooseApprover, readInputOptions, reportAgentRun, streamAgentRun } from './agent-run-cli';
import { agentErrors } from './errors';
import { readAttachOptions } from './read-attachment-option';

const USAGE = [
  'Usage: dosia chat [-m <model>] [--attach <file>]… [--skill <name> [--input key=value]…] [--session <id>] [--yes] [--no-tools] [--max-steps <n>] [--json] "prompt"',
  '',
  'Streams the answer to stdout; tool calls and the usage line (model, tokens, credits, latency) go to stderr.',
  '  -m, --model <id>     a model id from `dosia models` (or provider:id); default: the skill\'s preferred model, then the `model` setting',
  '  --attach <file>      send a file with the prompt (repeatable): an image (PNG, JPEG, GIF, WebP, up to 5 MB) the model sees, a PDF (32 MB), a text file (1 MB)',
  '  --skill <name>       run with an installed skill: its instructions, gateway flags, tools it pre-approves, models it allows',
  '  --input key=value    a skill input (repeatable)',
  '  --session <id>       continue that conversation (`dosia sessions list`)',
  '  --yes                approve every tool call no permission rule decides (deny rules still win)',
  '  --no-tools           no tools for the model',
  '  --json               print one JSON document: text, model, usage, credits, latency',
  '',
  'Without --yes, tool calls that need approval are asked on the terminal, and refused when piped.',
].join('\n');

/** The run as the command line asks for it; `--skill` goes through the skills plugin's runner. */
function startRun(agent: Agent, skillRunner: () => AgentSkillRunner | undefined, args: ParsedArgs, options: AgentRunOptions): AsyncGenerator<AgentEvent, void> {
  const skill = optionString(args, 'skill');
  if (!skill) return agent.run(options);
  const runner = skillRunner();
  if (!runner) throw agentErrors.create('BSK_AGENT_UNKNOWN_SKILL', { skill, reason: 'no skills plugin is loaded' });
  return runner.run(skill, { ...options, inputs: readInputOptions(args) });
}

async function runChat(agent: Agent, skillRunner: () => AgentSkillRunner | undefined, args: ParsedArgs, io: CliIo, cwd: string): Promise<number> {
  const maxSteps = optionString(args, 'max-steps');
  const model = optionString(args, 'model');
  const sessionId = optionString(args, 'session');
  const approve = chooseApprover(args, io);
  const json = Boolean(args.options.json);
  const attachments = readAttachOptions(args, cwd);
  return cancelOnInterrupt(async (signal) => {
    const run = startRun(agent, skillRunner, args, {
      prompt: args.positionals.join(' '), signal, tools: !args.options['no-tools'], ...(attachments.length ? { attachments } : {}),
      ...(model ? { model } : {}), ...(sessionId ? { sessionId } : {}), ...(approve ? { approve } : {}), ...(maxSteps ? { maxSteps: Number(maxSteps) } : {}),
    });
    const result = await streamAgentRun(run, io, { progress: !json });
    return result ? reportAgentRun(result, io, json) : 1;
  });
}

/** `skillRunner`: the skills plugin's contribution, looked up when a command runs (it activates after the agent). */
export function createChatCommand(agent: Agent, skillRunner: () => AgentSkillRunner | undefined): CliCommand {
  return {
    name: 'chat',
    summary: 'chat [-m model] [--skill name] [--session id] [--yes] [--json] "prompt": one turn with tools, streamed',
    usage: USAGE,
    booleans: ['yes', 'no-tools'],
    aliases: { m: 'model' },
    run: async (args, io, kernel) => {
      if (args.positionals.length === 0 && args.options.attach === undefined) {
        io.err(`${USAGE}\n`);
        return 2;
      }
      return runChat(agent, skillRunner, args, io, kernel.info.cwd);
    },
  };
}
