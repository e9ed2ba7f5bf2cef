// Definitions the tests share: the lost-or-stolen playbook from the issue, in the shape a user writes.
export const lostOrStolen = {
  name: 'Lost or stolen',
  description: 'The manager approves, then the device is wiped through its MDM.',
  trigger: {
    type: 'entity_changed',
    kind: 'asset',
    filter: "after.lifecycleState = 'lost' and before.lifecycleState != 'lost'",
  },
  start: 'approve',
  steps: [
    {
      id: 'approve',
      type: 'approval',
      title: 'Wipe {{ subject.name }}?',
      levels: [{ assignee: { type: 'manager' }, timeout: 'P2D' }],
      onTimeout: 'escalate',
      approved: 'wipe',
      rejected: 'tell',
    },
    {
      id: 'wipe',
      type: 'connector_action',
      instance: 'Jamf EU',
      action: 'erase',
      input: { pin: '"123456"' },
      entity: 'subject.id',
      next: 'tell',
    },
    {
      id: 'tell',
      type: 'notify_slack',
      instance: 'Security alerts',
      text: '{{ subject.name }} reported lost',
    },
  ],
};
