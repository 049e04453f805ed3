import { defineErrors } from '../../../kernel/errors';

export const toolErrors = defineErrors({
  BSK_TOOLS_KEY_REFUSED: { status: 401, message: 'ByteSpike refused the API key ({status}): {reason}. Check that the key exists and has not been revoked.' },
  BSK_TOOLS_GATEWAY_REFUSED: { status: 502, message: 'ByteSpike answered {status} to {endpoint}: {reason}' },
  BSK_TOOLS_GATEWAY_UNREACHABLE: { status: 502, message: 'ByteSpike at {baseUrl} could not be reached: {reason}' },
  BSK_TOOLS_RESPONSE_TOO_LARGE: { status: 502, message: '{endpoint} answered more than {maxBytes} bytes; the result was not read' },
  BSK_TOOLS_MALFORMED_RESPONSE: { status: 502, message: '{endpoint} answered something that is not what ByteSpike sends: {reason}' },
  BSK_TOOLS_BAD_ARGUMENTS: { status: 400, message: 'arguments of {tool} do not match its schema: {reason}' },
  BSK_TOOLS_NO_MODEL: { status: 403, message: 'this key may use no {modality} model' },
  BSK_TOOLS_BAD_INPUT_IMAGE: { status: 400, message: 'the image to edit could not be read: {reason}' },
});
