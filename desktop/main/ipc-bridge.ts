import { type BrowserWindow, type IpcMainInvokeEvent, ipcMain } from 'electron';
import { type BridgeReply, IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL } from '../bridge/bridge-contract';
import type { BridgeService } from '../bridge/bridge-service';

/**
 * Serves the bridge over IPC: one `handle` for invoke, one channel for every event. Calls
 * are accepted only from our own page (a file:// URL of the packaged renderer), so a frame
 * that navigated elsewhere cannot drive DOSIA.
 */
export function serveBridgeOverIpc(service: BridgeService, windows: () => readonly BrowserWindow[], rendererUrlPrefix: string): () => void {
  ipcMain.handle(IPC_INVOKE_CHANNEL, (event: IpcMainInvokeEvent, method: unknown, params: unknown): Promise<BridgeReply> => {
    if (!event.senderFrame?.url.startsWith(rendererUrlPrefix)) return Promise.resolve({ ok: false, error: { code: 'BSK_BRIDGE_FORBIDDEN', message: 'only the DOSIA window may call the bridge' } });
    return service.invoke(typeof method === 'string' ? method : '', params);
  });
  const unsubscribe = service.subscribe((event, payload) => {
    for (const window of windows()) if (!window.isDestroyed()) window.webContents.send(IPC_EVENT_CHANNEL, event, payload);
  });
  return () => {
    unsubscribe();
    ipcMain.removeHandler(IPC_INVOKE_CHANNEL);
  };
}
