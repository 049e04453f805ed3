import { defineErrors } from '../../kernel/errors';

export const gatewayErrors = defineErrors({
  BSK_GATEWAY_MODEL_NOT_FOUND: { status: 404, message: 'model "{model}" does not exist; GET /v1/models lists the models this key may use' },
  BSK_GATEWAY_MODEL_RETIRED: { status: 404, message: 'model "{model}" was retired by its provider on {retiredOn}; {instead}' },
  BSK_GATEWAY_MODEL_WRONG_MODALITY: { status: 400, message: 'model "{model}" is a {modality} model and cannot serve {endpoint}' },
  BSK_GATEWAY_MODEL_CAPABILITY: { status: 400, message: 'model "{model}" does not take {what} (its catalog entry lists no "{capability}" capability); GET /v1/models lists what each model takes' },
  BSK_GATEWAY_UNTRANSLATABLE: { status: 400, message: '{param}: {reason} (this request to "{model}" is translated: {why})' },
  BSK_GATEWAY_PROVIDER_DISABLED: { status: 503, message: 'provider "{provider}" is not configured on this gateway (no upstream key)', retryable: false },
  BSK_GATEWAY_MISSING_KEY: { status: 401, message: 'no API key: send it as `x-api-key` or `Authorization: Bearer <key>`' },
  BSK_GATEWAY_FLAG_UNAVAILABLE: { status: 400, message: 'flag "{flag}" is not available {reason}' },
  BSK_GATEWAY_FLAG_MODEL: { status: 400, message: 'flag "{flag}": {reason}' },
  BSK_GATEWAY_COUNT_UNAVAILABLE: { status: 501, message: 'cannot count tokens for "{model}": {reason}', retryable: false },
  BSK_GATEWAY_OUTPUT_UNAFFORDABLE: { status: 402, message: 'the wallet has {available} credits and this request may cost up to {needed}: its prompt and up to {allowance} output tokens ({source}); send a {field} of at most {affordable}, or top up the wallet' },
});
