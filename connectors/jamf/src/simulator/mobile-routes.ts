import type { SimRoute } from '@steward/sdk/simulator';
import { ALL_MOBILE_SECTIONS, displayNameOf, mobileDetailRecord, mobileListRecord } from './mobile-record.js';
import { filterTerms, pageOf, pageResponse, sectionsOf, sortIds, type SortKeys } from './query.js';
import type { JamfState, MobileEntry } from './state.js';

const LIST_SORT: SortKeys<MobileEntry> = {
  id: (e) => Number(e.id),
  name: (e) => displayNameOf(e.device),
  serialNumber: (e) => e.device.serialNumber,
};
const DETAIL_SORT: SortKeys<MobileEntry> = {
  mobileDeviceId: (e) => Number(e.id),
  displayName: (e) => displayNameOf(e.device),
  serialNumber: (e) => e.device.serialNumber,
};

export function mobileRoutes(state: JamfState): SimRoute[] {
  const lookup = (id: string) => state.mobileDevices.get(id) as MobileEntry;
  const cache = (key: string, cmp: (a: string, b: string) => number) =>
    state.sorted(`mobile ${key}`, state.mobileIds, cmp);
  const bySerial = (ids: readonly string[], query: URLSearchParams, field: string): readonly string[] => {
    const serial = filterTerms(query, [field]).get(field);
    return serial === undefined ? ids : ids.filter((id) => lookup(id).device.serialNumber === serial);
  };
  return [
    {
      method: 'GET',
      path: '/api/v2/mobile-devices',
      handle: (req) => {
        const { page, size } = pageOf(req.query);
        const sorted = sortIds({
          query: req.query,
          fallback: 'id:asc',
          keys: LIST_SORT,
          lookup,
          ids: state.mobileIds,
          cache,
        });
        const ids = bySerial(sorted, req.query, 'serialNumber');
        return {
          status: 200,
          json: pageResponse(ids, page, size, (id) => mobileListRecord(lookup(id), state)),
        };
      },
    },
    {
      method: 'GET',
      path: '/api/v2/mobile-devices/detail',
      handle: (req) => {
        const { page, size } = pageOf(req.query);
        const sections = sectionsOf(req.query, ALL_MOBILE_SECTIONS);
        const sorted = sortIds({
          query: req.query,
          fallback: 'displayName:asc',
          keys: DETAIL_SORT,
          lookup,
          ids: state.mobileIds,
          idField: 'mobileDeviceId',
          cache,
        });
        const ids = bySerial(sorted, req.query, 'serialNumber');
        return {
          status: 200,
          json: pageResponse(ids, page, size, (id) => mobileDetailRecord(lookup(id), sections, state)),
        };
      },
    },
  ];
}
