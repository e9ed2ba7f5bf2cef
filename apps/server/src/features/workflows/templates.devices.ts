// The device playbooks: what happens in Jamf, Slack and ServiceNow when a device changes in Steward.
import { JAMF, MAIL, SERVICENOW, SLACK, changed, type WorkflowTemplate } from './templates.params.js';

export const DEVICE_TEMPLATES: readonly WorkflowTemplate[] = [
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
];
