import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createAccountsService } from '../../plugins/billing/accounts-service';
import { createBillingService } from '../../plugins/billing/billing-service';
import { createMemoryRateLimiter } from '../../plugins/billing/rate-limiter';
import { openSqliteStore } from '../../plugins/stores/sqlite/sqlite-store';

/**
 * `billing-bench [--requests 5000] [--concurrency 1,50]`: reserve + settle round trips per
 * second against a fresh SQLite file (WAL, synchronous=NORMAL: the gateway's own settings).
 * Each round trip is two transactions: reserve (wallet, limits, quota and cap checks, hold)
 * and settle (release, charge, request log). Org limits, a member quota and a key cap are
 * set so every check does its real work.
 */
const { values } = parseArgs({ options: { requests: { type: 'string', default: '5000' }, concurrency: { type: 'string', default: '1,50' } } });
const requests = Number(values.requests);
const levels = values.concurrency.split(',').map(Number);
if (!Number.isInteger(requests) || requests < 1 || levels.some((level) => !Number.isInteger(level) || level < 1)) {
  process.stderr.write('billing-bench: --requests and --concurrency take positive integers\n');
  process.exit(2);
}

const folder = mkdtempSync(join(tmpdir(), 'bsk-billing-bench-'));
const store = openSqliteStore({ file: join(folder, 'bytespike.db') });
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
    await billing.reserve({ requestId, key, model: 'anthropic/claude-sonnet-4-5', maxCredits: 20_000, modality: 'chat' });
    await new Promise((resolve) => setImmediate(resolve));
    await billing.settle(requestId, { credits: 8100, usage, model: 'anthropic/claude-sonnet-4-5', status: 200, latencyMs: 850 });
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
  const wallet = await billing.wallet(org.id);
  const ledger = await store.listLedger(org.id);
  const sum = ledger.reduce((total, entry) => total + entry.amount, 0);
  process.stdout.write(`ledger: ${ledger.length} entries, balance ${wallet.balance} ${wallet.balance === sum ? '==' : '!='} sum of entries, reserved ${wallet.reserved}\n`);
} finally {
  await store.close();
  rmSync(folder, { recursive: true, force: true });
}
