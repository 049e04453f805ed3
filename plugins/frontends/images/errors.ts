import { defineErrors } from '../../../kernel/errors';

export const imagesErrors = defineErrors({
  BSK_IMAGES_INVALID_REQUEST: { status: 400, message: '{param}: {reason}' },
  BSK_IMAGES_TOO_LARGE: { status: 413, message: '{param}: the image is {size} bytes; at most {limit} bytes are accepted' },
  BSK_IMAGES_UNSUPPORTED_SIZE: { status: 400, message: 'size "{size}" is not supported by {model}; use one of: {sizes}' },
  BSK_IMAGES_UNSUPPORTED_VALUE: { status: 400, message: '{param} "{value}" is not supported by {model}; it takes: {allowed}' },
  BSK_IMAGES_UNSUPPORTED_PARAMETER: { status: 400, message: '{param} is not supported by {model}; leave it out' },
  BSK_IMAGES_INCOMPATIBLE_VALUES: { status: 400, message: '{param} "{value}" cannot go with {other}: {reason}' },
  BSK_IMAGES_EDIT_UNSUPPORTED: { status: 400, message: '{model} cannot edit images; use one of the models whose listing allows edits' },
  BSK_IMAGES_NOT_KEPT: { status: 503, message: 'the images were made but the gateway could not keep them for their links; nothing was billed: send the request again shortly' },
  BSK_IMAGES_FILE_NOT_FOUND: { status: 404, message: 'image "{id}" does not exist or its link has expired' },
});
