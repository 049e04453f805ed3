/**
 * Electron preload (sandboxed, CommonJS): exposes the one bridge transport as
 * `window.dosiaTransport` through contextBridge. No Node API reaches the page; only these
 * two functions, which forward to the main process over two IPC channels.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { type BridgeTransport, IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL } from '../bridge/bridge-contract';

type Listener = (payload: unknown) => void;
const listeners = new Map<string, Set<Listener>>();

ipcRenderer.on(IPC_EVENT_CHANNEL, (_event, name: string, payload: unknown) => {
  for (const listener of listeners.get(name) ?? []) listener(payload);
});

const transport: BridgeTransport = {
  invoke: (method, params) => ipcRenderer.invoke(IPC_INVOKE_CHANNEL, String(method), params),
  on(event, listener) {
    const set = listeners.get(event) ?? new Set<Listener>();
    listeners.set(event, set);
    set.add(listener);
    return () => void set.delete(listener);
  },
};

contextBridge.exposeInMainWorld('dosiaTransport', transport);
