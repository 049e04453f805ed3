/** `GET /console/api/orgs/:org/wallet`. */
export interface WalletView {
  readonly org_id: string;
  readonly balance: number;
  readonly reserved: number;
  readonly limits: { readonly daily: number | null; readonly monthly: number | null };
  readonly spent: { readonly today: number; readonly month: number };
  readonly low_balance_threshold: number | null;
  readonly low_balance: boolean;
}
