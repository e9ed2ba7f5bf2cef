import {
  SimHttpError,
  intParam,
  jsonBody,
  type SimHandler,
  type SimRequest,
  type SimResponse,
  type SimRoute,
} from '@steward/sdk/simulator';
import { serviceNowErrors, snError } from './errors.js';
import { INCIDENT_FIELDS, insertable, renderIncident, type IncidentTable } from './incidents.js';
import { parseEncodedQuery, runQuery } from './query.js';

/** How a created incident's answer is lost: the connection drops, or a gateway answers 502 instead. */
export type LostAnswer = 'drop_connection' | 'server_error';

/** What the integration user may do: `itil` reads and inserts, `read_only` only reads, `none` neither. */
export type Access = 'itil' | 'read_only' | 'none';

export interface ServiceNowSimulatorState {
  incidents: IncidentTable;
  access: Access;
  /**
   * Inserts whose answer never reaches the client, one entry per POST, in order. Unlike the kit's
   * drop_connection fault (which drops before the request is handled), the incident IS created.
   */
  loseAnswers: LostAnswer[];
  /** Numbers of the incidents whose answer was lost, in order. */
  lostAnswers: string[];
  /** Fields whose query terms the instance ignores, as it does for a field it does not know. */
  unqueryable: Set<string>;
}

const PATH = '/api/now/table/incident';
const DEFAULT_LIMIT = 10_000;

const originOf = (req: SimRequest) => `http://${req.headers.host ?? '127.0.0.1'}`;

const fieldsOf = (req: SimRequest): string[] | undefined => {
  const raw = req.query.get('sysparm_fields');
  return raw ? raw.split(',').map((f) => f.trim()) : undefined;
};

function requireAccess(state: ServiceNowSimulatorState, write: boolean): void {
  if (state.access === 'none' || (write && state.access === 'read_only')) {
    const detail = write
      ? 'ACL Exception Insert Failed due to security constraints'
      : 'Insufficient rights to query records of table incident';
    throw new SimHttpError(snError(403, 'Operation Failed', detail));
  }
}

/** `<…>;rel="first",<…>;rel="prev",<…>;rel="next",<…>;rel="last"`, each keeping the query's other parameters. */
function linkHeader(req: SimRequest, limit: number, offset: number, total: number): string {
  const at = (o: number) => {
    const q = new URLSearchParams(req.query);
    q.set('sysparm_limit', String(limit));
    q.set('sysparm_offset', String(o));
    return `${originOf(req)}${PATH}?${q.toString()}`;
  };
  const last = total === 0 ? 0 : Math.floor((total - 1) / limit) * limit;
  const links = [`<${at(0)}>;rel="first"`];
  if (offset > 0) links.push(`<${at(Math.max(0, offset - limit))}>;rel="prev"`);
  if (offset + limit < total) links.push(`<${at(offset + limit)}>;rel="next"`);
  links.push(`<${at(last)}>;rel="last"`);
  return links.join(',');
}

function list(state: ServiceNowSimulatorState): SimHandler {
  return (req) => {
    requireAccess(state, false);
    const limit = intParam(req.query, 'sysparm_limit', DEFAULT_LIMIT, { min: 1, max: DEFAULT_LIMIT });
    const offset = intParam(req.query, 'sysparm_offset', 0, { min: 0 });
    if (limit === undefined || offset === undefined)
      throw new SimHttpError(
        snError(400, 'Invalid request', 'sysparm_limit and sysparm_offset are integers'),
      );
    const query = parseEncodedQuery(req.query.get('sysparm_query'));
    const known = new Set([...INCIDENT_FIELDS].filter((f) => !state.unqueryable.has(f)));
    const rows = runQuery(state.incidents.rows, query, known);
    const fields = fieldsOf(req);
    return {
      status: 200,
      headers: { link: linkHeader(req, limit, offset, rows.length), 'x-total-count': String(rows.length) },
      json: {
        result: rows.slice(offset, offset + limit).map((r) => renderIncident(r, originOf(req), fields)),
      },
    };
  };
}

function getOne(state: ServiceNowSimulatorState): SimHandler {
  return (req) => {
    requireAccess(state, false);
    const record = state.incidents.find(req.params.sys_id ?? '');
    if (!record)
      throw new SimHttpError(
        snError(404, 'No Record found', "Record doesn't exist or ACL restricts the record retrieval"),
      );
    return { status: 200, json: { result: renderIncident(record, originOf(req), fieldsOf(req)) } };
  };
}

function create(state: ServiceNowSimulatorState): SimHandler {
  return (req) => {
    requireAccess(state, true);
    const record = state.incidents.insert(insertable(jsonBody(req, serviceNowErrors)));
    const lost = state.loseAnswers.shift();
    if (lost) state.lostAnswers.push(record.number);
    if (lost === 'server_error') return serviceNowErrors.serverError(502, req);
    const answer: SimResponse = {
      status: 201,
      headers: { location: `${originOf(req)}${PATH}/${record.sys_id}` },
      json: { result: renderIncident(record, originOf(req), fieldsOf(req)) },
    };
    return lost === 'drop_connection' ? truncated(answer) : answer;
  };
}

/**
 * The kit cannot drop a connection after a handler ran, so the answer announces more body than it sends
 * and closes the connection: the client reads a cut-off response, a network error, as on a real drop.
 */
function truncated(answer: SimResponse): SimResponse {
  const length = Buffer.byteLength(JSON.stringify(answer.json));
  return {
    ...answer,
    headers: { ...answer.headers, 'content-length': String(length + 64), connection: 'close' },
  };
}

export function serviceNowRoutes(state: ServiceNowSimulatorState): SimRoute[] {
  return [
    { method: 'GET', path: PATH, handle: list(state) },
    { method: 'POST', path: PATH, handle: create(state) },
    { method: 'GET', path: `${PATH}/:sys_id`, handle: getOne(state) },
  ];
}
