/**
 * The typed map of capabilities. Plugins that provide a capability augment this
 * interface so that `ctx.use('billing')` has the provider's type everywhere:
 *
 *   declare module '../../../kernel/capabilities' {
 *     interface Capabilities { billing: BillingService }
 *   }
 *
 * Contribution points (many plugins add, one reads the list) augment `Contributions`.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface Capabilities {}

// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface Contributions {}

export type CapabilityName = Extract<keyof Capabilities, string>;
export type ContributionPoint = Extract<keyof Contributions, string>;
