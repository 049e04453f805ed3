import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { skillErrors } from './errors';

const NAME = /^[a-z0-9]+(-[a-z0-9]+)*$/;

function template(name: string, author: string): string {
  return `---
name: ${name}
description: Describe what ${name} does and when an agent should use it (at most 1024 characters).
license: MIT
dosia:
  version: 0.1.0
  author: ${author}
  tags: []
  inputs:
    tone:
      type: string
      description: How the answer should sound.
      default: neutral
      enum: [neutral, friendly, formal]
  gateway:
    retry:
      attempts: 2
      budget_ms: 20000
  examples:
    - name: smoke
      prompt: Say hello in one sentence.
---
# ${name}

Answer in a {{tone}} tone.

Write the steps an agent should follow here. Put long material in references/, helper
programs in scripts/ and templates in assets/: they are loaded only when needed.
`;
}

/** `dosia skill new <name>`: a valid skill folder to start from. */
export function scaffoldSkill(parent: string, name: string, author: string): string {
  if (!NAME.test(name) || name.length > 64) throw skillErrors.create('BSK_SKILL_INVALID', { skill: name, problems: 'a name is lowercase letters, digits and single hyphens, at most 64 characters' });
  const folder = join(parent, name);
  if (existsSync(folder)) throw skillErrors.create('BSK_SKILL_EXISTS', { path: folder });
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'SKILL.md'), template(name, author));
  return folder;
}
