/**
 * One error catalogue for the whole product. Each area declares its codes with
 * `defineErrors`, which registers them here so the catalogue can be listed (and
 * checked against the README) in one place.
 */

export interface ErrorSpec {
  /** HTTP status a wire front-end should answer with when this error reaches a client. */
  readonly status: number;
  /** Message template; `{name}` placeholders are filled from the error's details. */
  readonly message: string;
  /**
   * `false` when sending the same request again soon cannot succeed though its status says it
   * might (a spend limit that resets at the end of the day or month, a provider the gateway
   * has no key for): clients are told so in `x-should-retry: false`, since the official SDKs
   * otherwise retry every 408, 409, 429 and 5xx, waiting as long as `retry-after` says.
   */
  readonly retryable?: false;
}

export interface BskErrorOptions {
  readonly cause?: unknown;
}

export class BskError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: string, status: number, message: string, details: Record<string, unknown> = {}, options: BskErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'BskError';
    this.code = code;
    this.status = status;
    this.details = details;
  }
}

const catalogue = new Map<string, ErrorSpec>();

/** Every code registered so far, with its spec. */
export function listErrorCodes(): ReadonlyMap<string, ErrorSpec> {
  return catalogue;
}

/** Whether the error's catalogue entry says a client's retry of the same request cannot succeed. */
export function isUnretryable(error: BskError): boolean {
  return catalogue.get(error.code)?.retryable === false;
}

/**
 * The most of one detail a message quotes. Details often come from the client (a model id, a
 * parameter value), and a client that sends 100 KB as its model id should not get it back
 * inside its error; `details` keeps the whole value for the log.
 */
const MAX_QUOTED_CHARS = 1_000;

function quoted(value: unknown): string {
  const text = String(value);
  return text.length > MAX_QUOTED_CHARS ? `${text.slice(0, MAX_QUOTED_CHARS)}… (${text.length - MAX_QUOTED_CHARS} more characters)` : text;
}

function formatMessage(template: string, details: Record<string, unknown>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) =>
    key in details ? quoted(details[key]) : whole,
  );
}

export interface ErrorFactory<Code extends string> {
  create(code: Code, details?: Record<string, unknown>, options?: BskErrorOptions): BskError;
  is(error: unknown, code?: Code): error is BskError;
}

export function defineErrors<const Specs extends Record<string, ErrorSpec>>(specs: Specs): ErrorFactory<Extract<keyof Specs, string>> {
  for (const [code, spec] of Object.entries(specs)) {
    if (!/^BSK_[A-Z0-9]+_[A-Z0-9_]+$/.test(code)) throw new Error(`Error code ${code} does not follow BSK_<AREA>_<WHAT>`);
    const existing = catalogue.get(code);
    if (existing && existing !== spec) throw new Error(`Error code ${code} is defined twice`);
    catalogue.set(code, spec);
  }
  return {
    create(code, details = {}, options = {}) {
      const spec = specs[code]!;
      return new BskError(code, spec.status, formatMessage(spec.message, details), details, options);
    },
    is(error, code): error is BskError {
      return error instanceof BskError && (code === undefined ? error.code in specs : error.code === code);
    },
  };
}

export function isBskError(error: unknown): error is BskError {
  return error instanceof BskError;
}
