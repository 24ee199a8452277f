/**
 * Keeping secrets off stderr and stdout: what lunar-sim prints about a remote-write receiver (its URL, its refusals,
 * network errors) passes through here. A receiver may echo the request back in its error body — the bearer token,
 * basic credentials, a tenant header — and a URL may carry a key in its query string (`?api_key=…`): each of those
 * values is replaced by `<redacted>` wherever it appears.
 */

export const REDACTED = '<redacted>';

/** Query parameter names that hold credentials (`api_key`, `access_token`, `X-Amz-Signature`, `password`…). */
const SECRET_PARAMETER = /key|token|secret|passw|pwd|auth|sig|credential|session|code/i;

/** Values shorter than this are not scrubbed from free text: replacing every "a" would garble the message. */
const MIN_SECRET_CHARS = 4;

/** `url` with the values of its credential-like query parameters replaced. */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  let changed = false;
  for (const name of [...new Set(parsed.searchParams.keys())]) {
    if (!SECRET_PARAMETER.test(name)) continue;
    parsed.searchParams.set(name, REDACTED);
    changed = true;
  }
  // URLSearchParams would percent-encode the marker: write it back plainly, as people read it.
  return changed ? parsed.href.replaceAll(encodeURIComponent(REDACTED), REDACTED) : url;
}

/**
 * The secret values a request to `url` with `headers` carries: every header value (auth, tenants), the parts of an
 * `Authorization` value (the token alone; basic auth's decoded `user:password` and password), and the values of
 * credential-like query parameters. Longest first, so that a value is replaced whole before any part of it.
 */
export function secretsOf(url: string, headers: Readonly<Record<string, string>>): string[] {
  const found = new Set<string>();
  for (const [name, value] of Object.entries(headers)) {
    found.add(value);
    if (name.toLowerCase() !== 'authorization') continue;
    const [scheme, credentials = ''] = value.split(/\s+(.*)/s);
    found.add(credentials);
    if (scheme.toLowerCase() === 'basic') {
      const decoded = Buffer.from(credentials, 'base64').toString('utf8');
      found.add(decoded);
      found.add(decoded.slice(decoded.indexOf(':') + 1));
    }
  }
  try {
    for (const [name, value] of new URL(url).searchParams) {
      if (SECRET_PARAMETER.test(name)) found.add(value).add(encodeURIComponent(value));
    }
  } catch {
    // not a URL: nothing in it to find
  }
  return [...found].filter((s) => s.length >= MIN_SECRET_CHARS).sort((a, b) => b.length - a.length);
}

/** `text` with every one of `secrets` replaced by `<redacted>`. */
export function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) out = out.replaceAll(s, REDACTED);
  return out;
}
