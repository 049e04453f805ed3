import { defineErrors } from '../../../kernel/errors';

/** Errors of the five-layer file system. Unreadable layer files are not errors: they are reported as problems. */
export const layersErrors = defineErrors({
  BSK_LAYERS_WRITE_REFUSED: { status: 403, message: 'cannot write {target} in the {layer} layer: {reason}' },
  BSK_LAYERS_BAD_PATH: { status: 400, message: 'path "{path}" must be relative and stay inside its layer' },
  BSK_LAYERS_BAD_NAME: { status: 400, message: '{what} "{name}" must start with a letter or digit and use only letters, digits, ".", "-" and "_"' },
  BSK_LAYERS_UNKNOWN_LAYER: { status: 400, message: 'unknown layer "{layer}": use session, personal, project, role or enterprise' },
  BSK_LAYERS_BAD_KEY: { status: 400, message: 'setting key "{key}" must be dot-separated names, e.g. providers.bytespike.url' },
});
