import { isRecord } from '../json.js';

/**
 * The vendor's error code from the error envelopes in vendor-apis.md: Jamf `errors[].code`, Graph
 * `error.code`, Okta `errorCode`, CrowdStrike `errors[].code`, OAuth `error`, Google `error.errors[].reason`,
 * Mimecast `fail[].errors[].code`.
 */
export function vendorErrorCode(body: unknown): string | undefined {
  if (!isRecord(body)) return undefined;
  const first = (v: unknown): unknown => (Array.isArray(v) ? v[0] : undefined);
  const str = (v: unknown): string | undefined =>
    typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined;

  if (str(body.errorCode)) return str(body.errorCode);
  const err = body.error;
  if (isRecord(err)) {
    const reason = first(err.errors);
    if (isRecord(reason) && str(reason.reason)) return str(reason.reason);
    if (str(err.code)) return str(err.code);
  }
  if (str(err)) return str(err);
  const listed = first(body.errors);
  if (isRecord(listed)) return str(listed.code);
  const failed = first(body.fail);
  if (isRecord(failed)) {
    const e = first(failed.errors);
    if (isRecord(e)) return str(e.code);
  }
  return undefined;
}
