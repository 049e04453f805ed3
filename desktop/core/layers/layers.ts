/**
 * The `layers` capability: DOSIA's five-layer file system. Other DOSIA plugins (providers,
 * skills, MCP, the agent loop, conversations) read settings, resolve files and enforce
 * Enterprise policy through this one interface.
 */

/** The five layers. */
export type LayerName = 'session' | 'personal' | 'project' | 'role' | 'enterprise';

/** Read precedence, narrowest first: a narrower layer shadows every broader one. */
export const LAYERS_NARROWEST_FIRST: readonly LayerName[] = ['session', 'personal', 'project', 'role', 'enterprise'];

/** Instruction order, broadest first, so narrower instructions come last and read as refinements. */
export const LAYERS_BROADEST_FIRST: readonly LayerName[] = [...LAYERS_NARROWEST_FIRST].reverse();

export interface LayerRoot {
  readonly layer: LayerName;
  /** Absolute folder, or null when this layer has no root here (no session given, no `.dosia/` above the working folder). */
  readonly path: string | null;
  readonly exists: boolean;
  /** Enterprise is managed by the organisation: the client never writes to it. */
  readonly readOnly: boolean;
  /** Why the layer has no root, or which role / session it stands for. */
  readonly note: string;
}

export interface ResolvedPath {
  readonly relativePath: string;
  /** Absolute path in the narrowest layer that has it. */
  readonly path: string;
  readonly layer: LayerName;
  /** Broader layers that also have this path, narrowest first. */
  readonly shadows: readonly LayerName[];
}

export interface LayerEntry {
  readonly name: string;
  readonly path: string;
  readonly layer: LayerName;
  readonly type: 'file' | 'directory';
  readonly shadows: readonly LayerName[];
}

export interface SettingValue {
  /** Dotted key, e.g. `permissions.allow` or `providers.bytespike.url`. */
  readonly key: string;
  /** The effective value (undefined when no layer sets it). */
  readonly value: unknown;
  /** Where the effective value comes from: the narrowest layer setting it, or `enterprise` when locked. */
  readonly layer: LayerName | null;
  /** The file that value was read from (a settings.json, or policy.json when locked). */
  readonly file: string | null;
  readonly locked: boolean;
  /** True when the value combines several layers (nested objects, permission rule lists). */
  readonly merged: boolean;
  /** Every layer whose settings.json sets this key, narrowest first. */
  readonly sources: readonly LayerName[];
  /** Layers whose value for this key is overridden (none when the value is merged). */
  readonly shadows: readonly LayerName[];
}

export interface WriteResult {
  readonly layer: LayerName;
  /** The file written. */
  readonly path: string;
}

export type PermissionList = 'allow' | 'deny' | 'ask';

export interface PermissionDecision {
  readonly decision: PermissionList;
  /** The rule that decided, or null when nothing matched (`ask`). */
  readonly rule: string | null;
  readonly layer: LayerName | null;
}

export const POLICY_KINDS = ['providers', 'models', 'skills', 'mcpServers'] as const;
export type PolicyKind = (typeof POLICY_KINDS)[number];

export interface EnterprisePolicy {
  /** Absolute path of policy.json, or null when there is no Enterprise policy. */
  readonly file: string | null;
  /** Setting keys (dotted) pinned to a value no layer can override or write. */
  readonly locked: Readonly<Record<string, unknown>>;
  /** Names denied per kind; `*` matches any run of characters. Deny wins over allow. */
  readonly deny: Readonly<Record<PolicyKind, readonly string[]>>;
  /** When a kind has an allow list, only names matching it are permitted. */
  readonly allow: Readonly<Partial<Record<PolicyKind, readonly string[]>>>;
}

export interface ActiveRole {
  readonly name: string | null;
  /** `policy` when Enterprise locks `role`, `personal` when chosen with `dosia role use`. */
  readonly source: 'policy' | 'personal' | 'none';
}

export interface InstructionPart {
  readonly layer: LayerName;
  readonly path: string;
  readonly content: string;
}

export interface Instructions {
  /** Every DOSIA.md, broadest first, each under a `<!-- layer: … -->` heading. */
  readonly text: string;
  readonly parts: readonly InstructionPart[];
}

/** A file that could not be used; the rest of the layers still load. */
export interface LayerProblem {
  readonly layer: LayerName;
  readonly path: string;
  readonly reason: string;
}

export interface LayerChange {
  readonly layers: readonly LayerName[];
  /** Absolute paths reported changed (a root folder itself when it appeared or went away). */
  readonly paths: readonly string[];
}

export interface Layers {
  /** The session this view includes, or null (no Session layer). */
  readonly sessionId: string | null;
  /** The same layers seen from one conversation (or from none, with null). */
  withSession(sessionId: string | null): Layers;

  /** All five roots, narrowest first. */
  roots(): readonly LayerRoot[];
  root(layer: LayerName): LayerRoot;
  /** The narrowest layer holding `relativePath`, or null when none does. */
  resolve(relativePath: string): ResolvedPath | null;
  /** The entries of `folder` (e.g. `skills/`) across all layers, one per name, narrowest winning. */
  list(folder: string): readonly LayerEntry[];

  /** Effective settings: layers merged, deny rules applied, Enterprise locks on top. */
  settings(): Record<string, unknown>;
  /** One layer's own settings.json (empty when missing or malformed). */
  layerSettings(layer: LayerName): Record<string, unknown>;
  get(key: string): SettingValue;
  /** Throws BSK_LAYERS_WRITE_REFUSED (with the reason) for Enterprise, a locked key, or a layer without a root. */
  set(key: string, value: unknown, layer: LayerName): WriteResult;
  unset(key: string, layer: LayerName): WriteResult;
  /** Appends a rule to `permissions.<list>` of one layer (no duplicate). */
  addPermissionRule(list: PermissionList, rule: string, layer: LayerName): WriteResult;
  /** Matches an action (e.g. `write_file(src/a.ts)`) against the merged rules with `*` globs: deny, then ask, then allow; no match asks. */
  permission(action: string): PermissionDecision;

  policy(): EnterprisePolicy;
  isDenied(kind: PolicyKind, name: string): boolean;
  /** Why `name` is denied, or null when it is permitted. */
  denial(kind: PolicyKind, name: string): string | null;

  activeRole(): ActiveRole;
  /** Switches the Role layer (writes `<DOSIA_HOME>/active-role`); refused when policy locks `role`. */
  useRole(name: string): WriteResult;

  instructions(): Instructions;
  problems(): readonly LayerProblem[];

  /** An absolute path inside a writable layer (parent folders created), for plugins that write whole files. */
  writablePath(layer: LayerName, relativePath: string): string;
  /** Writes a file atomically (temp file + rename) into a writable layer. */
  writeFile(layer: LayerName, relativePath: string, contents: string): WriteResult;

  /** Called (debounced) when anything in a layer folder changes on disk; returns the unsubscribe. */
  onChange(listener: (change: LayerChange) => void): () => void;
}

declare module '../../../kernel/capabilities' {
  interface Capabilities {
    layers: Layers;
  }
}
