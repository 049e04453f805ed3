import type { CliCommand, CliIo } from '../../../kernel/cli/command';
import { optionString, type ParsedArgs } from '../../../kernel/cli/parse-args';
import { kernelErrors } from '../../../kernel/kernel-errors';
import type { AccountsService, Scope } from '../../billing/accounts-service';
import type { BillingService } from '../../billing/billing-service';
import type { FlagSettings } from '../../features/flags/flag-policy';
import type { FlagSettingsService } from '../../features/flags/flag-settings';
import type { MemberRole } from '../../stores/store';
import { formatInvoiceCsv } from './invoice-csv';
import { flagSettingsJson, keyJson, memberJson, orgJson, usageJson, walletJson } from './wire-format';

const USAGE = `Usage: bytespike admin <command> [--json]

Works on the store directly (the same data folder as \`serve\`; --data <dir> picks another).

  orgs create <name>
  credits add <org> <amount> [--note TEXT]
  limits set <org> [--daily N|none] [--monthly N|none]
  members add <org> <email> --role owner|admin|member [--daily N] [--monthly N] [--rpm N] [--tpm N]
  members quota <member> [--daily N|none] [--monthly N|none] [--rpm N|none] [--tpm N|none]
  keys create <member> --name NAME [--scopes a,b] [--models p/m,p/*] [--credit-limit N] [--rpm N] [--tpm N] [--expires-at ISO]
  keys revoke <key-id>
  wallet <org>
  usage <org> [--from ISO] [--to ISO]
  invoice <org> --month YYYY-MM [--csv]
  flags org <org> | flags key <key-id>          show the feature-flag settings
  flags org|key <id> [--defaults JSON] [--forbid a,b] [--caps JSON] | --clear
                                                replace them with exactly what is given

Amounts are integer credits (1 credit = 1 micro-USD). --json prints the admin API's JSON.`;

function usageError(reason: string): never {
  throw kernelErrors.create('BSK_CLI_USAGE', { reason: `${reason}\n\n${USAGE}` });
}

/** A whole number from the command line, refused (never rounded) when it is anything else. */
function wholeNumber(label: string, value: string, allowNone = false): number {
  if (!/^\d+$/.test(value)) usageError(`${label} must be a whole number${allowNone ? ' or "none"' : ''}, got "${value}"`);
  return Number(value);
}

/** An integer option; with `allowNone`, the word `none` clears a limit. */
function integerOption(args: ParsedArgs, name: string, allowNone: boolean): number | null | undefined {
  const value = optionString(args, name);
  if (value === undefined) return undefined;
  return allowNone && value === 'none' ? null : wholeNumber(`--${name}`, value, allowNone);
}

function listOption(args: ParsedArgs, name: string): string[] | undefined {
  return optionString(args, name)?.split(',').map((item) => item.trim()).filter(Boolean);
}

function positional(args: ParsedArgs, index: number, what: string): string {
  return args.positionals[index] ?? usageError(`missing <${what}>`);
}

/** Prints nested JSON as aligned `path  value` lines for people; `--json` keeps the JSON. */
function flatten(value: unknown, path: string, lines: [string, string][]): void {
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length) {
    for (const [key, inner] of Object.entries(value)) flatten(inner, path ? `${path}.${key}` : key, lines);
  } else {
    lines.push([path, Array.isArray(value) ? value.map((item) => (typeof item === 'object' ? JSON.stringify(item) : String(item))).join(', ') : value === null ? '-' : typeof value === 'object' ? '{}' : String(value)]);
  }
}

function print(io: CliIo, args: ParsedArgs, result: unknown): void {
  if (args.options.json) return io.out(`${JSON.stringify(result, null, 2)}\n`);
  const lines: [string, string][] = [];
  flatten(result, '', lines);
  const width = Math.max(...lines.map(([name]) => name.length));
  io.out(lines.map(([name, value]) => `${name.padEnd(width)}  ${value}`).join('\n') + '\n');
}

type Handler = (args: ParsedArgs, io: CliIo) => Promise<unknown>;

function jsonOption(args: ParsedArgs, name: string): Record<string, unknown> | undefined {
  const value = optionString(args, name);
  if (value === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(value);
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // Reported below with the option's name.
  }
  return usageError(`--${name} must be a JSON object, got ${value}`);
}

/** The settings the options give (undefined: none given, show them); --clear gives empty settings. */
function flagSettingsOptions(args: ParsedArgs): FlagSettings | undefined {
  if (args.options.clear) return {};
  const given = { defaults: jsonOption(args, 'defaults'), forbid: listOption(args, 'forbid'), caps: jsonOption(args, 'caps') };
  const settings = Object.fromEntries(Object.entries(given).filter(([, value]) => value !== undefined));
  return Object.keys(settings).length ? (settings as FlagSettings) : undefined;
}

function createFlagHandler(flags: FlagSettingsService | undefined): Handler {
  return async (args) => {
    if (!flags) usageError('the feature-flags plugin is not loaded');
    const [, kind, id = usageError('missing <id>')] = args.positionals;
    const settings = flagSettingsOptions(args);
    if (kind === 'org') return flagSettingsJson({ org_id: id }, settings ? await flags.setOrgSettings(id, settings) : await flags.orgSettings(id));
    if (kind === 'key') return flagSettingsJson({ key_id: id }, settings ? await flags.setKeySettings(id, settings) : await flags.keySettings(id));
    return usageError(`flags takes "org" or "key", got "${kind ?? ''}"`);
  };
}

function createHandlers(accounts: AccountsService, billing: BillingService, flags: FlagSettingsService | undefined): Record<string, Handler> {
  return {
    'flags': createFlagHandler(flags),
    'orgs create': async (args) => orgJson(await accounts.createOrg({ name: args.positionals.slice(2).join(' ') || usageError('missing <name>') })),
    'credits add': async (args) => walletJson(await billing.topUp(positional(args, 2, 'org'), wholeNumber('<amount>', positional(args, 3, 'amount')), optionString(args, 'note'))),
    'limits set': async (args) => walletJson(await billing.setLimits(positional(args, 2, 'org'), { daily: integerOption(args, 'daily', true), monthly: integerOption(args, 'monthly', true) })),
    'members add': async (args) => {
      const quota = { creditsPerDay: integerOption(args, 'daily', true), creditsPerMonth: integerOption(args, 'monthly', true), rpm: integerOption(args, 'rpm', true), tpm: integerOption(args, 'tpm', true) };
      const role = (optionString(args, 'role') ?? usageError('--role is required')) as MemberRole;
      return memberJson(await accounts.addMember(positional(args, 2, 'org'), { email: positional(args, 3, 'email'), role, quota }));
    },
    'members quota': async (args) =>
      memberJson(await accounts.updateQuota(positional(args, 2, 'member'), { creditsPerDay: integerOption(args, 'daily', true), creditsPerMonth: integerOption(args, 'monthly', true), rpm: integerOption(args, 'rpm', true), tpm: integerOption(args, 'tpm', true) })),
    'keys create': async (args, io) => {
      const created = await accounts.createKey(positional(args, 2, 'member'), {
        name: optionString(args, 'name') ?? usageError('--name is required'), scopes: listOption(args, 'scopes') as Scope[] | undefined, models: listOption(args, 'models'),
        creditLimit: integerOption(args, 'credit-limit', false), rpm: integerOption(args, 'rpm', false), tpm: integerOption(args, 'tpm', false), expiresAt: optionString(args, 'expires-at'),
      });
      io.err('The key is shown once; store it now.\n');
      return keyJson(created);
    },
    'keys revoke': async (args) => accounts.revokeKey(positional(args, 2, 'key-id')),
    'wallet': async (args) => walletJson(await billing.wallet(positional(args, 1, 'org'))),
    'usage': async (args) => usageJson(await billing.usage({ orgId: positional(args, 1, 'org'), from: optionString(args, 'from'), to: optionString(args, 'to') })),
    'invoice': async (args, io) => {
      const invoice = await billing.invoice(positional(args, 1, 'org'), optionString(args, 'month') ?? usageError('--month YYYY-MM is required'));
      if (!args.options.csv) return invoice;
      io.out(formatInvoiceCsv(invoice));
      return undefined;
    },
  };
}

/** `bytespike admin …`: the admin API's operations from the command line. */
export function createAdminCommand(accounts: AccountsService, billing: BillingService, flags?: FlagSettingsService): CliCommand {
  const handlers = createHandlers(accounts, billing, flags);
  return {
    name: 'admin',
    summary: 'manage orgs, members, keys, credits and invoices (works on the store directly)',
    usage: USAGE,
    booleans: ['csv', 'clear'],
    async run(args, io) {
      const [group = '', action = ''] = args.positionals;
      const handler = handlers[`${group} ${action}`] ?? handlers[group];
      if (!handler) usageError(group ? `unknown admin command "${args.positionals.slice(0, 2).join(' ')}"` : 'missing admin command');
      const result = await handler(args, io);
      if (result !== undefined) print(io, args, result);
      return 0;
    },
  };
}
