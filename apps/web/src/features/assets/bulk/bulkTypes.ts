export type BulkActionKind = 'transition' | 'assign' | 'tag' | 'legal-hold';

/** What a bulk form hands over: a label for the report and the call to make for each asset. */
export type StartBulk = (label: string, action: (id: string) => Promise<unknown>) => void;

export const BULK_TITLES: Record<BulkActionKind, string> = {
  transition: 'Change lifecycle state',
  assign: 'Assign to a person',
  tag: 'Add a tag',
  'legal-hold': 'Legal hold',
};
