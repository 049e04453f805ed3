/**
 * Version of the canonical request/stream contract between front-ends and providers.
 * Bump the major on any change that a front-end or provider must react to.
 */
export const CANONICAL_VERSION = '1.0.0';
