import { LitElement, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { DosiaBridge, SkillSummary } from '../bridge/bridge-contract';
import { ListTaskController } from './list-task-controller';
import { controlStyles, panelStyles } from './shared-styles';

/** Installed skills across the layers: version, layer, what each shadows, problems and policy. */
@customElement('dosia-skills-panel')
export class DosiaSkillsPanel extends LitElement {
  static override styles = [
    controlStyles,
    panelStyles,
  ];

  @property({ attribute: false }) bridge?: DosiaBridge;
  private readonly skills = new ListTaskController<SkillSummary>(this, () => this.bridge?.invoke('skills.list', {}));

  override render() {
    const { items, error } = this.skills;
    return html`
      <h2>Skills</h2>
      ${error ? html`<p class="error" role="alert">${error}</p>` : nothing}
      ${items === null && !error ? html`<p class="muted" role="status">Loading…</p>` : nothing}
      ${items?.length === 0 ? html`<p class="muted">No skills installed yet: <code>dosia skill install &lt;name&gt;</code>.</p>` : nothing}
      ${items?.length
        ? html`<table class="listing"><thead><tr><th scope="col">Skill</th><th scope="col">Version</th><th scope="col">Layer</th><th scope="col">Status</th></tr></thead><tbody>
            ${items.map((skill) => html`<tr><td><strong>${skill.name}</strong><br><span class="muted">${skill.description ?? ''}</span></td><td>${skill.version ?? '—'}</td><td>${skill.layer}${skill.shadows.length ? html`<br><span class="muted">shadows ${skill.shadows.join(', ')}</span>` : nothing}</td>
              <td>${skill.denied ? html`<span class="error">denied: ${skill.denied}</span>` : skill.problems.length ? html`<span class="error">${skill.problems.join('; ')}</span>` : 'ready'}</td></tr>`)}
          </tbody></table>`
        : nothing}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'dosia-skills-panel': DosiaSkillsPanel;
  }
}
