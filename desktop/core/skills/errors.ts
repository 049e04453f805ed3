import { defineErrors } from '../../../kernel/errors';

export const skillErrors = defineErrors({
  BSK_SKILL_INVALID: { status: 400, message: 'skill {skill} is invalid:\n{problems}' },
  BSK_SKILL_ARCHIVE_REFUSED: { status: 400, message: 'skill archive refused: {reason}' },
  BSK_SKILL_DIGEST_MISMATCH: { status: 400, message: 'archive of {skill}@{version} has sha256 {actual}, the marketplace says {expected}; nothing was installed' },
  BSK_SKILL_POLICY_DENIED: { status: 403, message: 'skill {skill} refused by Enterprise policy: {reason}' },
  BSK_SKILL_NOT_FOUND: { status: 404, message: 'no skill "{skill}" {where}' },
  BSK_SKILL_EXISTS: { status: 409, message: '{path} already exists' },
  BSK_SKILL_RESOURCE_REFUSED: { status: 400, message: 'skill {skill} cannot load "{path}": {reason}' },
  BSK_SKILL_INPUT_INVALID: { status: 400, message: 'skill {skill}: input "{input}" {reason}' },
  BSK_SKILL_MARKETPLACE_UNKNOWN: { status: 404, message: 'no marketplace named "{marketplace}" (see `dosia marketplace list`)' },
  BSK_SKILL_MARKETPLACE_FAILED: { status: 502, message: 'marketplace {marketplace}: {reason}' },
  BSK_SKILL_RUN_FAILED: { status: 502, message: 'skill {skill} run failed: {reason}' },
});
