import type { CliCommand, CliIo } from '../../../kernel/cli/command';
import { EXIT_OK, layersForArgs, reportProblems, SESSION_OPTION_HELP, withLayerErrors } from './cli-support';
import type { EnterprisePolicy, Layers } from './layers';
import { describeScopes, SCOPE_FOLDERS, type ScopeItem, type ScopeReport, type ScopeSettingKey, type ScopesReport } from './scopes-report';

const USAGE = ['Usage: dosia scopes [--json] [--session <id>]', '', 'The five layers, narrowest first: where each lives, what it holds and what shadows what.', '', SESSION_OPTION_HELP, '  --json           one JSON document'].join('\n');

function annotate(shadowedBy: string | null, shadows: readonly string[]): string {
  if (shadowedBy) return ` (shadowed by ${shadowedBy})`;
  return shadows.length ? ` (shadows ${shadows.join(', ')})` : '';
}

function formatKey(setting: ScopeSettingKey): string {
  if (setting.status === 'locked') return `${setting.key} (overridden by an Enterprise lock)`;
  if (setting.status === 'merged') return `${setting.key} (merged with other layers)`;
  return setting.key + annotate(setting.shadowedBy, setting.shadows);
}

function formatItem(item: ScopeItem): string {
  return `${item.name}${item.type === 'directory' ? '/' : ''}${annotate(item.shadowedBy, item.shadows)}`;
}

function formatPolicy(policy: EnterprisePolicy): string[] {
  const lines = Object.keys(policy.locked).length ? [`locked: ${Object.keys(policy.locked).join(', ')}`] : [];
  for (const [kind, names] of Object.entries(policy.deny)) if (names.length) lines.push(`deny ${kind}: ${names.join(', ')}`);
  for (const [kind, names] of Object.entries(policy.allow)) lines.push(`allow only ${kind}: ${names.join(', ') || '(none)'}`);
  return lines;
}

function formatLayer(scope: ScopeReport, policy: EnterprisePolicy): string[] {
  const where = scope.path === null ? `(none: ${scope.note})` : `${scope.path}${scope.exists ? '' : '  (missing)'}${scope.readOnly ? '  read-only' : ''}`;
  const lines = [`${scope.layer.padEnd(11)} ${where}`];
  // One item per line, the first beside its label, so long layers stay readable.
  const row = (label: string, items: readonly string[]) => items.forEach((item, index) => lines.push(`  ${(index ? '' : label).padEnd(14)} ${item}`));
  if (scope.settingsFile) row('settings.json', scope.settings.length ? scope.settings.map(formatKey) : ['(empty)']);
  if (scope.instructions) row('DOSIA.md', ['instructions']);
  for (const folder of SCOPE_FOLDERS) row(`${folder}/`, scope.folders[folder].map(formatItem));
  if (scope.layer === 'enterprise' && policy.file) row('policy.json', formatPolicy(policy));
  return lines;
}

function formatScopes(report: ScopesReport): string {
  const role = report.role.name ? `${report.role.name}${report.role.source === 'policy' ? ' (locked by policy)' : ''}` : 'none';
  const header = `session: ${report.session ?? 'none'}    role: ${role}    (narrowest first: a layer shadows those below it)`;
  return [header, '', ...report.layers.flatMap((scope) => formatLayer(scope, report.policy)), ''].join('\n');
}

function printScopes(layers: Layers, json: boolean, io: CliIo): number {
  const report = describeScopes(layers);
  reportProblems(io, report.problems);
  io.out(json ? `${JSON.stringify(report, null, 2)}\n` : formatScopes(report));
  return EXIT_OK;
}

export function createScopesCommand(layers: Layers): CliCommand {
  return {
    name: 'scopes',
    summary: 'the five layers: roots, what each holds, what shadows what',
    usage: USAGE,
    run: async (args, io) => withLayerErrors(io, () => printScopes(layersForArgs(layers, args), Boolean(args.options.json), io)),
  };
}
