import { defineErrors } from '../../kernel/errors';

/** Errors of the UI bridge itself; service errors (layers, providers) cross it with their own codes. */
export const bridgeErrors = defineErrors({
  BSK_BRIDGE_UNKNOWN_METHOD: { status: 404, message: 'the bridge has no method "{method}"' },
  BSK_BRIDGE_BAD_PARAMS: { status: 400, message: '{method}: {reason}' },
  BSK_BRIDGE_UNKNOWN_SESSION: { status: 404, message: 'no session "{sessionId}"' },
  BSK_BRIDGE_UNKNOWN_TURN: { status: 404, message: 'no running turn "{turnId}"' },
  BSK_BRIDGE_UNAVAILABLE: { status: 503, message: '{service} is not loaded in this DOSIA profile, so {method} cannot run' },
  BSK_BRIDGE_SIGN_IN_FAILED: { status: 502, message: 'Sign in with ByteSpike failed: {reason}' },
});
