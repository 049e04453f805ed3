/** A refusal from the Console API: its status, stable code and a message a person can act on. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface SessionInfo {
  readonly user: { readonly id: string; readonly email: string };
  readonly org: { readonly id: string; readonly name: string };
  readonly member: { readonly id: string; readonly role: 'owner' | 'admin' | 'member'; readonly email: string };
  readonly csrf_token: string;
  readonly expires_at: string;
  readonly memberships: readonly { org_id: string; org_name: string; role: string; suspended: boolean }[];
}

/**
 * The Console's only way to the server. The session cookie is httpOnly (this code never
 * sees it); the CSRF token from the session goes on every state-changing call.
 */
export class ConsoleApi {
  private csrfToken = '';

  remember(session: SessionInfo | null): void {
    this.csrfToken = session?.csrf_token ?? '';
  }

  /** A path under the current org: `orgPath(id, 'wallet')` -> `/console/api/orgs/<id>/wallet`. */
  orgPath(orgId: string, rest: string): string {
    return `/console/api/orgs/${encodeURIComponent(orgId)}/${rest}`;
  }

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (method !== 'GET') headers['x-csrf-token'] = this.csrfToken;
    const response = await fetch(path, { method, headers, credentials: 'same-origin', ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    if (response.status === 204) return undefined as T;
    const parsed = (await response.json().catch(() => ({}))) as { error?: { code?: string; message?: string } };
    if (!response.ok) throw new ApiError(response.status, parsed.error?.code ?? 'BSK_INTERNAL', parsed.error?.message ?? `request failed (${response.status})`);
    return parsed as T;
  }

  get = <T>(path: string) => this.request<T>('GET', path);
  post = <T>(path: string, body: unknown = {}) => this.request<T>('POST', path, body);
  patch = <T>(path: string, body: unknown) => this.request<T>('PATCH', path, body);
  delete = <T>(path: string) => this.request<T>('DELETE', path);

  /** The current session, or null when signed out (or the session expired). */
  async session(): Promise<SessionInfo | null> {
    try {
      const session = await this.get<SessionInfo>('/console/api/session');
      this.remember(session);
      return session;
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return null;
      throw error;
    }
  }
}
