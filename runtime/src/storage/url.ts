/**
 * Connection URLs as they may be shown: the password of `scheme://user:password@host` is
 * replaced by `***`, so a URL can appear in a message or a log line without its secret.
 * Works for multi-host MongoDB URLs, which `new URL()` cannot parse.
 */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)([^@/?#]*?):([^@/?#]*)@/i, '$1$2:***@');
}
