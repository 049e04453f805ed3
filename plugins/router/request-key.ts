import { gatewayErrors } from './gateway-errors';

type HeaderBag = Readonly<Record<string, string | string[] | undefined>>;

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** The ByteSpike key from `x-api-key` (Anthropic clients) or `Authorization: Bearer` (OpenAI clients). */
export function readApiKey(headers: HeaderBag): string {
  const direct = first(headers['x-api-key'])?.trim();
  if (direct) return direct;
  const authorization = first(headers.authorization)?.trim();
  const match = authorization && /^Bearer\s+(.+)$/i.exec(authorization);
  if (match) return match[1]!.trim();
  throw gatewayErrors.create('BSK_GATEWAY_MISSING_KEY');
}
