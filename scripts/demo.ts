#!/usr/bin/env node
/**
 * `npm run demo`: the upstream simulator plus the gateway wired to it, with a funded org
 * and a key, so every provider can be tried with no upstream key. Data lives in
 * ./.bytespike-demo (delete it to start over). Ctrl-C stops both.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createFolder } from '../kernel/create-folder';
import { bootKernel } from '../kernel/kernel';
import { createLogger } from '../kernel/logger';
import { gatewayProfile } from '../kernel/profiles/gateway';
import { waitForShutdownSignal } from '../kernel/shutdown';
import { simulatorEnvironment } from './e2e/gateway-harness';
import { startUpstreamSimulator } from './upstream-sim/index';

const DEMO_CREDITS = 50_000_000;

async function ensureDemoKey(kernel: Awaited<ReturnType<typeof bootKernel>>, keyFile: string): Promise<string> {
  if (existsSync(keyFile)) return readFileSync(keyFile, 'utf8').trim();
  const accounts = kernel.use('accounts');
  const org = await accounts.createOrg({ name: 'Demo' });
  await kernel.use('billing').topUp(org.id, DEMO_CREDITS, 'demo credits');
  const member = await accounts.addMember(org.id, { email: 'demo@bytespike.local', role: 'owner' });
  const { key } = await accounts.createKey(member.id, { name: 'demo' });
  writeFileSync(keyFile, `${key}\n`, { mode: 0o600 });
  return key;
}

const dataDir = resolve(process.env.BYTESPIKE_DATA_DIR ?? '.bytespike-demo');
createFolder(dataDir);
const simulator = await startUpstreamSimulator({ port: Number(process.env.SIM_PORT ?? 8790) });
const logger = createLogger({ level: process.env.LOG_LEVEL ?? 'warn' });
const kernel = await bootKernel({ profile: gatewayProfile, env: { ...process.env, ...simulatorEnvironment(simulator.baseUrls) }, dataDir, logger });
const url = await kernel.use('http').listen({ port: Number(process.env.PORT ?? 8787), host: process.env.HOST ?? '127.0.0.1' });
const key = await ensureDemoKey(kernel, join(dataDir, 'demo-key.txt'));

process.stdout.write(`ByteSpike demo: gateway ${url}, upstream simulator ${simulator.url}
key: ${key}

  curl ${url}/v1/models -H "authorization: Bearer ${key}"
  curl ${url}/v1/messages -H "x-api-key: ${key}" -H "anthropic-version: 2023-06-01" -H "content-type: application/json" \\
    -d '{"model":"anthropic/claude-sonnet-4-6","max_tokens":200,"messages":[{"role":"user","content":"Hello"}]}'
  curl ${url}/v1/chat/completions -H "authorization: Bearer ${key}" -H "content-type: application/json" \\
    -d '{"model":"gemini-2.5-flash","stream":true,"messages":[{"role":"user","content":"[[reasoning]] Hello"}]}'
  curl ${url}/v1/responses -H "authorization: Bearer ${key}" -H "content-type: application/json" \
    -d '{"model":"deepseek-chat","instructions":"Be brief.","input":"Hello"}'

Any model of any provider works with any of the three protocols. Ctrl-C stops.
`);
await waitForShutdownSignal(logger);
await kernel.dispose();
await simulator.close();
