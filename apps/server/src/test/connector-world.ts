// The connectors feature's test world (a real Steward, a tenant, a Jamf Pro simulator), for other
// features' tests that need a synced fleet and connector instances.
export * from '../features/connectors/connectors.fixture.js';
