/**
 * The Node flags the gateway runs with: the `bytespike` bin's shebang and `npm start` carry
 * them (a test keeps the three equal), and the benchmark starts the gateway with them.
 * `--max-semi-space-size=4`: see kernel/bin/bytespike.ts.
 */
export const GATEWAY_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=4'];
