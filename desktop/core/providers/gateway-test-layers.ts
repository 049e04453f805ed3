import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { type GatewayHarness, startGatewayHarness } from '../../../scripts/e2e/gateway-harness';
import { createTestLayers, type TestLayers } from './test-layers';

export interface GatewayTestLayers {
  /** The gateway (in-process, with the upstream simulator) of this test file. */
  readonly gateway: GatewayHarness;
  /** This test's fresh layers, with the gateway added as the ByteSpike provider `gw`. */
  readonly fixture: TestLayers;
  dosia(...argv: string[]): ReturnType<TestLayers['dosia']>;
}

/**
 * The hooks of a test file that drives DOSIA against the real gateway: one gateway for the
 * file, fresh layers for each test. `prepare` writes what the file's tests need into the
 * layers before the provider is added.
 */
export function useGatewayTestLayers(prepare?: (fixture: TestLayers) => void): GatewayTestLayers {
  let gateway: GatewayHarness | undefined;
  let fixture: TestLayers | undefined;
  beforeAll(async () => {
    gateway = await startGatewayHarness();
  }, 30_000);
  afterAll(async () => gateway?.close());
  beforeEach(async () => {
    fixture = createTestLayers();
    prepare?.(fixture);
    await fixture.dosia('providers', 'add', 'gw', '--type', 'bytespike', '--url', gateway!.url, '--key', gateway!.apiKey);
  });
  afterEach(() => fixture?.remove());
  return {
    get gateway() {
      return gateway!;
    },
    get fixture() {
      return fixture!;
    },
    dosia: (...argv) => fixture!.dosia(...argv),
  };
}
