import { createBridgeClient } from '../bridge/bridge-client';
import type { BridgeTransport, DosiaBridge } from '../bridge/bridge-contract';
import { createWebTransport } from './web-transport';

declare global {
  interface Window {
    /** Set by Electron's preload; absent in a browser on `dosia web`. */
    dosiaTransport?: BridgeTransport;
  }
}

/** The one bridge of this page: over Electron's preload when there is one, else over `dosia web`'s HTTP. */
export function connectBridge(): DosiaBridge {
  return createBridgeClient(window.dosiaTransport ?? createWebTransport());
}
