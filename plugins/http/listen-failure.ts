import { hostErrors } from './host-errors';

/** What to do about each way binding the port fails, for the one line `serve` prints. */
const REMEDIES: Readonly<Record<string, string>> = {
  EADDRINUSE: 'another process is listening there; stop it, or choose another port (--port, PORT or plugins.http-host.port)',
  EACCES: 'permission denied; ports below 1024 need privileges, so choose a port from 1024 (--port, PORT or plugins.http-host.port)',
  EADDRNOTAVAIL: 'no network interface of this machine has that address; use 127.0.0.1, 0.0.0.0 or one of its own addresses (--host, HOST or plugins.http-host.host)',
  ENOTFOUND: 'the host name does not resolve; give an IP address or a name this machine resolves (--host, HOST or plugins.http-host.host)',
};

/** Node's listen error (`listen EADDRINUSE: address already in use 127.0.0.1:8787`) as a typed error that says what to do. */
export function listenFailure(error: unknown, address: { port: number; host: string }) {
  const code = (error as NodeJS.ErrnoException).code ?? '';
  const reason = REMEDIES[code] ?? (error as Error).message;
  return hostErrors.create('BSK_HTTP_LISTEN_FAILED', { address: `${address.host}:${address.port}`, reason, errno: code }, { cause: error });
}
