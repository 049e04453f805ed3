import type { Invoice } from '../../billing/usage-reports';

export function csvCell(value: string | number): string {
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One line per breakdown entry (`model`, `member`, `key`), then the total: `month,dimension,id,credits`. */
export function formatInvoiceCsv(invoice: Invoice): string {
  const rows: (string | number)[][] = [['month', 'dimension', 'id', 'credits']];
  const sections: [string, Readonly<Record<string, number>>][] = [['model', invoice.by_model], ['member', invoice.by_member], ['key', invoice.by_key]];
  for (const [dimension, totals] of sections) {
    for (const [id, credits] of Object.entries(totals)) rows.push([invoice.month, dimension, id, credits]);
  }
  rows.push([invoice.month, 'total', invoice.org_id, invoice.total_credits]);
  return rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
