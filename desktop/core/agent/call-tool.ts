import { isBskError } from '../../../kernel/errors';
import { agentErrors } from './errors';
import type { ToolOutput, ToolSource } from './tool-source';

export interface ToolCallOptions {
  readonly timeoutMs: number;
  /** The run's signal: cancelling the run stops the tool. */
  readonly signal: AbortSignal;
}

/**
 * Runs one tool call to an output the model can read. A tool that throws gives an error
 * result; one that outlives `timeoutMs` is aborted and given up on even if it ignores the
 * abort (a hung MCP server must not hang the conversation).
 */
export async function callTool(source: ToolSource, name: string, input: unknown, options: ToolCallOptions): Promise<ToolOutput> {
  const controller = new AbortController();
  const stop = () => controller.abort(options.signal.reason);
  options.signal.addEventListener('abort', stop, { once: true });
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      const error = agentErrors.create('BSK_AGENT_TOOL_TIMEOUT', { tool: name, timeoutMs: options.timeoutMs });
      controller.abort(error);
      reject(error);
    }, options.timeoutMs);
  });
  const cancelled = new Promise<never>((_resolve, reject) => controller.signal.addEventListener('abort', () => reject(controller.signal.reason), { once: true }));
  try {
    return await Promise.race([source.call(name, input, controller.signal), deadline, cancelled]);
  } catch (error) {
    const message = isBskError(error) || error instanceof Error ? error.message : String(error);
    return { content: `error: ${message}`, isError: true };
  } finally {
    clearTimeout(timer);
    options.signal.removeEventListener('abort', stop);
  }
}
