import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { temporaryFolder } from './__fixtures__/fixture-plugins';
import { loadConfig, resolvePluginSection } from './config';
import { dosiaProfile } from './profiles/dosia';
import { gatewayProfile } from './profiles/gateway';

let folder: ReturnType<typeof temporaryFolder>;
beforeEach(() => {
  folder = temporaryFolder();
});
afterEach(() => folder.remove());

const write = (name: string, text: string) => {
  const file = join(folder.path, name);
  writeFileSync(file, text);
  return file;
};

describe('loadConfig', () => {
  it('reads bytespike.config.json, with pluginDirs relative to the file', () => {
    const file = write('bytespike.config.json', JSON.stringify({ pluginDirs: ['extra', '/abs/plugins'], plugins: { 'http-host': { port: 9000 } } }));
    expect(loadConfig(gatewayProfile, { cwd: folder.path, env: {} })).toEqual({ file, pluginDirs: [join(folder.path, 'extra'), '/abs/plugins'], plugins: { 'http-host': { port: 9000 } } });
  });

  it('reads the same settings from YAML', () => {
    const file = write('bytespike.config.yaml', 'pluginDirs:\n  - extra\nplugins:\n  http-host:\n    port: 9000\n');
    expect(loadConfig(gatewayProfile, { cwd: folder.path, env: {} })).toEqual({ file, pluginDirs: [join(folder.path, 'extra')], plugins: { 'http-host': { port: 9000 } } });
  });

  it('reads dosia.config.yml for DOSIA and ignores the gateway file', () => {
    write('bytespike.config.json', '{"plugins":{"a":{}}}');
    const file = write('dosia.config.yml', 'plugins:\n  b: {}\n');
    expect(loadConfig(dosiaProfile, { cwd: folder.path, env: {} })).toMatchObject({ file, plugins: { b: {} } });
  });

  it('is empty when there is no file', () => {
    expect(loadConfig(gatewayProfile, { cwd: folder.path, env: {} })).toEqual({ file: null, pluginDirs: [], plugins: {} });
  });

  it('takes the file named by BYTESPIKE_CONFIG, and an explicit file over that', () => {
    mkdirSync(join(folder.path, 'etc'));
    const fromEnv = write('etc/gateway.yaml', 'plugins:\n  from-env: {}\n');
    const explicit = write('etc/explicit.json', '{"plugins":{"explicit":{}}}');
    expect(loadConfig(gatewayProfile, { cwd: folder.path, env: { BYTESPIKE_CONFIG: 'etc/gateway.yaml' } }).file).toBe(fromEnv);
    expect(loadConfig(gatewayProfile, { cwd: folder.path, env: { BYTESPIKE_CONFIG: 'etc/gateway.yaml' }, file: explicit }).plugins).toEqual({ explicit: {} });
  });

  it('refuses a named file that does not exist', () => {
    expect(() => loadConfig(gatewayProfile, { cwd: folder.path, env: {}, file: 'nope.json' })).toThrow(
      expect.objectContaining({ code: 'BSK_CONFIG_UNREADABLE', message: `config ${join(folder.path, 'nope.json')}: field (root): file not found` }),
    );
  });

  it('refuses YAML that does not parse, naming the file', () => {
    const file = write('bytespike.config.yaml', 'plugins: [unclosed\n');
    expect(() => loadConfig(gatewayProfile, { cwd: folder.path, env: {} })).toThrow(expect.objectContaining({ code: 'BSK_CONFIG_UNREADABLE', message: expect.stringMatching(new RegExp(`^config ${file}: field \\(root\\): `)) }));
  });

  // Parsers quote the text around a failure; in a config file that text is often an upstream key.
  it('refuses JSON that does not parse in one line that names where, never quoting the file', () => {
    const file = write('bytespike.config.json', '{"plugins": {"anthropic": {"apiKey": upstream-key-for-tests-not-real}}}');
    const failure = () => loadConfig(gatewayProfile, { cwd: folder.path, env: {} });
    expect(failure).toThrow(expect.objectContaining({ code: 'BSK_CONFIG_UNREADABLE', message: `config ${file}: field (root): not valid JSON: Unexpected token 'u'` }));
    write('bytespike.config.json', '{"plugins": {\n  "anthropic": {"apiKey": "upstream-key-for-tests-not-real"}\n');
    expect(failure).toThrow(expect.objectContaining({ message: `config ${file}: field (root): not valid JSON: Expected ',' or '}' after property value at line 3, column 1` }));
  });

  it('refuses YAML that does not parse in one line that names where, never quoting the file', () => {
    const file = write('bytespike.config.yaml', 'plugins:\n  anthropic:\n    apiKey: "upstream-key-for-tests-not-real\n    baseUrl: https://api.anthropic.com\n');
    const failure = () => loadConfig(gatewayProfile, { cwd: folder.path, env: {} });
    expect(failure).toThrow(expect.objectContaining({ code: 'BSK_CONFIG_UNREADABLE', message: `config ${file}: field (root): not valid YAML: Missing closing "quote at line 5, column 1` }));
    write('bytespike.config.yaml', 'plugins:\n  anthropic:\n    apiKey: upstream-key-for-tests-not-real\n    apiKey: upstream-key-for-tests-other\n');
    expect(failure).toThrow(expect.objectContaining({ message: `config ${file}: field (root): not valid YAML: Map keys must be unique at line 4, column 5` }));
  });

  it('refuses a plugin section that is not an object, naming the field', () => {
    const file = write('bytespike.config.json', '{"plugins":{"http-host":8080}}');
    expect(() => loadConfig(gatewayProfile, { cwd: folder.path, env: {} })).toThrow(expect.objectContaining({ code: 'BSK_CONFIG_INVALID', message: `config ${file}: field plugins.http-host: must be object` }));
  });
});

describe('resolvePluginSection', () => {
  const schema = { type: 'object', properties: { port: { type: 'integer' }, ratio: { type: 'number' }, debug: { type: 'boolean' }, name: { type: 'string' } } };
  const envMap = { APP_PORT: 'port', APP_RATIO: 'ratio', APP_DEBUG: 'debug', APP_NAME: 'name' };

  it('lets a set env variable override the file value, converted to the property type', () => {
    expect(resolvePluginSection({ port: 80, name: 'file', other: 1 }, envMap, { APP_PORT: '9000', APP_RATIO: '0.5', APP_DEBUG: 'false', APP_NAME: '123' }, schema)).toEqual({ port: 9000, ratio: 0.5, debug: false, name: '123', other: 1 });
  });

  it('reads a list from a comma-separated variable', () => {
    const withList = { type: 'object', properties: { nodes: { type: 'array', items: { type: 'string' } } } };
    expect(resolvePluginSection({}, { APP_NODES: 'nodes' }, { APP_NODES: 'redis://a:1, redis://b:2,,' }, withList)).toEqual({ nodes: ['redis://a:1', 'redis://b:2'] });
  });

  it('keeps the file value when the variable is unset or empty', () => {
    expect(resolvePluginSection({ port: 80 }, envMap, { APP_PORT: '' }, schema)).toEqual({ port: 80 });
  });

  it('leaves a value that does not convert as a string, for the schema to report', () => {
    expect(resolvePluginSection({}, envMap, { APP_PORT: '80a', APP_DEBUG: 'yes' }, schema)).toEqual({ port: '80a', debug: 'yes' });
  });

  it('never changes the section it was given', () => {
    const section = { port: 80 };
    resolvePluginSection(section, envMap, { APP_PORT: '1' }, schema);
    expect(section).toEqual({ port: 80 });
  });
});
