import { readSkillArchive, sha256Hex } from '../../../desktop/core/skills/skill-archive';
import { formatProblem, parseSkillFile } from '../../../desktop/core/skills/skill-manifest';
import { validateSkillSource, type ValidSkill } from '../../../desktop/core/skills/validate-skill';
import { isBskError } from '../../../kernel/errors';
import { marketplaceErrors } from './errors';
import type { SkillVersionRow, SkillVisibility } from '../../stores/skill-repository';
import type { Store } from '../../stores/store';

export interface PublishInput {
  readonly archive: Buffer;
  readonly visibility: SkillVisibility;
  readonly orgId: string;
  readonly now: Date;
}

/** The skill's name as its SKILL.md states it: an archive has no folder to take it from. */
function declaredName(archive: Buffer): string {
  const files = readSkillArchive(archive, '', 'archive').files;
  const text = files.get('SKILL.md');
  const data = text ? parseSkillFile(text.toString('utf8'), 'SKILL.md').data : null;
  const name = (data as { name?: unknown } | null)?.name;
  return typeof name === 'string' ? name : '';
}

/** Unpacks and validates with the same rules DOSIA applies on install, so nothing invalid is ever served. */
function validSkillIn(archive: Buffer): ValidSkill {
  try {
    const name = declaredName(archive);
    const { skill, problems } = validateSkillSource(readSkillArchive(archive, name, `archive:${name || 'unnamed'}`));
    if (!skill) throw marketplaceErrors.create('BSK_MARKETPLACE_INVALID_SKILL', { problems: problems.map(formatProblem).join('\n') });
    return skill;
  } catch (error) {
    if (isBskError(error) && error.code === 'BSK_SKILL_ARCHIVE_REFUSED') throw marketplaceErrors.create('BSK_MARKETPLACE_BAD_REQUEST', { reason: error.message }, { cause: error });
    throw error;
  }
}

/**
 * Publishes one version: a valid skill with a `dosia.version`, a name no other org owns, a
 * version not yet published (published versions never change, so their sha256 stays true).
 */
export async function publishSkill(store: Store, input: PublishInput): Promise<SkillVersionRow> {
  const skill = validSkillIn(input.archive);
  const name = skill.manifest.name;
  if (!skill.version) throw marketplaceErrors.create('BSK_MARKETPLACE_BAD_REQUEST', { reason: `${name} has no dosia.version; a published skill needs one` });
  const entry: SkillVersionRow = {
    name, version: skill.version, orgId: input.orgId, visibility: input.visibility, description: skill.manifest.description,
    author: skill.manifest.dosia?.author ?? null, tags: skill.manifest.dosia?.tags ?? [], sha256: sha256Hex(input.archive), publishedAt: input.now.toISOString(),
  };
  // One transaction: two orgs publishing a new name at once, on any instances, get one owner.
  await store.transaction(async (tx) => {
    if ((await tx.claimSkillName(name, input.orgId)) !== input.orgId) throw marketplaceErrors.create('BSK_MARKETPLACE_NAME_TAKEN', { skill: name });
    if (!(await tx.insertSkillVersion(entry, input.archive))) throw marketplaceErrors.create('BSK_MARKETPLACE_VERSION_EXISTS', { skill: name, version: entry.version });
  });
  return entry;
}
