export const AGENTS_PATH = '/agents';
export const assetPagePath = (assetId: string) => `/assets/${encodeURIComponent(assetId)}`;
