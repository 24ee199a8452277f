// @ts-check
/** The page's one way to the simulator's API: JSON, and an Error with the API's message when it refuses. */

/**
 * @param {string} url
 * @returns {Promise<any>}
 */
export async function getJson(url) {
  const r = await fetch(url);
  const body = await r.json();
  if (!r.ok || body.status === 'error') throw new Error(body.error === 'invalid_request' ? body.message : (body.error ?? body.message ?? `HTTP ${r.status}`));
  return body;
}
