import { createInterface } from 'node:readline/promises';
import type { LayerName } from '../layers/layers';
import type { ApprovalAnswer, ApproveCallback } from './approval';

const ANSWERS: Readonly<Record<string, ApprovalAnswer>> = {
  y: { decision: 'once' },
  s: { decision: 'session' },
  p: { decision: 'always', layer: 'personal' satisfies LayerName },
  j: { decision: 'always', layer: 'project' satisfies LayerName },
  n: { decision: 'deny' },
};

const QUESTION = '[y] once  [s] this session  [p] always (personal)  [j] always (project)  [n] deny > ';

/** Asks on the terminal (stdin / stderr). Anything but a known letter, or Ctrl-D, denies. */
export function createTerminalApprover(input: NodeJS.ReadableStream, output: NodeJS.WritableStream): ApproveCallback {
  return async (request, signal) => {
    const terminal = createInterface({ input, output, terminal: true });
    try {
      output.write(`\nallow ${request.action}? (${request.source}) ${JSON.stringify(request.input).slice(0, 200)}\n`);
      const answer = (await terminal.question(QUESTION, { signal })).trim().toLowerCase();
      return ANSWERS[answer.charAt(0)] ?? { decision: 'deny' };
    } catch {
      return { decision: 'deny' };
    } finally {
      terminal.close();
    }
  };
}

/** `--yes`: every call no rule decides is approved once (deny rules still win). */
export const approveEverything: ApproveCallback = async () => ({ decision: 'once' });
