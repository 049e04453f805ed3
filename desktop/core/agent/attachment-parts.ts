import type { UserContentPart } from '../../../kernel/canonical/request';
import { attachmentKind, attachmentProblem, MAX_ATTACHMENTS } from './attachment-limits';
import { agentErrors } from './errors';

/** A file given with the prompt: an image or a PDF as base64, a text file as text or base64. */
export interface AgentAttachment {
  readonly name: string;
  readonly mediaType: string;
  readonly data: string;
  readonly encoding: 'base64' | 'text';
}

export function attachmentBytes(attachment: AgentAttachment): Buffer {
  return Buffer.from(attachment.data, attachment.encoding === 'base64' ? 'base64' : 'utf8');
}

/** Refuses (BSK_AGENT_BAD_ATTACHMENT) a file of an unsupported type, one over its size limit, or too many. */
export function assertAttachmentsUsable(attachments: readonly AgentAttachment[]): void {
  if (attachments.length > MAX_ATTACHMENTS) throw agentErrors.create('BSK_AGENT_BAD_ATTACHMENT', { reason: `${attachments.length} files attached; at most ${MAX_ATTACHMENTS} per message` });
  for (const attachment of attachments) {
    const problem = attachmentProblem(attachment.name, attachment.mediaType, attachmentBytes(attachment).length);
    if (problem) throw agentErrors.create('BSK_AGENT_BAD_ATTACHMENT', { reason: problem });
  }
}

/** The quoted name a text block carries: the model tells files apart by it. */
const quotedName = (name: string) => name.replace(/"/g, "'");

/**
 * The canonical part a file becomes in the user's message: an image the model sees, a PDF
 * document, or a text file in a tagged block the model can tell apart from the question.
 */
export function attachmentPart(attachment: AgentAttachment): UserContentPart {
  const mediaType = attachment.mediaType.toLowerCase().split(';')[0]!.trim();
  const kind = attachmentKind(mediaType);
  const base64 = () => (attachment.encoding === 'base64' ? attachment.data : Buffer.from(attachment.data, 'utf8').toString('base64'));
  if (kind === 'image') return { type: 'image', source: { kind: 'base64', mediaType, data: base64() } };
  if (kind === 'pdf') return { type: 'document', source: { kind: 'base64', mediaType, data: base64() }, title: attachment.name };
  const text = attachmentBytes(attachment).toString('utf8');
  return { type: 'text', text: `<attachment name="${quotedName(attachment.name)}" type="${mediaType}">\n${text}\n</attachment>` };
}
