import { html, type ReactiveController, type ReactiveControllerHost } from 'lit';

type TaskStatus = 'pending' | 'complete' | 'error';

/**
 * Async data for one element (a small @lit/task): loads when the host connects, reloads on
 * `run()`, and renders pending / complete / error instead of throwing.
 */
export class DataTask<Value> implements ReactiveController {
  status: TaskStatus = 'pending';
  value: Value | undefined;
  error = '';

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly load: () => Promise<Value>,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    void this.run();
  }

  async run(): Promise<void> {
    this.status = 'pending';
    this.host.requestUpdate();
    try {
      this.value = await this.load();
      this.status = 'complete';
    } catch (error) {
      this.error = (error as Error).message;
      this.status = 'error';
    }
    this.host.requestUpdate();
  }

  render(renderers: { complete: (value: Value) => unknown; pending?: () => unknown }): unknown {
    if (this.status === 'error') return html`<p class="error" role="alert">Could not load: ${this.error}</p>`;
    // While reloading, the last value stays on screen rather than flashing a spinner.
    if (this.value === undefined) return renderers.pending?.() ?? html`<p class="muted">Loading…</p>`;
    return renderers.complete(this.value);
  }
}
