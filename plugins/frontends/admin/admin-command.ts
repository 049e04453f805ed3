import type { CliCommand, CliIo } from '../../../kernel/cli/command';
import { optionString, type ParsedArgs } from '../../../kernel/cli/parse-args';
import { kernelErrors } from '../../../kernel/kernel-errors';
import type { AccountsService, Scope } from '../../billing/accounts-service';
import type { BillingService } from '../../billing/billing-service';
import type { MemberRole } from '../../stores/store';
import { formatInvoiceCsv } from './invoice-csv';
import { keyJson, memberJson, orgJson, usageJson, walletJson } from './wire-format';

const USAGE = `Usage: bytespike admin <command> [--json]

Works on the store directly (the same data folder as \`serve\`; --data <dir> picks another).

  orgs create <name>
  credits add <org> <amount> [--note TEXT]
  limits set <org> [--daily N|none] [--monthly N|none]
  members add <org> <email> --role owner|admin|member [--daily N] [--monthly N] [--rpm N]
  members quota <member> [--daily N|none] [--monthly N|none] [--rpm N|none]
  keys create <member> --name NAME [--scopes a,b] [--models p/m,p/*] [--credit-limit N] [--rpm N] [--expires-at ISO]
  keys revoke <key-id>
  wallet <org>
  usage <org> [--from ISO] [--to ISO]
  invoice <org> --month YYYY-MM [--csv]

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

function createHandlers(accounts: AccountsService, billing: BillingService): Record<string, Handler> {
  return {
    'orgs create': async (args) => orgJson(await accounts.createOrg({ name: args.positionals.slice(2).join(' ') || usageError('missing <name>') })),
    'credits add': async (args) => walletJson(await billing.topUp(positional(args, 2, 'org'), wholeNumber('<amount>', positional(args, 3, 'amount')), optionString(args, 'note'))),
    'limits set': async (args) => walletJson(await billing.setLimits(positional(args, 2, 'org'), { daily: integerOption(args, 'daily', true), monthly: integerOption(args, 'monthly', true) })),
    'members add': async (args) => {
      const quota = { creditsPerDay: integerOption(args, 'daily', true), creditsPerMonth: integerOption(args, 'monthly', true), rpm: integerOption(args, 'rpm', true) };
      const role = (optionString(args, 'role') ?? usageError('--role is required')) as MemberRole;
      return memberJson(await accounts.addMember(positional(args, 2, 'org'), { email: positional(args, 3, 'email'), role, quota }));
    },
    'members quota': async (args) =>
      memberJson(await accounts.updateQuota(positional(args, 2, 'member'), { creditsPerDay: integerOption(args, 'daily', true), creditsPerMonth: integerOption(args, 'monthly', true), rpm: integerOption(args, 'rpm', true) })),
    'keys create': async (args, io) => {
      const created = await accounts.createKey(positional(args, 2, 'member'), {
        name: optionString(args, 'name') ?? usageError('--name is required'), scopes: listOption(args, 'scopes') as Scope[] | undefined, models: listOption(args, 'models'),
        creditLimit: integerOption(args, 'credit-limit', false), rpm: integerOption(args, 'rpm', false), expiresAt: optionString(args, 'expires-at'),
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
export function createAdminCommand(accounts: AccountsService, billing: BillingService): CliCommand {
  const handlers = createHandlers(accounts, billing);
  return {
    name: 'admin',
    summary: 'manage orgs, members, keys, credits and invoices (works on the store directly)',
    usage: USAGE,
    booleans: ['csv'],
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
