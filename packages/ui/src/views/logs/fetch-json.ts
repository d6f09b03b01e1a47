import { ApiError } from '../../api/client.js';
import { apiErrorMessage } from '../../model/api-error.js';

/** GET a native API's JSON; its own error words on failure (as the api client's getJson). */
export async function fetchJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { signal, headers: { accept: 'application/json' } });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError(`cannot reach the backend: ${(error as Error).message}`);
  }
  const text = await response.text();
  if (!response.ok) throw new ApiError(apiErrorMessage(response.status, response.statusText, text));
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new ApiError(`${path} answered something that is not JSON: ${text.slice(0, 200)}`);
  }
}
