/** What an OpenAI-style error body says besides its message: the field at fault and a stable code. */
export interface ErrorDetail {
  readonly param: string | null;
  readonly code: string | null;
}

/**
 * A request the simulated provider refuses. The pipeline answers it in the provider's own
 * error shape and status, exactly like a validation error from the real API.
 */
export class SimRequestError extends Error {
  readonly status: number;
  /** `param` and `code` for the OpenAI error shape; the other providers' shapes have no place for them. */
  readonly detail?: ErrorDetail;

  constructor(status: number, message: string, detail?: ErrorDetail) {
    super(message);
    this.name = 'SimRequestError';
    this.status = status;
    this.detail = detail;
  }
}
