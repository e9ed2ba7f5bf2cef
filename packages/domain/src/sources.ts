import { z } from 'zod';
import { ATTRIBUTE_GROUPS, type AttributeGroup } from './attributes.js';

/** What kind of system a source is: precedence and staleness defaults follow from it. */
export const SOURCE_TYPES = [
  'mdm',
  'edr',
  'directory',
  'hr',
  'purchasing',
  'agent',
  'manual',
  'import',
  'api',
] as const;
export const sourceTypeSchema = z.enum(SOURCE_TYPES);
export type SourceType = z.infer<typeof sourceTypeSchema>;

/** Groups precedence is set for: the asset attribute groups, people's attributes, and custom fields. */
export const PRECEDENCE_GROUPS = [...ATTRIBUTE_GROUPS, 'person', 'custom'] as const;
export type PrecedenceGroup = AttributeGroup | 'person' | 'custom';

/**
 * One precedence list per group, highest first. An entry is a source type (`mdm`) or one source by its key
 * (`source:jamf-eu`); a source matching no entry ranks after every listed one.
 */
export type Precedence = Record<PrecedenceGroup, string[]>;

/**
 * Defaults: purchasing knows the money, the MDM the hardware and OS, the EDR security, HR and the
 * directory people. An admin's own edit (manual) wins where a person knows better than a system (names,
 * tags, money, people), but not for what devices report about themselves (hardware, OS) or live posture
 * (security, management), where a hand-typed value would hide what the tools see.
 */
export const DEFAULT_PRECEDENCE: Precedence = {
  identity: ['manual', 'mdm', 'agent', 'edr', 'purchasing', 'import', 'api'],
  hardware: ['mdm', 'agent', 'manual', 'edr', 'purchasing', 'import', 'api'],
  os: ['mdm', 'agent', 'edr', 'manual', 'import', 'api'],
  security: ['edr', 'mdm', 'agent', 'api', 'import', 'manual'],
  management: ['mdm', 'agent', 'edr', 'api', 'import', 'manual'],
  financial: ['manual', 'purchasing', 'import', 'mdm', 'api'],
  assignment: ['manual', 'directory', 'hr', 'mdm', 'api'],
  lifecycle: ['manual', 'purchasing', 'mdm', 'api'],
  person: ['manual', 'hr', 'directory', 'import', 'api'],
  custom: ['manual', 'import', 'api', 'mdm', 'agent', 'edr', 'purchasing', 'directory', 'hr'],
};

/**
 * Days without a sighting after which a source yields to the next one in precedence. null: never stale
 * (an order, an import or an admin's edit does not age).
 */
export const DEFAULT_STALE_AFTER_DAYS: Record<SourceType, number | null> = {
  mdm: 30,
  edr: 14,
  agent: 14,
  directory: 30,
  hr: 90,
  api: 30,
  purchasing: null,
  manual: null,
  import: null,
};

export const precedenceEntrySchema = z
  .string()
  .regex(/^(mdm|edr|directory|hr|purchasing|agent|manual|import|api|source:[a-z0-9][a-z0-9._-]{0,63})$/, {
    message: 'a source type or source:<key>',
  });

export const precedenceSchema = z.strictObject(
  Object.fromEntries(
    PRECEDENCE_GROUPS.map((g) => [g, z.array(precedenceEntrySchema).max(50).optional()]),
  ) as Record<PrecedenceGroup, z.ZodOptional<z.ZodArray<typeof precedenceEntrySchema>>>,
);

/** A tenant's partial settings over the defaults. */
export function effectivePrecedence(overrides: Partial<Precedence> = {}): Precedence {
  const out = { ...DEFAULT_PRECEDENCE };
  for (const g of PRECEDENCE_GROUPS) if (overrides[g]) out[g] = overrides[g]!;
  return out;
}
