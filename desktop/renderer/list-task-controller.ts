import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Loads a list when the host connects, and renders pending / complete / error states (a small @lit/task). */
export class ListTaskController<Item> implements ReactiveController {
  items: readonly Item[] | null = null;
  error = '';

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly load: () => Promise<readonly Item[]> | undefined,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    void this.reload();
  }

  async reload(): Promise<void> {
    try {
      const pending = this.load();
      if (!pending) return;
      this.items = await pending;
      this.error = '';
    } catch (error) {
      this.error = (error as Error).message;
    }
    this.host.requestUpdate();
  }
}
