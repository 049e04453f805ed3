import { BskError, isBskError } from '../../../kernel/errors';

/**
 * The services name what they cannot find by its id; on a route where the client sent that id
 * as `parameter` (in the path or the query), the 404 names it (an error naming a field keeps its own).
 */
export async function blameParameter<T>(parameter: string, work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (!isBskError(error) || error.status !== 404 || error.details.param !== undefined) throw error;
    throw new BskError(error.code, error.status, error.message, { ...error.details, param: parameter }, { cause: error.cause });
  }
}
