import type { CliCommand, CliIo } from '../../../kernel/cli/command';
import { optionString } from '../../../kernel/cli/parse-args';
import type { DosiaModel, ProviderModels, ProviderSlot } from './dosia-provider';

const USAGE = [
  'Usage: dosia models [--provider <name>] [--json]',
  '',
  'Fetches every configured provider\'s model list now (models that vanished are gone, new ones appear).',
  'Model ids are used as `-m <id>`, or `-m <provider>:<id>` when two providers list the same id.',
].join('\n');

function formatPrice(model: DosiaModel): string {
  const pricing = model.pricing;
  if (pricing?.inputPerMTok === undefined && pricing?.outputPerMTok === undefined) return '';
  return `${pricing.inputPerMTok ?? '-'} / ${pricing.outputPerMTok ?? '-'} credits per MTok`;
}

function printLists(lists: readonly ProviderModels[], io: CliIo): void {
  for (const list of lists) {
    if (list.error) continue;
    for (const model of list.models) {
      const context = model.contextWindow ? `${Math.round(model.contextWindow / 1000)}k ctx` : '';
      io.out(`${list.provider.padEnd(12)} ${model.id.padEnd(40)} ${model.modality.padEnd(10)} ${context.padEnd(9)} ${formatPrice(model)}`.trimEnd() + '\n');
    }
  }
}

export function createModelsCommand(slot: ProviderSlot): CliCommand {
  return {
    name: 'models',
    summary: 'models [--provider <name>] [--json]: every provider\'s current model list',
    usage: USAGE,
    run: async (args, io) => {
      const only = optionString(args, 'provider');
      if (only) slot.provider(only);
      const lists = (await slot.refreshModels()).filter((list) => !only || list.provider === only);
      for (const denied of slot.denied()) io.err(`warning: provider ${denied.name} skipped: ${denied.reason}\n`);
      for (const list of lists) if (list.error) io.err(`error: ${list.error}\n`);
      if (lists.length === 0) io.err('no provider configured: dosia providers add <name> --type … --url … --key …\n');
      if (args.options.json) io.out(`${JSON.stringify({ providers: lists }, null, 2)}\n`);
      else printLists(lists, io);
      return lists.length > 0 && lists.some((list) => !list.error) ? 0 : 1;
    },
  };
}
