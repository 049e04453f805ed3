import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REQUEST_PHASE_CHANNEL, type RequestPhaseMessage } from '../../kernel/request-phases';
import { callGateway, chatBody, type Protocol } from './gateway-calls';
import { type GatewayHarness, startGatewayHarness } from './gateway-harness';

/**
 * The gateway publishes each request's phases on a diagnostics channel (what
 * `gateway-bench --phases` reads): in order, with the request id the client is given, and the
 * answer only once its settlement's figure is decided.
 */
let gateway: GatewayHarness;
const heard: RequestPhaseMessage[] = [];
const listener = (message: unknown) => heard.push(message as RequestPhaseMessage);
beforeAll(async () => {
  gateway = await startGatewayHarness();
  subscribe(REQUEST_PHASE_CHANNEL, listener);
});
afterAll(async () => {
  unsubscribe(REQUEST_PHASE_CHANNEL, listener);
  await gateway?.close();
});

const CASES: { protocol: Protocol; model: string; stream: boolean; phases: string[] }[] = [
  { protocol: 'chat', model: 'openai/gpt-5.4', stream: false, phases: ['handler', 'authenticated', 'reserving', 'reserved', 'calling-upstream', 'relaying', 'body-read', 'charged', 'answered'] },
  { protocol: 'chat', model: 'openai/gpt-5.4', stream: true, phases: ['handler', 'authenticated', 'reserving', 'reserved', 'calling-upstream', 'relaying', 'charged', 'answered'] },
  { protocol: 'messages', model: 'openai/gpt-5.4', stream: false, phases: ['handler', 'authenticated', 'reserving', 'reserved', 'calling-upstream', 'charged', 'answered'] },
  { protocol: 'messages', model: 'openai/gpt-5.4', stream: true, phases: ['handler', 'authenticated', 'reserving', 'reserved', 'calling-upstream', 'charged', 'answered'] },
];

describe('request phases', () => {
  it.each(CASES)('$protocol to $model, stream $stream: every phase once, in order, under the request id', async ({ protocol, model, stream, phases }) => {
    heard.length = 0;
    const call = await callGateway(gateway, protocol, chatBody(protocol, model, 'Say something short.', stream));
    expect(call.status).toBe(200);
    const requestId = call.headers.get('request-id');
    const mine = heard.filter((message) => message.requestId === requestId);
    expect(mine.map((message) => message.phase)).toEqual(phases);
    expect(mine.every((message, index) => index === 0 || message.at >= mine[index - 1]!.at)).toBe(true);
  });
});
