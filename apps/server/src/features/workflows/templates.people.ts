// The people playbooks: legal hold, offboarding, and refreshing an assignee's device.
import { JAMF, SERVICENOW, SLACK, changed, type WorkflowTemplate } from './templates.params.js';

export const PEOPLE_TEMPLATES: readonly WorkflowTemplate[] = [
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
