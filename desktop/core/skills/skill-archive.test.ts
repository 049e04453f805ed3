import { utimesSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { packSkill } from './pack-skill';
import { createSkillArchive, readSkillArchive, sha256Hex } from './skill-archive';
import { readSkillFolder } from './skill-source';
import { craftArchive, skillMarkdown, writeSkillFolder } from './skill-test-support';

const FILES = {
  'SKILL.md': skillMarkdown('name: demo\ndescription: Demo.\ndosia:\n  version: 0.1.0'),
  'scripts/run.sh': '#!/bin/sh\necho hi\n',
  'references/notes.md': '# Notes\n',
  [`references/${'deep/'.repeat(30)}long.md`]: 'a path longer than 100 bytes\n',
};

describe('skill archives', () => {
  it('are reproducible: the same files give the same bytes whatever their order on disk and times', () => {
    const first = writeSkillFolder('demo', FILES);
    const second = writeSkillFolder('demo', Object.fromEntries(Object.entries(FILES).reverse()));
    utimesSync(join(second, 'SKILL.md'), new Date('2001-01-01'), new Date('2001-01-01'));
    const a = packSkill(first);
    const b = packSkill(second);
    expect(a.archive.equals(b.archive)).toBe(true);
    expect(a.sha256).toBe(sha256Hex(b.archive));
    expect(a.fileName).toBe('demo-0.1.0.tar.gz');
    expect(a.archive[9]).toBe(0xff);
  });

  it('round-trips every file, long paths included', () => {
    const source = readSkillFolder(writeSkillFolder('demo', FILES));
    const unpacked = readSkillArchive(createSkillArchive(source), 'demo', 'test');
    expect([...unpacked.files.keys()].sort()).toEqual(Object.keys(FILES).sort());
    for (const [path, contents] of Object.entries(FILES)) expect(unpacked.files.get(path)!.toString()).toBe(contents);
    // ustar magic, so any tar tool can read it
    expect(gunzipSync(createSkillArchive(source)).subarray(257, 262).toString()).toBe('ustar');
  });

  it('refuses paths escaping the folder, absolute paths, links and corrupt headers', () => {
    const refused = (archive: Buffer) => () => readSkillArchive(archive, 'demo', 'test');
    expect(refused(craftArchive({ 'SKILL.md': 'x', '../evil.sh': 'x' }))).toThrow(/"..\/evil.sh" is a path climbing out of the skill folder/);
    expect(refused(craftArchive({ 'scripts/../../evil': 'x' }))).toThrow(/climbing out/);
    expect(refused(craftArchive({ '/etc/passwd': 'x' }))).toThrow(/is an absolute path/);
    expect(refused(craftArchive({ 'SKILL.md': 'x', 'link': '' }, 'link'))).toThrow(/"link" is not a regular file \(type 2\)/);
    const corrupt = craftArchive({ 'SKILL.md': 'x' });
    expect(refused(corrupt.subarray(0, 20))).toThrow(/skill archive refused/);
    expect(refused(Buffer.from('not gzip'))).toThrow(/skill archive refused/);
  });
});
