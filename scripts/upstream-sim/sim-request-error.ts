/**
 * A request the simulated provider refuses. The pipeline answers it in the provider's own
 * error shape and status, exactly like a validation error from the real API.
 */
export class SimRequestError extends Error {
  readonly status: number;

  constructor(status: number, message: string) {
    super(message);
    this.name = 'SimRequestError';
    this.status = status;
  }
}
