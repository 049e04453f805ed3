import { afterEach, describe, expect, it } from 'vitest';
import { BskError } from '../../kernel/errors';
import type { Store, StoreRepository } from '../stores/store';
import { type BillingFixture, createBillingFixture, createFundedOrg, ledgerSum, TEST_STORE } from './billing-test-fixture';
import { createBillingService } from './billing-service';

const usage = { inputTokens: 100, outputTokens: 50 };
const outcome = (credits: number) => ({ credits, usage, model: 'anthropic/claude-sonnet-4-6', status: 200, latencyMs: 120 });

let fixture: BillingFixture;
afterEach(async () => fixture?.dispose());

async function expectBalanced(orgId: string): Promise<number> {
  const { balance, sum } = await ledgerSum(fixture.store, orgId);
  expect(balance).toBe(sum);
  return balance;
}

async function rejection(promise: Promise<unknown>): Promise<BskError> {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(BskError);
  return error as BskError;
}

describe('ledger invariant', () => {
  it('keeps balance == sum of entries after every operation', async () => {
    fixture = await createBillingFixture();
    const { org, key } = await createFundedOrg(fixture, 10_000);
    expect(await expectBalanced(org.id)).toBe(10_000);
    const steps: [string, () => Promise<unknown>, number][] = [
      ['reserve a', () => fixture.billing.reserve({ requestId: 'a', key, model: 'm/x', maxCredits: 1000, modality: 'chat' }), 9000],
      ['reserve b', () => fixture.billing.reserve({ requestId: 'b', key, model: 'm/x', maxCredits: 2000, modality: 'chat' }), 7000],
      ['settle a below hold', () => fixture.billing.settle('a', outcome(400)), 7600],
      ['release b', () => fixture.billing.release('b', 'upstream error'), 9600],
      ['top-up', () => fixture.billing.topUp(org.id, 400, 'more'), 10_000],
      ['reserve c', () => fixture.billing.reserve({ requestId: 'c', key, model: 'm/x', maxCredits: 500, modality: 'chat' }), 9500],
      ['settle c above hold', () => fixture.billing.settle('c', outcome(700)), 9300],
      ['refund', () => fixture.billing.refund(org.id, 300, 'goodwill', 'c'), 9600],
      ['settle a again', () => fixture.billing.settle('a', outcome(999)), 9600],
      ['release a after settle', () => fixture.billing.release('a', 'late'), 9600],
    ];
    for (const [name, step, expected] of steps) {
      await step();
      expect(await expectBalanced(org.id), name).toBe(expected);
    }
    expect((await fixture.store.listLedger(org.id)).map((entry) => entry.kind)).toEqual(['top-up', 'hold', 'hold', 'release', 'settle', 'release', 'top-up', 'hold', 'release', 'settle', 'refund']);
  });
});

describe('reserve', () => {
  it('lets exactly the affordable number of 200 concurrent reservations through', async () => {
    fixture = await createBillingFixture();
    const { org, key } = await createFundedOrg(fixture, 50 * 1000);
    const results = await Promise.allSettled(
      Array.from({ length: 200 }, (_, index) => fixture.billing.reserve({ requestId: `r${index}`, key, model: 'm/x', maxCredits: 1000, modality: 'chat' })),
    );
    const refused = results.filter((result): result is PromiseRejectedResult => result.status === 'rejected');
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(50);
    expect(refused.every((result) => (result.reason as BskError).status === 402)).toBe(true);
    expect(await expectBalanced(org.id)).toBe(0);
    expect((await fixture.billing.wallet(org.id)).reserved).toBe(50_000);
  });

  it('says which wallet is short and by how much (402)', async () => {
    fixture = await createBillingFixture();
    const { org, key } = await createFundedOrg(fixture, 100);
    const error = await rejection(fixture.billing.reserve({ requestId: 'x', key, model: 'm/x', maxCredits: 101, modality: 'chat' }));
    expect(error.status).toBe(402);
    expect(error.message).toContain(`wallet of organisation ${org.id} has 100 credits`);
  });

  it('is idempotent by request id, and refuses a request id used by another key or already closed', async () => {
    fixture = await createBillingFixture();
    const { org, key, member } = await createFundedOrg(fixture, 5000);
    const first = await fixture.billing.reserve({ requestId: 'same', key, model: 'm/x', maxCredits: 1000, modality: 'chat' });
    const again = await fixture.billing.reserve({ requestId: 'same', key, model: 'm/x', maxCredits: 1000, modality: 'chat' });
    expect(again).toEqual(first);
    expect(await expectBalanced(org.id)).toBe(4000);
    const other = await fixture.accounts.authenticate((await fixture.accounts.createKey(member.id, { name: 'other' })).key);
    expect((await rejection(fixture.billing.reserve({ requestId: 'same', key: other, model: 'm/x', maxCredits: 1, modality: 'chat' }))).status).toBe(409);
    await fixture.billing.settle('same', outcome(10));
    expect((await rejection(fixture.billing.reserve({ requestId: 'same', key, model: 'm/x', maxCredits: 1, modality: 'chat' }))).message).toContain('already settled');
  });

  it('enforces org daily and monthly limits with the reset time (429)', async () => {
    fixture = await createBillingFixture();
    const { org, key } = await createFundedOrg(fixture, 100_000);
    await fixture.billing.setLimits(org.id, { daily: 1500, monthly: 2500 });
    await fixture.billing.reserve({ requestId: 'd1', key, model: 'm/x', maxCredits: 1000, modality: 'chat' });
    await fixture.billing.settle('d1', outcome(900));
    const daily = await rejection(fixture.billing.reserve({ requestId: 'd2', key, model: 'm/x', maxCredits: 601, modality: 'chat' }));
    expect(daily.status).toBe(429);
    expect(daily.message).toBe('organisation daily spend limit of 1500 credits reached (900 spent or held, 601 needed); resets at 2025-03-16T00:00:00.000Z');
    expect(daily.details.retryAfterSeconds).toBe(12 * 3600);
    fixture.clock.now = new Date('2025-03-16T09:00:00.000Z');
    await fixture.billing.setLimits(org.id, { daily: null });
    await fixture.billing.reserve({ requestId: 'd2', key, model: 'm/x', maxCredits: 1000, modality: 'chat' });
    const monthly = await rejection(fixture.billing.reserve({ requestId: 'd3', key, model: 'm/x', maxCredits: 601, modality: 'chat' }));
    expect(monthly.message).toContain('monthly spend limit of 2500 credits reached (1900 spent or held, 601 needed); resets at 2025-04-01T00:00:00.000Z');
  });

  it('enforces member quotas per day and month (429)', async () => {
    fixture = await createBillingFixture();
    const { key, member } = await createFundedOrg(fixture, 100_000);
    await fixture.accounts.updateQuota(member.id, { creditsPerDay: 100 });
    const error = await rejection(fixture.billing.reserve({ requestId: 'q', key, model: 'm/x', maxCredits: 101, modality: 'chat' }));
    expect(error.code).toBe('BSK_BILLING_MEMBER_QUOTA');
    expect(error.message).toContain('member daily quota of 100 credits');
    await fixture.accounts.updateQuota(member.id, { creditsPerDay: null, creditsPerMonth: 50 });
    expect((await rejection(fixture.billing.reserve({ requestId: 'q', key, model: 'm/x', maxCredits: 51, modality: 'chat' }))).message).toContain('member monthly quota of 50');
  });

  it("caps a key's lifetime spend, counting its derived keys (403)", async () => {
    fixture = await createBillingFixture();
    const { member } = await createFundedOrg(fixture, 100_000);
    const capped = await fixture.accounts.authenticate((await fixture.accounts.createKey(member.id, { name: 'capped', creditLimit: 1000 })).key);
    const child = await fixture.accounts.authenticate((await fixture.accounts.deriveKey(capped, { name: 'child' })).key);
    await fixture.billing.reserve({ requestId: 'c1', key: child, model: 'm/x', maxCredits: 700, modality: 'chat' });
    await fixture.billing.settle('c1', outcome(600));
    const error = await rejection(fixture.billing.reserve({ requestId: 'c2', key: capped, model: 'm/x', maxCredits: 401, modality: 'chat' }));
    expect(error.status).toBe(403);
    expect(error.message).toBe(`credit cap of key ${capped.prefix} reached (1000 credits, 600 spent or held, 401 needed)`);
    await fixture.billing.reserve({ requestId: 'c2', key: capped, model: 'm/x', maxCredits: 400, modality: 'chat' });
  });

  it('refuses negative, fractional and overflowing amounts (400)', async () => {
    fixture = await createBillingFixture();
    const { org, key } = await createFundedOrg(fixture, 100);
    for (const maxCredits of [-1, 1.5, Number.NaN, 1e30]) {
      expect((await rejection(fixture.billing.reserve({ requestId: 'bad', key, model: 'm/x', maxCredits, modality: 'chat' }))).status).toBe(400);
    }
    for (const amount of [0, -5, 2.5, 1e16]) expect((await rejection(fixture.billing.topUp(org.id, amount))).status).toBe(400);
    for (let index = 0; index < 9; index++) await fixture.billing.topUp(org.id, 1e15);
    const overflow = await rejection(fixture.billing.topUp(org.id, 1e15));
    expect(overflow.message).toContain('field amount');
    expect(await expectBalanced(org.id)).toBe(9e15 + 100);
    expect((await rejection(fixture.billing.setLimits(org.id, { daily: -1 }))).status).toBe(400);
  });
});

describe('settle and release', () => {
  it('release after a failure restores the balance exactly', async () => {
    fixture = await createBillingFixture();
    const { org, key } = await createFundedOrg(fixture, 12_345);
    await fixture.billing.reserve({ requestId: 'f', key, model: 'm/x', maxCredits: 4321, modality: 'chat' });
    expect(await fixture.billing.release('f', 'upstream 529', { status: 529, latencyMs: 80 })).toEqual({ requestId: 'f', releasedCredits: 4321, status: 'released' });
    expect(await expectBalanced(org.id)).toBe(12_345);
    expect(await fixture.billing.release('f', 'again')).toEqual({ requestId: 'f', releasedCredits: 0, status: 'released' });
    expect(await expectBalanced(org.id)).toBe(12_345);
    expect((await rejection(fixture.billing.settle('f', outcome(1)))).status).toBe(409);
    const generation = await fixture.billing.getGeneration('f', org.id);
    expect(generation).toMatchObject({ status: 529, credits: 0, flags: { released: 'upstream 529' } });
  });

  it('settles idempotently and never double bills', async () => {
    fixture = await createBillingFixture();
    const { org, key } = await createFundedOrg(fixture, 10_000);
    await fixture.billing.reserve({ requestId: 's', key, model: 'm/x', maxCredits: 1000, modality: 'chat' });
    const first = await fixture.billing.settle('s', { ...outcome(321), firstTokenMs: 40, flags: { cache: 'miss' } });
    expect(first).toEqual({ requestId: 's', credits: 321, requestedCredits: 321, heldCredits: 1000, capped: false });
    expect(await fixture.billing.settle('s', outcome(999))).toEqual(first);
    expect(await expectBalanced(org.id)).toBe(10_000 - 321);
    expect(await fixture.billing.getGeneration('s', org.id)).toMatchObject({ model: 'anthropic/claude-sonnet-4-6', credits: 321, status: 200, latencyMs: 120, firstTokenMs: 40, inputTokens: 100, outputTokens: 50, flags: { cache: 'miss' } });
    expect((await rejection(fixture.billing.getGeneration('s', 'org_other'))).status).toBe(404);
    expect((await rejection(fixture.billing.settle('unknown', outcome(1)))).status).toBe(404);
  });

  it('bills a cost above the hold only as far as the wallet goes, never below zero', async () => {
    fixture = await createBillingFixture();
    const { org, key } = await createFundedOrg(fixture, 1000);
    await fixture.billing.reserve({ requestId: 'o', key, model: 'm/x', maxCredits: 800, modality: 'chat' });
    const settlement = await fixture.billing.settle('o', outcome(5000));
    expect(settlement).toMatchObject({ credits: 1000, requestedCredits: 5000, capped: true });
    expect(await expectBalanced(org.id)).toBe(0);
    expect((await fixture.billing.getGeneration('o', org.id)).flags).toEqual({ capped: true });
  });
});

describe('settle: onDecided', () => {
  it('hears the billed figure once; whatever this process reads after it sees the settlement', async () => {
    fixture = await createBillingFixture();
    const { org, key } = await createFundedOrg(fixture, 1000);
    await fixture.billing.reserve({ requestId: 'd', key, model: 'm/x', maxCredits: 800, modality: 'chat' });
    const events: string[] = [];
    const transaction = fixture.store.transaction.bind(fixture.store);
    // Notes when the settlement writes, to see whether the listener heard before or after.
    (fixture.store as { transaction: Store['transaction'] }).transaction = (fn, options) => transaction((tx) => fn(new Proxy(tx, {
      get: (target, name) => (name === 'closeReservation' ? (...args: Parameters<StoreRepository['closeReservation']>) => (events.push('written'), target.closeReservation(...args)) : target[name as keyof StoreRepository]),
    })), options);
    const heard: number[] = [];
    let readAfter: Promise<unknown> | undefined;
    const settlement = await fixture.billing.settle('d', outcome(5000), {
      onDecided(decided) {
        heard.push(decided.credits);
        events.push('heard');
        // What a client's next request would do: on SQLite this is called before the
        // settlement's writes, and must still see them.
        readAfter = Promise.all([fixture.billing.getGeneration('d', org.id), fixture.billing.wallet(org.id)]);
      },
    });
    expect(heard).toEqual([1000]);
    // SQLite runs its work in call order: the listener hears before the writes. PostgreSQL: after the commit.
    expect(events).toEqual(TEST_STORE === 'sqlite' ? ['heard', 'written'] : ['written', 'heard']);
    expect(settlement).toMatchObject({ credits: 1000, capped: true });
    const [generation, wallet] = (await readAfter) as [{ credits: number }, { balance: number; reserved: number }];
    expect(generation.credits).toBe(1000);
    expect(wallet).toMatchObject({ balance: 0, reserved: 0 });
    expect(await fixture.billing.settle('d', outcome(1), { onDecided: (again) => heard.push(again.credits) })).toEqual(settlement);
    expect(heard).toEqual([1000, 1000]);
  });

  it('keeps the settlement when the listener throws', async () => {
    fixture = await createBillingFixture();
    const { org, key } = await createFundedOrg(fixture, 1000);
    await fixture.billing.reserve({ requestId: 't', key, model: 'm/x', maxCredits: 800, modality: 'chat' });
    const settlement = await fixture.billing.settle('t', outcome(300), {
      onDecided() {
        throw new Error('the client is gone');
      },
    });
    expect(settlement.credits).toBe(300);
    expect(await expectBalanced(org.id)).toBe(700);
    expect((await fixture.billing.getGeneration('t', org.id)).credits).toBe(300);
  });
});

describe('stale holds', () => {
  it('releases the holds of a crashed process when the next one starts', async () => {
    fixture = await createBillingFixture({ instanceId: 'crashed' });
    const { org, key } = await createFundedOrg(fixture, 10_000);
    await fixture.billing.start();
    await fixture.billing.reserve({ requestId: 'h1', key, model: 'm/x', maxCredits: 3000, modality: 'chat' });
    await fixture.billing.reserve({ requestId: 'h2', key, model: 'm/x', maxCredits: 2000, modality: 'chat' });
    // The process dies: no stop(), no release; only the file survives.
    await fixture.store.close();

    const store = await fixture.reopenStore();
    const restartAt = new Date(fixture.clock.now.getTime() + 2 * 60_000);
    const restarted = createBillingService({ store, now: () => restartAt, instanceId: 'restarted' });
    await restarted.start();
    // The crashed process's row went with its holds; the restarted one's goes at its stop.
    expect((await store.listInstances()).map((instance) => instance.id)).toEqual(['restarted']);
    await restarted.stop();
    expect(await store.listInstances()).toEqual([]);
    const { balance, sum } = await ledgerSum(store, org.id);
    expect([balance, sum]).toEqual([10_000, 10_000]);
    expect((await restarted.wallet(org.id)).reserved).toBe(0);
    expect((await store.getReservation('h1'))?.status).toBe('expired');
    await store.close();
  });

  it('releases at once the holds of a process of this host whose pid is gone, and only those', async () => {
    const gone = new Set([200, 300]);
    fixture = await createBillingFixture({ instanceId: 'restarted', process: { host: 'this-host', pid: 100 }, isProcessGone: (pid) => gone.has(pid) });
    const { org, key } = await createFundedOrg(fixture, 10_000);
    // Each process heartbeat a moment ago and holds 1000 credits.
    const processes = [
      { id: 'killed', host: 'this-host', pid: 200 },
      // Another host sharing the database: its pid means nothing here.
      { id: 'elsewhere', host: 'other-host', pid: 300 },
      { id: 'running', host: 'this-host', pid: 400 },
      // Registered before the store knew hosts and pids.
      { id: 'older', host: null, pid: null },
    ];
    for (const instance of processes) {
      await fixture.store.heartbeatInstance(instance, fixture.clock.now.toISOString());
      const billing = createBillingService({ store: fixture.store, now: () => fixture.clock.now, instanceId: instance.id });
      await billing.reserve({ requestId: `held-by-${instance.id}`, key, model: 'm/x', maxCredits: 1000, modality: 'chat' });
    }
    await fixture.billing.start();
    const open = (await fixture.store.listOpenReservations()).map((reservation) => reservation.requestId).sort();
    expect(open).toEqual(['held-by-elsewhere', 'held-by-older', 'held-by-running']);
    expect((await fixture.store.getReservation('held-by-killed'))?.status).toBe('expired');
    expect(await expectBalanced(org.id)).toBe(7000);
    expect((await fixture.store.listInstances()).find((instance) => instance.id === 'restarted')).toMatchObject({ host: 'this-host', pid: 100 });
    expect((await fixture.store.listInstances()).map((instance) => instance.id).sort()).toEqual(['elsewhere', 'older', 'restarted', 'running']);
    await fixture.billing.stop();
  });

  it('removes the row of a dead instance only once no open hold names it and it has not beaten since it was judged', async () => {
    fixture = await createBillingFixture({ instanceId: 'sweeper' });
    const { org, key } = await createFundedOrg(fixture, 10_000);
    const judgedAt = fixture.clock.now.toISOString();
    await fixture.store.heartbeatInstance({ id: 'paused', host: 'other-host', pid: 7 }, judgedAt);
    await createBillingService({ store: fixture.store, now: () => fixture.clock.now, instanceId: 'paused' }).reserve({ requestId: 'held-by-paused', key, model: 'm/x', maxCredits: 1000, modality: 'chat' });
    expect(await fixture.store.removeDeadInstance('paused', judgedAt)).toBe(false);
    await fixture.billing.release('held-by-paused', 'done');
    // It beat again after another instance judged it dead: alive after all.
    const beatAt = new Date(fixture.clock.now.getTime() + 1000).toISOString();
    await fixture.store.heartbeatInstance({ id: 'paused', host: 'other-host', pid: 7 }, beatAt);
    expect(await fixture.store.removeDeadInstance('paused', judgedAt)).toBe(false);
    expect((await fixture.store.listInstances()).map((instance) => instance.id)).toEqual(['paused']);
    expect(await fixture.store.removeDeadInstance('paused', beatAt)).toBe(true);
    expect(await fixture.store.listInstances()).toEqual([]);
    expect(await expectBalanced(org.id)).toBe(10_000);
  });

  it('leaves the holds of a live process alone, but releases expired ones', async () => {
    fixture = await createBillingFixture({ instanceId: 'gateway', holdTtlSeconds: 600 });
    const { org, key } = await createFundedOrg(fixture, 10_000);
    await fixture.billing.start();
    await fixture.billing.reserve({ requestId: 'live', key, model: 'm/x', maxCredits: 1000, modality: 'chat' });
    const adminCli = createBillingService({ store: fixture.store, now: () => fixture.clock.now, instanceId: 'admin-cli' });
    expect(await adminCli.releaseStaleHolds()).toBe(0);
    fixture.clock.now = new Date(fixture.clock.now.getTime() + 601_000);
    await fixture.store.heartbeatInstance({ id: 'gateway', host: null, pid: null }, fixture.clock.now.toISOString());
    expect(await adminCli.releaseStaleHolds()).toBe(1);
    expect(await expectBalanced(org.id)).toBe(10_000);
    // A late settlement of an expired hold bills from the free balance.
    expect(await fixture.billing.settle('live', outcome(300))).toMatchObject({ credits: 300, heldCredits: 1000 });
    expect(await expectBalanced(org.id)).toBe(9700);
    await fixture.billing.stop();
    expect(await fixture.store.listInstances()).toEqual([]);
  });
});

describe('stop', () => {
  // A request the drain deadline cut settles a moment after the HTTP host has closed.
  it('waits for a request in flight to settle, releases what is still open after the grace, and leaves video jobs to run on', async () => {
    fixture = await createBillingFixture({ instanceId: 'stopping', stopGraceMs: 300 });
    const { org, key } = await createFundedOrg(fixture, 10_000);
    await fixture.billing.start();
    for (const [requestId, modality] of [['settling', 'chat'], ['stuck', 'chat'], ['video', 'videos']] as const) await fixture.billing.reserve({ requestId, key, model: 'm/x', maxCredits: 1000, modality });
    const settling = new Promise((resolve) => setTimeout(resolve, 100)).then(() => fixture.billing.settle('settling', outcome(400)));

    await fixture.billing.stop();
    await settling;
    expect((await fixture.store.getReservation('settling'))?.status).toBe('settled');
    expect((await fixture.store.getReservation('stuck'))?.status).toBe('expired');
    expect((await fixture.store.getReservation('video'))?.status).toBe('open');
    expect(await fixture.billing.wallet(org.id)).toMatchObject({ balance: 10_000 - 400 - 1000, reserved: 1000 });
    expect(await expectBalanced(org.id)).toBe(8600);
    expect(await fixture.store.listInstances()).toEqual([]);
  });
});

describe('usage and invoice', () => {
  it("the month's invoice equals the sum of that month's settlements", async () => {
    fixture = await createBillingFixture();
    const { org, key, member } = await createFundedOrg(fixture, 1_000_000);
    const second = await fixture.accounts.authenticate((await fixture.accounts.createKey(member.id, { name: 'second' })).key);
    const plan: [string, Date, typeof key, string, number | null][] = [
      ['feb', new Date('2025-02-28T23:59:59.000Z'), key, 'openai/gpt-5.4', 111],
      ['m1', new Date('2025-03-01T00:00:00.000Z'), key, 'anthropic/claude-sonnet-4-6', 1000],
      ['m2', new Date('2025-03-10T10:00:00.000Z'), second, 'anthropic/claude-sonnet-4-6', 250],
      ['m3', new Date('2025-03-20T10:00:00.000Z'), second, 'openai/gpt-5.4', 40],
      ['failed', new Date('2025-03-21T10:00:00.000Z'), key, 'openai/gpt-5.4', null],
      ['apr', new Date('2025-04-01T00:00:00.000Z'), key, 'openai/gpt-5.4', 7],
    ];
    for (const [requestId, at, holder, model, credits] of plan) {
      fixture.clock.now = at;
      await fixture.billing.reserve({ requestId, key: holder, model, maxCredits: 2000, modality: 'chat' });
      if (credits === null) await fixture.billing.release(requestId, 'timeout');
      else await fixture.billing.settle(requestId, { ...outcome(credits), model });
    }
    const invoice = await fixture.billing.invoice(org.id, '2025-03');
    const settled = (await fixture.store.listLedger(org.id)).filter((entry) => entry.kind === 'settle' && entry.createdAt.startsWith('2025-03'));
    expect(invoice.total_credits).toBe(-settled.reduce((sum, entry) => sum + entry.amount, 0));
    expect(invoice).toEqual({
      month: '2025-03', org_id: org.id, total_credits: 1290,
      by_model: { 'anthropic/claude-sonnet-4-6': 1250, 'openai/gpt-5.4': 40 },
      by_member: { [member.id]: 1290 },
      by_key: { [key.keyId]: 1000, [second.keyId]: 290 },
    });
    const usageReport = await fixture.billing.usage({ orgId: org.id, from: '2025-03-01', to: '2025-04-01', keyIds: [second.keyId] });
    expect(usageReport).toMatchObject({ requests: 2, totalCredits: 290 });
    expect(usageReport.rows.map((row) => row.day)).toEqual(['2025-03-10', '2025-03-20']);
    expect((await rejection(fixture.billing.invoice(org.id, '2025-13'))).status).toBe(400);
    expect((await rejection(fixture.billing.usage({ orgId: org.id, from: 'yesterday' }))).status).toBe(400);
  });
});
