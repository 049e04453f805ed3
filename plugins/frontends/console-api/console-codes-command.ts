import type { CliCommand } from '../../../kernel/cli/command';
import type { RedemptionCodes } from './redemption-codes';

/** `bytespike console-codes --credits N [--note text]`: mints one redemption code and prints it (shown once). */
export function createConsoleCodesCommand(codes: RedemptionCodes): CliCommand {
  return {
    name: 'console-codes',
    summary: 'Mint a redemption code an organisation redeems on its Console wallet page',
    usage: 'bytespike console-codes --credits <whole credits> [--note <text>]\n\n1 credit = 1 micro-USD: --credits 5000000 is $5. The code is printed once; only its digest is stored.',
    async run(args, io) {
      const credits = Number(args.options.credits);
      if (!/^[1-9]\d*$/.test(String(args.options.credits ?? ''))) {
        io.err('--credits must be a whole number of credits, at least 1\n');
        return 2;
      }
      const note = typeof args.options.note === 'string' ? args.options.note : undefined;
      io.out(`${await codes.create(credits, note)}\n`);
      return 0;
    },
  };
}
