import type { CliCommand, CliIo } from '../../../kernel/cli/command';
import { optionList, optionString, type ParsedArgs } from '../../../kernel/cli/parse-args';
import type { CompareEvent, CompareResult, Comparer } from './compare';

const USAGE = [
  'Usage: dosia compare -m <model>,<model>[,…] [--json] "prompt"',
  '       dosia compare --rerun <session id> [--json]',
  '',
  'Runs the prompt against every model at once; prints each answer, then a table:',
  'model, first token ms, total ms, tokens, credits. The set is saved (`dosia sessions show <id>`).',
].join('\n');

const dim = (io: CliIo, text: string) => (io.isTty ? `\x1b[2m${text}\x1b[0m` : text);

export function formatCompareTable(results: readonly CompareResult[]): string {
  const rows = [['model', 'first token ms', 'total ms', 'tokens in/out', 'credits']];
  for (const result of results) {
    const tokens = `${result.usage.inputTokens}/${result.usage.outputTokens}`;
    rows.push([result.model, result.latency.firstTokenMs === null ? '-' : String(result.latency.firstTokenMs), String(result.latency.totalMs), tokens, result.error ? 'failed' : result.credits === null ? '-' : String(result.credits)]);
  }
  const widths = rows[0]!.map((_cell, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ')).join('\n') + '\n';
}

/** On a terminal, each lane's first token and end are shown as they happen; piped output stays clean. */
function showProgress(event: CompareEvent, io: CliIo, started: Set<string>): void {
  if (!io.isTty) return;
  if (event.type === 'part' && !started.has(event.model) && (event.part.type === 'text-delta' || event.part.type === 'reasoning-delta')) {
    started.add(event.model);
    io.err(`${dim(io, `… ${event.model} is answering`)}\n`);
  }
  if (event.type === 'model-end') io.err(`${dim(io, `✓ ${event.model} done in ${event.result.latency.totalMs} ms`)}\n`);
}

function printResults(results: readonly CompareResult[], sessionId: string, io: CliIo, json: boolean): number {
  if (json) io.out(`${JSON.stringify({ sessionId, results }, null, 2)}\n`);
  else {
    for (const result of results) io.out(`== ${result.model} ==\n${result.error ? `(failed: ${result.error.message})` : result.text}\n\n`);
    io.out(formatCompareTable(results));
  }
  for (const result of results) if (result.error) io.err(`error: ${result.model}: ${result.error.message} [${result.error.code}]\n`);
  io.err(`${dim(io, `saved as session ${sessionId}`)}\n`);
  return results.some((result) => result.error) ? 1 : 0;
}

async function runCompare(comparer: Comparer, args: ParsedArgs, io: CliIo): Promise<number> {
  const rerun = optionString(args, 'rerun');
  const models = optionList(args, 'model').flatMap((value) => value.split(',')).map((model) => model.trim()).filter(Boolean);
  const prompt = args.positionals.join(' ');
  if (rerun ? models.length > 0 || prompt : models.length === 0 || !prompt) {
    io.err(`${USAGE}\n`);
    return 2;
  }
  const controller = new AbortController();
  const cancel = () => controller.abort(new Error('cancelled by the user'));
  process.once('SIGINT', cancel);
  try {
    const events = rerun ? comparer.rerun(rerun, { signal: controller.signal }) : comparer.run({ prompt, models, signal: controller.signal });
    const started = new Set<string>();
    for await (const event of events) {
      if (event.type === 'compare-end') return printResults(event.results, event.sessionId, io, Boolean(args.options.json));
      showProgress(event, io, started);
    }
    return 1;
  } finally {
    process.removeListener('SIGINT', cancel);
  }
}

export function createCompareCommand(comparer: Comparer): CliCommand {
  return {
    name: 'compare',
    summary: 'compare -m a,b,c [--json] "prompt": the same prompt against several models, side by side',
    usage: USAGE,
    aliases: { m: 'model' },
    run: (args, io) => runCompare(comparer, args, io),
  };
}
