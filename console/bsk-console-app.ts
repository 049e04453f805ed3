import { css, html, LitElement } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { ConsoleApi, type SessionInfo } from './console-api-client';
import { consoleStyles } from './console-styles';
import './bsk-auth-page';
import './bsk-bill-page';
import './bsk-consent-page';
import './bsk-invite-page';
import './bsk-keys-page';
import './bsk-members-page';
import './bsk-providers-page';
import './bsk-usage-page';
import './bsk-wallet-page';

interface Page {
  readonly path: string;
  readonly title: string;
  readonly adminOnly: boolean;
}

const PAGES: readonly Page[] = [
  { path: 'wallet', title: 'Wallet', adminOnly: false },
  { path: 'members', title: 'Members', adminOnly: true },
  { path: 'keys', title: 'Keys', adminOnly: false },
  { path: 'usage', title: 'Usage', adminOnly: false },
  { path: 'bill', title: 'Bill', adminOnly: true },
  { path: 'providers', title: 'Providers', adminOnly: true },
];

/** The route is the URL fragment: `#/keys`, `#/invite/<token>`, `#/oauth/consent?<authorize query>`. */
function currentRoute(): string {
  return location.hash.replace(/^#\/?/, '') || 'wallet';
}

/** The Console: who is signed in, the navigation, and the page of the current route. */
@customElement('bsk-console-app')
export class BskConsoleApp extends LitElement {
  static override styles = [
    consoleStyles,
    css`
      :host { max-width: 1100px; margin: 0 auto; padding: 16px 20px 40px; }
      header { display: flex; align-items: center; gap: 18px; margin-bottom: 20px; flex-wrap: wrap; }
      header strong { font-size: 18px; }
      nav { display: flex; gap: 4px; flex: 1; flex-wrap: wrap; }
      nav a { padding: 6px 10px; border-radius: 6px; color: inherit; text-decoration: none; }
      nav a[aria-current='page'] { background: #e4e8f7; color: var(--accent); font-weight: 600; }
      @media print { header { display: none; } :host { padding: 0; } }
    `,
  ];

  private readonly api = new ConsoleApi();
  @state() private session: SessionInfo | null | undefined = undefined;
  @state() private route = currentRoute();
  private readonly onHashChange = () => (this.route = currentRoute());

  override connectedCallback(): void {
    super.connectedCallback();
    addEventListener('hashchange', this.onHashChange);
    void this.api.session().then((session) => (this.session = session), () => (this.session = null));
  }

  override disconnectedCallback(): void {
    removeEventListener('hashchange', this.onHashChange);
    super.disconnectedCallback();
  }

  override render() {
    if (this.session === undefined) return html`<p class="muted">Loading…</p>`;
    const [page = '', ...rest] = this.route.split('/');
    if (page === 'sign-up' || page === 'sign-in') return this.renderAuth(page, '');
    if (page === 'invite') return html`<bsk-invite-page .api=${this.api} token=${rest.join('/')} @bsk-signed-in=${this.signedIn}></bsk-invite-page>`;
    // Signed out: sign in here, then come back to where the person was going (e.g. an OAuth consent).
    if (!this.session) return this.renderAuth('sign-in', this.route);
    if (page.startsWith('oauth')) return html`<bsk-consent-page .api=${this.api} query=${this.route.split('?')[1] ?? ''}></bsk-consent-page>`;
    return html`${this.renderHeader(this.session, page)}<main>${this.renderPage(this.session, page)}</main>`;
  }

  private renderAuth(mode: 'sign-in' | 'sign-up', returnTo: string) {
    return html`<bsk-auth-page .api=${this.api} mode=${mode} return-to=${returnTo} @bsk-signed-in=${this.signedIn}></bsk-auth-page>`;
  }

  private renderHeader(session: SessionInfo, current: string) {
    const isAdmin = session.member.role !== 'member';
    return html`<header>
      <strong>ByteSpike Console</strong>
      <nav aria-label="Console pages">
        ${PAGES.filter((page) => isAdmin || !page.adminOnly).map((page) => html`<a href="#/${page.path}" aria-current=${page.path === current ? 'page' : 'false'}>${page.title}</a>`)}
      </nav>
      <span class="muted">${session.org.name} · ${session.user.email} (${session.member.role})</span>
      <button @click=${this.signOut}>Sign out</button>
    </header>`;
  }

  private renderPage(session: SessionInfo, page: string) {
    const orgId = session.org.id;
    const role = session.member.role;
    switch (page) {
      case 'members': return html`<bsk-members-page .api=${this.api} org-id=${orgId} member-id=${session.member.id}></bsk-members-page>`;
      case 'keys': return html`<bsk-keys-page .api=${this.api} org-id=${orgId}></bsk-keys-page>`;
      case 'usage': return html`<bsk-usage-page .api=${this.api} org-id=${orgId}></bsk-usage-page>`;
      case 'bill': return html`<bsk-bill-page .api=${this.api} org-id=${orgId}></bsk-bill-page>`;
      case 'providers': return html`<bsk-providers-page .api=${this.api} org-id=${orgId}></bsk-providers-page>`;
      default: return html`<bsk-wallet-page .api=${this.api} org-id=${orgId} member-role=${role}></bsk-wallet-page>`;
    }
  }

  private readonly signedIn = (event: CustomEvent<{ session: SessionInfo; returnTo: string }>) => {
    this.api.remember(event.detail.session);
    this.session = event.detail.session;
    location.hash = `#/${event.detail.returnTo || 'wallet'}`;
    this.route = currentRoute();
  };

  private readonly signOut = async () => {
    await this.api.post('/console/api/sign-out');
    this.api.remember(null);
    this.session = null;
    location.hash = '#/sign-in';
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'bsk-console-app': BskConsoleApp;
  }
}
