/**
 * A minimal browser stand-in for API tests: one cookie jar, the CSRF token from the
 * session, JSON in and out, and the raw response for status and header checks.
 */
export interface ConsoleClient {
  readonly baseUrl: string;
  csrfToken: string;
  cookie: string;
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any; headers: Headers; text: string }>;
  signUp(email: string, password: string, orgName: string): Promise<any>;
  signIn(email: string, password: string): Promise<any>;
}

export function createConsoleClient(baseUrl: string): ConsoleClient {
  const client: ConsoleClient = {
    baseUrl,
    csrfToken: '',
    cookie: '',
    async call(method, path, body, headers = {}) {
      const response = await fetch(`${baseUrl}${path}`, {
        method,
        redirect: 'manual',
        headers: {
          ...(client.cookie ? { cookie: client.cookie } : {}),
          ...(client.csrfToken && method !== 'GET' ? { 'x-csrf-token': client.csrfToken } : {}),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      });
      const setCookie = response.headers.get('set-cookie');
      if (setCookie) client.cookie = setCookie.split(';')[0]!;
      const text = await response.text();
      let parsed: unknown = undefined;
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = undefined;
      }
      const csrf = (parsed as { csrf_token?: string } | undefined)?.csrf_token;
      if (csrf) client.csrfToken = csrf;
      return { status: response.status, body: parsed, headers: response.headers, text };
    },
    signUp: async (email, password, orgName) => (await client.call('POST', '/console/api/sign-up', { email, password, org_name: orgName })).body,
    signIn: async (email, password) => (await client.call('POST', '/console/api/sign-in', { email, password })).body,
  };
  return client;
}
