import { ASSET_ATTRIBUTES, ATTRIBUTE_GROUPS } from './attributes.js';
import { CUSTOM_FIELD_TYPES } from './custom-fields.js';
import { ACCESSORY_TYPES, DEVICE_TYPES, ENTITY_KINDS } from './kinds.js';
import { DISPOSAL_METHODS, LIFECYCLE_TRANSITIONS } from './lifecycle.js';

const GROUP_TITLES: Record<(typeof ATTRIBUTE_GROUPS)[number], string> = {
  identity: 'Identity',
  hardware: 'Hardware',
  os: 'Operating system',
  security: 'Security',
  management: 'Management',
  financial: 'Financial',
  assignment: 'Assignment',
  lifecycle: 'Lifecycle',
};

/** The canonical model reference page, generated from the registry so it can never drift from the code. */
export function renderModelReference(): string {
  const lines: string[] = [
    '# Steward canonical model',
    '',
    'Generated from `packages/domain` by `npm run docs:model`; do not edit by hand.',
    '',
    '## Entity kinds',
    '',
    ENTITY_KINDS.map((k) => `\`${k}\``).join(', '),
    '',
    `Device types: ${DEVICE_TYPES.map((t) => `\`${t}\``).join(', ')}.`,
    `Accessory types: ${ACCESSORY_TYPES.map((t) => `\`${t}\``).join(', ')}.`,
    '',
    '## Asset attributes',
    '',
    'Every attribute is a real, indexed column: any of them can be filtered (eq, neq, in, gt, gte, lt, lte, prefix, exists) and sorted on.',
    'Attributes marked *managed* change only through their action (lifecycle transition, assignment, legal hold).',
    '',
  ];
  for (const group of ATTRIBUTE_GROUPS) {
    const attrs = ASSET_ATTRIBUTES.filter((a) => a.group === group);
    if (attrs.length === 0) continue;
    lines.push(
      `### ${GROUP_TITLES[group]}`,
      '',
      '| key | label | type | kinds | notes |',
      '|---|---|---|---|---|',
    );
    for (const a of attrs) {
      const type = a.type === 'enum' ? `enum: ${a.values?.join(', ')}` : a.type;
      const notes = [a.description, a.managed ? '*managed*' : '', a.searchable ? 'free-text searchable' : '']
        .filter(Boolean)
        .join(' ');
      lines.push(`| \`${a.key}\` | ${a.label} | ${type} | ${a.kinds.join(', ')} | ${notes} |`);
    }
    lines.push('');
  }
  lines.push(
    'Assets also carry `tags` (free labels) and `custom` values.',
    '',
    '## People',
    '',
    'Identified by `email`, then `employeeId` (at least one is required). Attributes: `name`, `department`, `title`, `managerId` (a person),',
    '`locationId`, `status` (`active`, `on_leave`, `terminated`), `legalHold` (flag, set by an admin), `startDate`, `endDate`, and custom fields.',
    '',
    '## Locations',
    '',
    '`name` (unique per tenant) and `address`.',
    '',
    '## Purchase orders',
    '',
    'Posted by a reseller: `vendor` + `poNumber` (unique per tenant), `orderedAt`, `expectedAt`, ship-to person/location, and lines',
    '(`lineNumber`, `manufacturer`, `model`, `deviceType`, `quantity`, `unitPrice`, known `serials`). Each unit becomes a device in `ordered`;',
    'receiving matches scanned serials to ordered lines.',
    '',
    '## Software and SaaS',
    '',
    '`software`, `software_installation`, `saas_app` and `saas_seat` are kinds of the model; their records arrive with the connectors that report them.',
    '',
    '## Custom fields',
    '',
    `Tenants define their own fields (key \`cf_…\`) of type ${CUSTOM_FIELD_TYPES.map((t) => `\`${t}\``).join(', ')}; values are validated on every write and can be filtered like canonical attributes.`,
    '',
    '## Lifecycle',
    '',
    '| from | may move to |',
    '|---|---|',
    ...Object.entries(LIFECYCLE_TRANSITIONS).map(
      ([from, to]) => `| \`${from}\` | ${to.length ? to.map((s) => `\`${s}\``).join(', ') : '— (final)'} |`,
    ),
    '',
    `Disposal records its method (${DISPOSAL_METHODS.map((m) => `\`${m}\``).join(', ')}); \`destroyed\` needs a certificate of destruction attached first.`,
    '**Legal hold** is a flag, not a state: while it is set, disposal, wipe and deletion are refused. Every transition records actor, reason and time.',
    '',
  );
  return lines.join('\n');
}
