import { css } from 'lit';

/** Controls every screen shares: buttons, fields, focus rings, visually hidden labels. */
export const controlStyles = css`
  :host { box-sizing: border-box; }
  *, *::before, *::after { box-sizing: inherit; }
  button { font: inherit; color: var(--dosia-text); background: var(--dosia-surface-2); border: 1px solid var(--dosia-border); border-radius: var(--dosia-radius); padding: 6px 12px; cursor: pointer; }
  button:hover { border-color: var(--dosia-muted); }
  button.primary { background: var(--dosia-accent); color: var(--dosia-accent-text); border-color: var(--dosia-accent); }
  button.danger { color: var(--dosia-danger); }
  button.linklike { border: 0; background: none; padding: 0; color: var(--dosia-accent); font-family: var(--dosia-mono); font-size: 13px; text-decoration: underline; }
  button:disabled { opacity: 0.55; cursor: default; }
  input, select, textarea { font: inherit; color: var(--dosia-text); background: var(--dosia-bg); border: 1px solid var(--dosia-border); border-radius: var(--dosia-radius); padding: 6px 10px; }
  :focus-visible { outline: 2px solid var(--dosia-focus); outline-offset: 2px; }
  .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
  .muted { color: var(--dosia-muted); }
  .error { color: var(--dosia-danger); }
  h2 { font-size: 18px; margin: 0 0 12px; }
  h3 { font-size: 15px; margin: 0 0 8px; }
`;

/** Credits are integers (1 credit = 1 micro-USD); shown as both. */
export function formatCredits(credits: number): string {
  return `${credits.toLocaleString('en-US')} cr ($${(credits / 1_000_000).toFixed(credits < 10_000 ? 4 : 2)})`;
}

export function formatTokens(count: number): string {
  return count >= 10_000 ? `${(count / 1000).toFixed(1)}k` : String(count);
}

export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '–';
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`;
}

/** A scrolling panel of the main area (scopes, settings, skills, tools) and its listing table. */
export const panelStyles = css`
  :host { display: block; padding: 16px 24px; overflow: auto; height: 100%; }
  table.listing { border-collapse: collapse; width: 100%; }
  table.listing th, table.listing td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--dosia-border); vertical-align: top; }
`;
