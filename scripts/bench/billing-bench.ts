import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createAccountsService } from '../../plugins/billing/accounts-service';
import { createBillingService } from '../../plugins/billing/billing-service';
import { createMemoryRateLimiter } from '../../plugins/billing/rate-limiter';
import { openSqliteStore } from '../../plugins/stores/sqlite/sqlite-store';
import { percentile } from './load-generator';

/**
 * `billing-bench [--requests 5000] [--concurrency 1,50] [--rate 200] [--group-commit-ms N]`:
 * reserve + settle round trips per second against a fresh SQLite file (WAL,
 * synchronous=NORMAL: the gateway's own settings); then, paced at --rate requests a second
 * with each hold open for 50 ms (as the gateway bench's 200 in flight, shorter), the CPU each
 * round trip costs and how long a reserve and a settle take (p50 / p99). `--group-commit-ms`
 * overrides the store's group commit window (default: the store's own).
 * Each round trip is two transactions: reserve (wallet, limits, quota and cap checks, hold)
 * and settle (release, charge, request log). Org limits, a member quota and a key cap are
 * set so every check does its real work.
 */
const { values } = parseArgs({ options: { requests: { type: 'string', default: '5000' }, concurrency: { type: 'string', default: '1,50' }, rate: { type: 'string', default: '200' }, 'group-commit-ms': { type: 'string' } } });
const requests = Number(values.requests);
const levels = values.concurrency.split(',').map(Number);
if (!Number.isInteger(requests) || requests < 1 || levels.some((level) => !Number.isInteger(level) || level < 1)) {
  process.stderr.write('billing-bench: --requests and --concurrency take positive integers\n');
  process.exit(2);
}

const folder = mkdtempSync(join(tmpdir(), 'bsk-billing-bench-'));
const groupCommitMs = values['group-commit-ms'] === undefined ? undefined : Number(values['group-commit-ms']);
const store = openSqliteStore({ file: join(folder, 'bytespike.db'), ...(groupCommitMs === undefined ? {} : { groupCommitMs }) });
try {
  const accounts = await createAccountsService({ store, rateLimiter: createMemoryRateLimiter() });
  const billing = createBillingService({ store });
  const org = await accounts.createOrg({ name: 'bench' });
  const member = await accounts.addMember(org.id, { email: 'bench@example.test', role: 'owner', quota: { creditsPerDay: 1e12, creditsPerMonth: 1e12 } });
  await billing.topUp(org.id, 1e12);
  await billing.setLimits(org.id, { daily: 1e12, monthly: 1e12 });
  const key = await accounts.authenticate((await accounts.createKey(member.id, { name: 'bench', creditLimit: 1e12 })).key);
  const usage = { inputTokens: 1200, outputTokens: 300 };

  // Between its hold and its settlement a request waits for its upstream: the event loop turns
  // (and the store's group commit can run), as it does in the gateway.
  const roundTrip = async (requestId: string) => {
    await billing.reserve({ requestId, key, model: 'anthropic/claude-sonnet-4-6', maxCredits: 20_000, modality: 'chat' });
    await new Promise((resolve) => setImmediate(resolve));
    await billing.settle(requestId, { credits: 8100, usage, model: 'anthropic/claude-sonnet-4-6', status: 200, latencyMs: 850 });
  };

  for (const concurrency of levels) {
    const started = performance.now();
    let next = 0;
    const worker = async () => {
      while (next < requests) await roundTrip(`bench-${concurrency}-${next++}`);
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    const seconds = (performance.now() - started) / 1000;
    process.stdout.write(`concurrency ${String(concurrency).padStart(3)}: ${requests} reserve+settle in ${seconds.toFixed(2)} s = ${Math.round(requests / seconds)} ops/s\n`);
  }

  // Paced: one request every 1000/rate ms, its hold settled 50 ms later, the loop idle in between.
  const rate = Number(values.rate);
  const paced = Math.min(requests, rate * 10);
  const reserveMs: number[] = [];
  const settleMs: number[] = [];
  const timed = async <T>(into: number[], work: () => Promise<T>) => {
    const at = performance.now();
    await work();
    into.push(performance.now() - at);
  };
  const cpuBefore = process.cpuUsage();
  const pacedStart = performance.now();
  await Promise.all(Array.from({ length: paced }, async (_, index) => {
    await new Promise((resolve) => setTimeout(resolve, (index * 1000) / rate));
    const requestId = `paced-${index}`;
    await timed(reserveMs, () => billing.reserve({ requestId, key, model: 'anthropic/claude-sonnet-4-6', maxCredits: 20_000, modality: 'chat' }));
    await new Promise((resolve) => setTimeout(resolve, 50));
    await timed(settleMs, () => billing.settle(requestId, { credits: 8100, usage, model: 'anthropic/claude-sonnet-4-6', status: 200, latencyMs: 850 }));
  }));
  const cpu = process.cpuUsage(cpuBefore);
  const at = (times: number[], fraction: number) => percentile(times, fraction).toFixed(3);
  process.stdout.write(`paced at ${rate}/s: ${paced} round trips in ${((performance.now() - pacedStart) / 1000).toFixed(1)} s, CPU ${((cpu.user + cpu.system) / 1000 / paced).toFixed(3)} ms per round trip; reserve p50 ${at(reserveMs, 0.5)} / p99 ${at(reserveMs, 0.99)} ms, settle p50 ${at(settleMs, 0.5)} / p99 ${at(settleMs, 0.99)} ms\n`);

  const wallet = await billing.wallet(org.id);
  const ledger = await store.listLedger(org.id);
  const sum = ledger.reduce((total, entry) => total + entry.amount, 0);
  process.stdout.write(`ledger: ${ledger.length} entries, balance ${wallet.balance} ${wallet.balance === sum ? '==' : '!='} sum of entries, reserved ${wallet.reserved}\n`);
} finally {
  await store.close();
  rmSync(folder, { recursive: true, force: true });
}
