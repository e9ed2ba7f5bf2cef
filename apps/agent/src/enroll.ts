import os from 'node:os';
import {
  AGENT_PATHS,
  PROTOCOL_VERSION,
  enrollRequestSchema,
  enrollResponseSchema,
  rotateResponseSchema,
  type EnrollResponse,
} from '@steward/protocol';
import { AGENT_VERSION } from './version.js';
import { httpErrorFrom, serverUrl, type FetchLike } from './http.js';

export interface EnrollOptions {
  server: string;
  secret: string;
  hostname?: string;
  platform?: string;
  fetch?: FetchLike;
}

/** Exchange the tenant's enrolment secret for this device's own id and credential. */
export async function enroll(options: EnrollOptions): Promise<EnrollResponse> {
  const body = enrollRequestSchema.parse({
    secret: options.secret,
    hostname: options.hostname ?? os.hostname(),
    platform: options.platform ?? process.platform,
    agentVersion: AGENT_VERSION,
  });
  const doFetch = options.fetch ?? fetch;
  const response = await doFetch(serverUrl(options.server, AGENT_PATHS.enroll), {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  if (!response.ok) throw await httpErrorFrom(response, 'enrolment');
  const enrolled = enrollResponseSchema.parse(await response.json());
  if (enrolled.protocol !== PROTOCOL_VERSION)
    throw new Error(
      `the server speaks agent protocol ${enrolled.protocol}; this agent speaks ${PROTOCOL_VERSION}`,
    );
  return enrolled;
}

/** Ask for a new credential; the old one stops working once the server answers. */
export async function rotateCredential(
  server: string,
  credential: string,
  fetchImpl: FetchLike = fetch,
): Promise<string> {
  const response = await fetchImpl(serverUrl(server, AGENT_PATHS.rotate), {
    method: 'POST',
    headers: { authorization: `Bearer ${credential}`, accept: 'application/json' },
    signal: AbortSignal.timeout(30_000),
  });
  if (!response.ok) throw await httpErrorFrom(response, 'credential rotation');
  return rotateResponseSchema.parse(await response.json()).credential;
}
