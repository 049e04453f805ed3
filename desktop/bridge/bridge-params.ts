import type { LayerName } from '../core/layers/layers';
import { LAYERS_NARROWEST_FIRST } from '../core/layers/layers';
import { PROVIDER_TYPES, type ProviderType } from '../core/providers/dosia-provider';
import type { Attachment, ChatSendParams } from './bridge-contract';
import { bridgeErrors } from './bridge-errors';

/**
 * Checks on what the UI sends. The renderer is ours, but on `dosia web` anything holding the
 * token can call, so every handler reads its params through these.
 */
export function paramsObject(method: string, params: unknown): Record<string, unknown> {
  if (params === undefined || params === null) return {};
  if (typeof params !== 'object' || Array.isArray(params)) throw bridgeErrors.create('BSK_BRIDGE_BAD_PARAMS', { method, reason: 'params must be an object' });
  return params as Record<string, unknown>;
}

export function requireString(method: string, params: Record<string, unknown>, field: string): string {
  const value = params[field];
  if (typeof value !== 'string' || value === '') throw bridgeErrors.create('BSK_BRIDGE_BAD_PARAMS', { method, reason: `${field} must be a non-empty string` });
  return value;
}

export function optionalString(method: string, params: Record<string, unknown>, field: string): string | undefined {
  return params[field] === undefined ? undefined : requireString(method, params, field);
}

export function requireLayer(method: string, params: Record<string, unknown>, field = 'layer'): LayerName {
  const value = params[field];
  if (!LAYERS_NARROWEST_FIRST.includes(value as LayerName)) throw bridgeErrors.create('BSK_BRIDGE_BAD_PARAMS', { method, reason: `${field} must be one of ${LAYERS_NARROWEST_FIRST.join(', ')}` });
  return value as LayerName;
}

export function requireProviderType(method: string, params: Record<string, unknown>): ProviderType {
  const value = params.type;
  if (!PROVIDER_TYPES.includes(value as ProviderType)) throw bridgeErrors.create('BSK_BRIDGE_BAD_PARAMS', { method, reason: `type must be one of ${PROVIDER_TYPES.join(', ')}` });
  return value as ProviderType;
}

export function requireStringList(method: string, params: Record<string, unknown>, field: string): string[] {
  const value = params[field];
  if (!Array.isArray(value) || value.length === 0 || !value.every((item) => typeof item === 'string' && item !== '')) throw bridgeErrors.create('BSK_BRIDGE_BAD_PARAMS', { method, reason: `${field} must be a non-empty list of strings` });
  return value as string[];
}

function isAttachment(value: unknown): value is Attachment {
  const candidate = value as Partial<Attachment> | null;
  return typeof candidate === 'object' && candidate !== null && typeof candidate.name === 'string' && typeof candidate.mediaType === 'string' && typeof candidate.data === 'string' && (candidate.encoding === 'base64' || candidate.encoding === 'text');
}

export function readChatSend(method: string, params: Record<string, unknown>): ChatSendParams {
  const attachments = params.attachments ?? [];
  if (!Array.isArray(attachments) || !attachments.every(isAttachment)) throw bridgeErrors.create('BSK_BRIDGE_BAD_PARAMS', { method, reason: 'attachments must be a list of { name, mediaType, data, encoding }' });
  const sessionId = optionalString(method, params, 'sessionId');
  const model = optionalString(method, params, 'model');
  const replaceFromMessageId = optionalString(method, params, 'replaceFromMessageId');
  // A message may be only files; the text is then empty.
  const text = attachments.length && params.text === '' ? '' : requireString(method, params, 'text');
  return { text, attachments, ...(sessionId ? { sessionId } : {}), ...(model ? { model } : {}), ...(replaceFromMessageId ? { replaceFromMessageId } : {}) };
}
