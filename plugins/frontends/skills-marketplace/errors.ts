import { defineErrors } from '../../../kernel/errors';

export const marketplaceErrors = defineErrors({
  BSK_MARKETPLACE_BAD_REQUEST: { status: 400, message: '{reason}' },
  BSK_MARKETPLACE_INVALID_SKILL: { status: 400, message: 'the archive holds no valid skill:\n{problems}' },
  BSK_MARKETPLACE_NOT_FOUND: { status: 404, message: 'no skill {skill} this key can see' },
  BSK_MARKETPLACE_NAME_TAKEN: { status: 403, message: 'skill name "{skill}" belongs to another organisation' },
  BSK_MARKETPLACE_VERSION_EXISTS: { status: 409, message: '{skill}@{version} is already published; versions are immutable, publish a higher one' },
});
