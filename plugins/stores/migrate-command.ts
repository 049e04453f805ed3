import type { CliCommand } from '../../kernel/cli/command';
import { kernelErrors } from '../../kernel/kernel-errors';
import type { SchemaMigrator } from './schema-migrator';
import type { Migration } from './sqlite/migrations';

const USAGE = `Usage: bytespike migrate <up|status> [--json]

  up       apply every pending schema migration (safe to run from several places at once)
  status   list the schema versions this gateway knows and when each was applied

Every gateway instance also applies pending migrations when it starts, under a lock, and
refuses to start on a database that has a version it does not know (a newer gateway's).
Run \`bytespike migrate up\` with the new version before replacing instances to make the
schema change an explicit deploy step.
`;

function describe(migration: Pick<Migration, 'version' | 'name'>): string {
  return `v${migration.version}  ${migration.name}`;
}

/**
 * `bytespike migrate`: contributed by whichever store is active. `appliedAtBoot` is what
 * this process's start already applied, so `migrate up` reports it rather than "nothing to do".
 */
export function createMigrateCommand(migrator: SchemaMigrator, appliedAtBoot: readonly Migration[]): CliCommand {
  return {
    name: 'migrate',
    summary: 'database schema: migrate up | migrate status',
    usage: USAGE,
    async run(args, io) {
      const [subcommand] = args.positionals;
      if (subcommand === 'status') {
        const rows = await migrator.status();
        if (args.options.json) io.out(`${JSON.stringify({ store: migrator.kind, location: migrator.location, versions: rows }, null, 2)}\n`);
        else io.out([`${migrator.kind} ${migrator.location}`, ...rows.map((row) => `  ${describe(row)}  ${row.appliedAt ? `applied ${row.appliedAt}` : 'PENDING'}`), ''].join('\n'));
        return 0;
      }
      if (subcommand === 'up') {
        const applied = [...appliedAtBoot, ...(await migrator.up())];
        const latest = (await migrator.status()).at(-1);
        if (args.options.json) io.out(`${JSON.stringify({ store: migrator.kind, applied: applied.map(({ version, name }) => ({ version, name })), version: latest?.version ?? 0 })}\n`);
        else io.out(applied.length ? `applied ${applied.map(describe).join(', ')}\n` : `schema up to date at v${latest?.version ?? 0}\n`);
        return 0;
      }
      throw kernelErrors.create('BSK_CLI_USAGE', { reason: 'migrate needs "up" or "status"' });
    },
  };
}
