// The lifecycle playbooks Steward ships, as workflow definitions with a few parameters (which instance is
// "the" Jamf, the security channel…) filled in when an admin creates a workflow from one. The context a
// run sees: `subject` (the entity after the change), `before`, `diff`, `input`, `vars` and `steps`.

export interface TemplateParameter {
  name: string;
  label: string;
  /** The connector whose instance names the parameter, for a picker. */
  connectorId?: string;
  default?: string;
}

export interface WorkflowTemplate {
  id: string;
  name: string;
  description: string;
  parameters: TemplateParameter[];
  /** A definition whose strings may hold `%{parameter}`. */
  definition: Record<string, unknown>;
}

const JAMF: TemplateParameter = { name: 'jamf', label: 'Jamf Pro instance', connectorId: 'jamf-pro' };
const SLACK: TemplateParameter = { name: 'slack', label: 'Slack channel (webhook)', connectorId: 'slack' };
const SERVICENOW: TemplateParameter = {
  name: 'servicenow',
  label: 'ServiceNow instance',
  connectorId: 'servicenow',
};

const MAIL: TemplateParameter = {
  name: 'mail',
  label: 'Email (SMTP) instance that sends approval requests',
  connectorId: 'smtp',
};

const changed = (field: string) => `after.${field} != before.${field}`;

export const WORKFLOW_TEMPLATES: readonly WorkflowTemplate[] = [
  {
    id: 'assignment-sync',
    name: 'Assignment sync',
    description: 'Assigning a device in Steward updates its user and location in Jamf Pro.',
    parameters: [JAMF],
    definition: {
      name: 'Assignment sync',
      trigger: {
        type: 'entity_changed',
        kind: 'asset',
        // `!= null`, not `$exists`: an unassigned asset's assignedPersonId is null, which $exists accepts.
        filter: `after.assignedPersonId != null and ${changed('assignedPersonId')}`,
      },
      start: 'jamf',
      steps: [
        {
          id: 'jamf',
          type: 'connector_action',
          instance: '%{jamf}',
          action: 'setUserAndLocation',
          entity: 'subject.id',
          // Jamf's user name is the directory short name (the e-mail's local part), as Jamf records it.
          input: {
            username: "subject.assignee.email ? $substringBefore(subject.assignee.email, '@')",
            realname: 'subject.assignee.name',
            email: 'subject.assignee.email ? subject.assignee.email',
          },
        },
      ],
    },
  },
  {
    id: 'purchasing-push',
    name: 'Purchasing push',
    description:
      'When a device from a reseller order first appears in Jamf Pro, its PO, vendor, price and warranty are written to Jamf’s purchasing section.',
    parameters: [JAMF],
    definition: {
      name: 'Purchasing push',
      trigger: {
        type: 'entity_changed',
        kind: 'asset',
        filter: "after.poNumber != null and after.mdmName = 'Jamf Pro' and before.mdmName != 'Jamf Pro'",
      },
      start: 'push',
      steps: [
        {
          id: 'push',
          type: 'connector_action',
          instance: '%{jamf}',
          action: 'pushPurchasing',
          entity: 'subject.id',
          // `x ? x` leaves out what Steward does not know (null), which Jamf would refuse, and keeps its value.
          input: {
            purchased: 'true',
            poNumber: 'subject.poNumber',
            vendor: 'subject.vendor ? subject.vendor',
            purchasePrice: 'subject.purchasePrice != null ? subject.purchasePrice',
            poDate: 'subject.purchaseDate ? subject.purchaseDate',
            warrantyDate: 'subject.warrantyEnd ? subject.warrantyEnd',
          },
        },
      ],
    },
  },
  {
    id: 'compromised-device',
    name: 'Compromised device',
    description:
      'The EDR says compromised while the MDM says active: lock the Mac in Jamf, tell the security channel on Slack and open a ServiceNow incident.',
    parameters: [JAMF, SLACK, SERVICENOW],
    definition: {
      name: 'Compromised device',
      trigger: {
        type: 'entity_changed',
        kind: 'asset',
        filter: 'after.edrHealthy = false and before.edrHealthy != false and after.mdmEnrolled = true',
      },
      start: 'respond',
      steps: [
        { id: 'respond', type: 'parallel', branches: ['lock', 'tell', 'ticket'] },
        {
          id: 'lock',
          type: 'connector_action',
          instance: '%{jamf}',
          action: 'lock',
          entity: 'subject.id',
          whenNotInSource: 'skip',
          input: {
            pin: '$substring($string($millis()), -6)',
            message: '"Locked by IT security. Call the service desk."',
          },
        },
        {
          id: 'tell',
          type: 'notify_slack',
          instance: '%{slack}',
          text: ':rotating_light: {{ subject.name }} ({{ subject.serialNumber }}) is compromised; locking it.',
        },
        {
          id: 'ticket',
          type: 'create_ticket',
          instance: '%{servicenow}',
          shortDescription: 'Compromised device {{ subject.name }}',
          description:
            'EDR reports the device unhealthy while it is managed. Serial {{ subject.serialNumber }}.',
          urgency: 1,
        },
      ],
    },
  },
  {
    id: 'lost-or-stolen',
    name: 'Lost or stolen',
    description:
      'A device set to lost or stolen: the assignee’s manager approves (by e-mail or in Steward), then it is wiped through its MDM.',
    parameters: [JAMF, MAIL],
    definition: {
      name: 'Lost or stolen',
      trigger: {
        type: 'entity_changed',
        kind: 'asset',
        filter:
          "after.lifecycleState in ['lost', 'stolen'] and $not(before.lifecycleState in ['lost', 'stolen'])",
      },
      start: 'managed',
      steps: [
        // Only a device Jamf manages can be wiped through it: nobody is asked to approve what cannot happen.
        { id: 'managed', type: 'condition', if: "subject.mdmName = 'Jamf Pro'", then: 'approve', else: null },
        {
          id: 'approve',
          type: 'approval',
          title: 'Wipe {{ subject.name }}, reported {{ subject.lifecycleState }}?',
          levels: [{ assignee: { type: 'manager', of: 'subject.assignedPersonId' }, timeout: 'P2D' }],
          onTimeout: 'escalate',
          // The manager is told, with signed approve and reject links: an unseen request would wait in vain.
          notify: { instance: '%{mail}' },
          approved: 'wipe',
        },
        {
          id: 'wipe',
          type: 'connector_action',
          instance: '%{jamf}',
          action: 'erase',
          entity: 'subject.id',
          input: { pin: '$substring($string($millis()), -6)' },
        },
      ],
    },
  },
  {
    id: 'disposal',
    name: 'Disposal',
    description:
      'A device disposed of or recycled is deleted from Jamf Pro — refused while it is on legal hold.',
    parameters: [JAMF],
    definition: {
      name: 'Disposal',
      trigger: {
        type: 'entity_changed',
        kind: 'asset',
        filter: `after.lifecycleState = 'disposed' and ${changed('lifecycleState')}`,
      },
      start: 'hold',
      steps: [
        { id: 'hold', type: 'condition', if: 'subject.legalHold = true', then: null, else: 'delete' },
        {
          id: 'delete',
          type: 'connector_action',
          instance: '%{jamf}',
          action: 'deleteComputer',
          entity: 'subject.id',
          // A device Jamf never managed has no record there to delete.
          whenNotInSource: 'skip',
        },
      ],
    },
  },
  {
    id: 'legal-hold',
    name: 'Legal hold',
    description:
      'A person placed on legal hold: all their assets get legal hold, their Macs the "Do Not Delete" extension attribute in Jamf Pro (and, if asked, a lock), and IT is told.',
    parameters: [
      JAMF,
      SLACK,
      { name: 'doNotDeleteAttribute', label: 'Jamf "Do Not Delete" extension attribute id', default: '1' },
      { name: 'lock', label: 'Also lock their Macs (yes or no)', default: 'no' },
    ],
    definition: {
      name: 'Legal hold',
      trigger: {
        type: 'entity_changed',
        kind: 'person',
        filter: 'after.legalHold = true and before.legalHold != true',
      },
      start: 'each',
      steps: [
        {
          id: 'each',
          type: 'for_each',
          items: 'subject.assets',
          as: 'asset',
          body: 'hold',
          concurrency: 5,
          next: 'tell',
        },
        {
          id: 'hold',
          type: 'update_entity',
          entity: 'asset.id',
          attributes: { legalHold: 'true' },
          next: 'inJamf',
        },
        // An accessory or a phone Jamf does not manage has no record there to mark.
        { id: 'inJamf', type: 'condition', if: "asset.mdmName = 'Jamf Pro'", then: 'mark', else: null },
        {
          id: 'mark',
          type: 'connector_action',
          instance: '%{jamf}',
          action: 'setExtensionAttribute',
          entity: 'asset.id',
          // The attribute is a flag: "true" keeps the record out of Jamf's clean-up policies.
          input: { definitionId: '"%{doNotDeleteAttribute}"', values: '["true"]' },
          next: 'lockAsked',
        },
        { id: 'lockAsked', type: 'condition', if: '"%{lock}" = "yes"', then: 'lock', else: null },
        {
          id: 'lock',
          type: 'connector_action',
          instance: '%{jamf}',
          action: 'lock',
          entity: 'asset.id',
          input: {
            pin: '$substring($string($millis()), -6)',
            message: '"This Mac is held for a legal matter. Call the service desk."',
          },
        },
        {
          id: 'tell',
          type: 'notify_slack',
          instance: '%{slack}',
          text: 'Legal hold placed on {{ subject.name }}: {{ $count(subject.assets) }} assets held.',
        },
      ],
    },
  },
  {
    id: 'offboarding',
    name: 'Offboarding',
    description:
      'A person terminated in HR: suspend in Okta and Google Workspace, create device-return tickets, and deactivate in Okta 30 days later.',
    parameters: [
      { name: 'okta', label: 'Okta instance', connectorId: 'okta' },
      { name: 'google', label: 'Google Workspace instance', connectorId: 'google-workspace' },
      SERVICENOW,
    ],
    definition: {
      name: 'Offboarding',
      trigger: {
        type: 'entity_changed',
        kind: 'person',
        filter: `after.status = 'terminated' and ${changed('status')}`,
      },
      start: 'suspend',
      steps: [
        { id: 'suspend', type: 'parallel', branches: ['okta', 'google'], next: 'returns' },
        {
          id: 'okta',
          type: 'connector_action',
          instance: '%{okta}',
          action: 'suspend',
          entity: 'subject.id',
        },
        {
          id: 'google',
          type: 'connector_action',
          instance: '%{google}',
          action: 'suspend',
          entity: 'subject.id',
        },
        {
          id: 'returns',
          type: 'for_each',
          items: 'subject.assets',
          as: 'asset',
          body: 'ticket',
          next: 'later',
        },
        {
          id: 'ticket',
          type: 'create_ticket',
          instance: '%{servicenow}',
          shortDescription: 'Collect {{ asset.name }} from {{ subject.name }}',
          urgency: 3,
        },
        { id: 'later', type: 'wait', for: 'P30D', next: 'deactivate' },
        {
          id: 'deactivate',
          type: 'connector_action',
          instance: '%{okta}',
          action: 'deactivate',
          entity: 'subject.id',
        },
      ],
    },
  },
  {
    id: 'refresh',
    name: 'Refresh',
    description: '60 days before a device’s warranty ends, tell its assignee and IT.',
    parameters: [SLACK],
    definition: {
      name: 'Refresh',
      trigger: { type: 'date_approaching', kind: 'asset', attribute: 'warrantyEnd', daysBefore: 60 },
      start: 'assigned',
      steps: [
        // A device in stock has nobody to e-mail; IT still hears of it.
        {
          id: 'assigned',
          type: 'condition',
          if: 'subject.assignee.email != null',
          then: 'assignee',
          else: 'it',
        },
        {
          id: 'assignee',
          type: 'notify_email',
          to: 'subject.assignee.email',
          subject: 'Your {{ subject.model }} is due for a refresh',
          body: 'Its warranty ends on {{ subject.warrantyEnd }}. IT will contact you about a replacement.',
          next: 'it',
        },
        {
          id: 'it',
          type: 'notify_slack',
          instance: '%{slack}',
          text: '{{ subject.name }} warranty ends {{ subject.warrantyEnd }}: plan a refresh.',
        },
      ],
    },
  },
];

const PARAM = /%\{([a-zA-Z][a-zA-Z0-9_]*)\}/g;

/** The template's definition with every `%{parameter}` replaced; a missing value is named. */
export function fillTemplate(
  template: WorkflowTemplate,
  values: Readonly<Record<string, string>>,
): { definition: unknown; missing: string[] } {
  const missing = new Set<string>();
  const known = new Map(template.parameters.map((p) => [p.name, values[p.name] ?? p.default]));
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string')
      return v.replace(PARAM, (whole, name: string) => {
        const value = known.get(name);
        if (value === undefined) {
          missing.add(name);
          return whole;
        }
        return value;
      });
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object')
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return { definition: walk(template.definition), missing: [...missing] };
}
