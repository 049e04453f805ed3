import type { Logger } from '../../../kernel/logger';
import { globMatches } from '../layers/enterprise-policy';
import type { LayerName, Layers } from '../layers/layers';

/**
 * A person's answer to "may the model do this?". `session` and `always` cover a rule
 * (default `<tool>(*)`: every call of that tool); `always` writes it to `permissions.allow`
 * of the chosen layer. A deny rule in any layer still wins over all of them.
 */
export type ApprovalAnswer =
  | { readonly decision: 'once' }
  | { readonly decision: 'session'; readonly rule?: string }
  | { readonly decision: 'always'; readonly layer: LayerName; readonly rule?: string }
  | { readonly decision: 'deny' };

export interface ApprovalRequest {
  readonly sessionId: string;
  readonly tool: string;
  /** The tool's source (`builtin`, `mcp:github`…). */
  readonly source: string;
  /** What permission rules match, e.g. `write_file(src/a.ts)`. */
  readonly action: string;
  readonly input: unknown;
}

/** Asked by the agent when no rule allows or denies an action (the UI's dialog, the CLI's prompt or `--yes`). */
export type ApproveCallback = (request: ApprovalRequest, signal: AbortSignal) => Promise<ApprovalAnswer>;

export type ApprovalOutcome = { readonly allowed: true; readonly how: string } | { readonly allowed: false; readonly reason: string };

export interface ApprovalGate {
  /** `preApproved`: the run's pre-approved tools (names or rules), allowed unless a deny or an explicit ask rule matches. */
  check(request: ApprovalRequest, approve: ApproveCallback | undefined, signal: AbortSignal, preApproved?: readonly string[]): Promise<ApprovalOutcome>;
}

/** A bare tool name pre-approves every call of it; anything with parentheses is a rule as written. */
function preApprovalRule(entry: string): string {
  return entry.includes('(') ? entry : `${entry}(*)`;
}

/** Session grants live as long as this gate (one per agent service), keyed by session id. */
export function createApprovalGate(layers: Layers, logger: Logger): ApprovalGate {
  const sessionRules = new Map<string, Set<string>>();

  async function ask(request: ApprovalRequest, approve: ApproveCallback, signal: AbortSignal): Promise<ApprovalOutcome> {
    const answer = await approve(request, signal);
    if (answer.decision === 'deny') return { allowed: false, reason: `${request.action} was denied by the user` };
    if (answer.decision === 'once') return { allowed: true, how: 'approved once' };
    const rule = answer.rule ?? `${request.tool}(*)`;
    if (answer.decision === 'session') {
      sessionRules.set(request.sessionId, (sessionRules.get(request.sessionId) ?? new Set()).add(rule));
      return { allowed: true, how: `approved for this session (${rule})` };
    }
    try {
      layers.withSession(request.sessionId).addPermissionRule('allow', rule, answer.layer);
      return { allowed: true, how: `approved always (${rule} in ${answer.layer})` };
    } catch (error) {
      // The layer refused the write (locked, read-only): the person still said yes to this call.
      logger.warn({ rule, layer: answer.layer, reason: (error as Error).message }, 'could not save the approval rule');
      return { allowed: true, how: `approved once (saving ${rule} to ${answer.layer} failed: ${(error as Error).message})` };
    }
  }

  return {
    async check(request, approve, signal, preApproved = []) {
      const decision = layers.withSession(request.sessionId).permission(request.action);
      if (decision.decision === 'deny') return { allowed: false, reason: `${request.action} is denied by rule "${decision.rule}" in the ${decision.layer} layer` };
      if (decision.decision === 'allow') return { allowed: true, how: `allowed by rule "${decision.rule}" in the ${decision.layer} layer` };
      // A person's explicit ask rule is stricter than what a skill declares: it still asks.
      const preApproval = decision.rule === null ? preApproved.map(preApprovalRule).find((rule) => globMatches(rule, request.action)) : undefined;
      if (preApproval) return { allowed: true, how: `pre-approved for this run (${preApproval})` };
      // An explicit ask rule means a person confirms every time; only an unmatched action may use a session grant.
      const granted = decision.rule === null && [...(sessionRules.get(request.sessionId) ?? [])].some((rule) => globMatches(rule, request.action));
      if (granted) return { allowed: true, how: 'approved for this session' };
      if (!approve) return { allowed: false, reason: `${request.action} needs approval and nobody can be asked (run with --yes, or on a terminal)` };
      return ask(request, approve, signal);
    },
  };
}
