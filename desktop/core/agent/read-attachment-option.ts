import { readFileSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { optionList, type ParsedArgs } from '../../../kernel/cli/parse-args';
import { attachmentKind, attachmentProblem, mediaTypeFromName } from './attachment-limits';
import type { AgentAttachment } from './attachment-parts';
import { agentErrors } from './errors';

/** One `--attach <file>`: its type from the extension, text files as text, the rest as base64; refused before reading when unusable. */
function readAttachment(path: string, cwd: string): AgentAttachment {
  const absolute = resolve(cwd, path);
  const name = basename(absolute);
  let size: number;
  try {
    size = statSync(absolute).size;
  } catch (error) {
    throw agentErrors.create('BSK_AGENT_BAD_ATTACHMENT', { reason: `${path} cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` }, { cause: error });
  }
  const mediaType = mediaTypeFromName(name) ?? 'application/octet-stream';
  const problem = attachmentProblem(name, mediaType, size);
  if (problem) throw agentErrors.create('BSK_AGENT_BAD_ATTACHMENT', { reason: problem });
  const bytes = readFileSync(absolute);
  return attachmentKind(mediaType) === 'text' ? { name, mediaType, data: bytes.toString('utf8'), encoding: 'text' } : { name, mediaType, data: bytes.toString('base64'), encoding: 'base64' };
}

/** `--attach <file>`, repeatable, relative to the working folder. */
export function readAttachOptions(args: ParsedArgs, cwd: string): AgentAttachment[] {
  return optionList(args, 'attach').map((path) => readAttachment(path, cwd));
}
