import { defineErrors } from './errors';

/** Errors the kernel itself raises while discovering, planning, activating and disposing plugins. */
export const kernelErrors = defineErrors({
  BSK_PLUGIN_MANIFEST_MISSING: { status: 500, message: 'plugin {plugin}: {file}: field (root): file not found; a plugin folder needs a plugin.json' },
  BSK_PLUGIN_MANIFEST_UNREADABLE: { status: 500, message: 'plugin {plugin}: {file}: field (root): not valid JSON ({reason})' },
  BSK_PLUGIN_MANIFEST_INVALID: { status: 500, message: 'plugin {plugin}: {file}: field {field}: {reason}' },
  BSK_PLUGIN_DUPLICATE: { status: 500, message: 'plugin {plugin}: {file}: field name: already loaded from {other}' },
  BSK_PLUGIN_ENGINE_MISMATCH: { status: 500, message: 'plugin {plugin}: {file}: field engines.kernel: range {range} does not include kernel {kernel}' },
  BSK_PLUGIN_REQUIRE_MISSING: { status: 500, message: 'plugin {plugin}: {file}: field requires: nothing provides "{capability}"' },
  BSK_PLUGIN_REQUIRE_CYCLE: { status: 500, message: 'plugin {plugin}: {file}: field requires: dependency cycle {cycle}' },
  BSK_PLUGIN_DEPENDENCY_REFUSED: { status: 500, message: 'plugin {plugin}: {file}: field requires: depends on refused plugin {dependency}' },
  BSK_PLUGIN_CONFIG_INVALID: { status: 500, message: 'plugin {plugin}: {file}: field {field}: {reason}' },
  BSK_PLUGIN_ENTRY_MISSING: { status: 500, message: 'plugin {plugin}: {file}: field entry: {entry} cannot be loaded ({reason})' },
  BSK_PLUGIN_ACTIVATE_FAILED: { status: 500, message: 'plugin {plugin}: {file}: field entry: activate() failed: {reason}' },
  BSK_PLUGIN_PROVIDES_UNMET: { status: 500, message: 'plugin {plugin}: {file}: field provides: declared "{capability}" but did not provide it' },
  BSK_PLUGIN_DISPOSE_FAILED: { status: 500, message: 'plugin {plugin}: dispose failed: {reason}' },
  BSK_PLUGIN_INSTALL_FAILED: { status: 500, message: 'cannot install {source}: {reason}' },
  BSK_CAPABILITY_UNDECLARED: { status: 500, message: 'plugin {plugin} used capability "{capability}" without listing it in requires' },
  BSK_CAPABILITY_MISSING: { status: 500, message: 'capability "{capability}" is not provided by any loaded plugin' },
  BSK_CAPABILITY_DUPLICATE: { status: 500, message: 'capability "{capability}" is provided by both {first} and {second}' },
  BSK_HOOK_FAILED: { status: 500, message: 'hook {hook} failed in plugin {plugin}: {reason}' },
  BSK_CONFIG_UNREADABLE: { status: 500, message: 'config {file}: field (root): {reason}' },
  BSK_CONFIG_INVALID: { status: 500, message: 'config {file}: field {field}: {reason}' },
  BSK_CLI_USAGE: { status: 400, message: '{reason}' },
});
