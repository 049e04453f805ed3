import { css } from 'lit';

/** What every Console screen shares: type, fields, buttons, tables, cards. */
export const consoleStyles = css`
  :host { display: block; box-sizing: border-box; --accent: #3451d1; --danger: #b42318; --muted: #5b6472; --border: #d9dde3; --surface: #fff; }
  *, *::before, *::after { box-sizing: inherit; }
  h1 { font-size: 22px; margin: 0 0 16px; }
  h2 { font-size: 17px; margin: 0 0 10px; }
  section, .card { background: var(--surface); border: 1px solid var(--border); border-radius: 8px; padding: 16px; margin-bottom: 16px; }
  label { display: block; font-size: 13px; color: var(--muted); margin-bottom: 10px; }
  label > input, label > select { display: block; margin-top: 4px; width: 100%; max-width: 360px; }
  input, select { font: inherit; padding: 6px 10px; border: 1px solid var(--border); border-radius: 6px; background: #fff; color: inherit; }
  button { font: inherit; padding: 6px 14px; border-radius: 6px; border: 1px solid var(--border); background: #fff; cursor: pointer; }
  button.primary { background: var(--accent); border-color: var(--accent); color: #fff; }
  button.danger { color: var(--danger); }
  button:disabled { opacity: 0.6; cursor: default; }
  :focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }
  table { border-collapse: collapse; width: 100%; font-size: 13px; }
  th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--border); vertical-align: top; }
  th { color: var(--muted); font-weight: 600; }
  td.number, th.number { text-align: right; font-variant-numeric: tabular-nums; }
  code { font-family: ui-monospace, monospace; font-size: 12px; }
  .row { display: flex; gap: 12px; flex-wrap: wrap; align-items: flex-end; }
  .row > label { margin-bottom: 0; }
  .muted { color: var(--muted); }
  .error { color: var(--danger); }
  .notice { background: #fff7e6; border: 1px solid #f5c26b; border-radius: 6px; padding: 8px 12px; margin: 8px 0; }
  .secret { background: #eef6ee; border: 1px solid #8cc48c; border-radius: 6px; padding: 8px 12px; margin: 8px 0; word-break: break-all; }
`;

/** 1 credit = 1 micro-USD; credits are integers, shown with their dollar value. */
export function formatCredits(credits: number | null | undefined): string {
  if (credits === null || credits === undefined) return 'none';
  // Credits are micro-dollars, so six decimals are exact: $0.125 a cache read must not read $0.13.
  return `${credits.toLocaleString('en-US')} cr ($${(credits / 1_000_000).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 6 })})`;
}

/** A whole number typed into a field, or null when the field is empty (no limit). */
export function parseWholeNumber(text: string): number | null {
  const trimmed = text.trim().replace(/[_,\s]/g, '');
  if (!trimmed) return null;
  if (!/^\d+$/.test(trimmed)) throw new Error(`"${text}" is not a whole number`);
  return Number(trimmed);
}

export function formatDate(iso: string | null | undefined): string {
  return iso ? new Date(iso).toISOString().replace('T', ' ').slice(0, 16) : '–';
}
