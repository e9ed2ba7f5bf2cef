/** The areas of Steward, in the order the navigation shows them. */
export interface Area {
  label: string;
  path: string;
  /** What the area will hold, for the placeholder of an area not built yet. */
  description: string;
  ready: boolean;
}

export const AREAS: Area[] = [
  {
    label: 'Dashboard',
    path: '/',
    description: 'Security, compliance, end-of-life and refresh, and spend at a glance, across every source.',
    ready: true,
  },
  {
    label: 'Assets',
    path: '/assets',
    description:
      'Every device, application, seat and cloud resource as one record, with per-field provenance and history.',
    ready: true,
  },
  {
    label: 'People',
    path: '/people',
    description: 'Everyone who holds technology, what is assigned to them, and what they have acknowledged.',
    ready: true,
  },
  {
    label: 'Purchasing',
    path: '/purchasing',
    description:
      'Orders posted by resellers, what has arrived, and receiving at the dock by scanning serials.',
    ready: true,
  },
  {
    label: 'Attestation',
    path: '/attestation',
    description: 'Campaigns asking people to confirm the assets assigned to them, and what they dispute.',
    ready: true,
  },
  {
    label: 'Review',
    path: '/review',
    description: 'Records that matched more than one asset or person, waiting for an admin to decide.',
    ready: true,
  },
  {
    label: 'Connectors',
    path: '/connectors',
    description:
      'The systems Steward syncs with (Jamf, Intune, Okta, CrowdStrike…), their credentials and sync status.',
    ready: true,
  },
  {
    label: 'Workflows',
    path: '/workflows',
    description:
      'Automations triggered by changes, schedules, webhooks or people, with their runs and approvals.',
    ready: true,
  },
  {
    label: 'Approvals',
    path: '/approvals',
    description: 'Decisions workflow runs are waiting for: approve or reject, with a comment.',
    ready: true,
  },
  {
    label: 'Agents',
    path: '/agents',
    description: 'Endpoint agents that are connected live, their inventory and the tasks queued for them.',
    ready: true,
  },
  {
    label: 'Policies',
    path: '/policies',
    description:
      'Compliance rules (encryption, EDR, OS currency, vulnerable software) and the remediation they trigger.',
    ready: false,
  },
  {
    label: 'Audit',
    path: '/audit',
    description: 'Every change: who, what, when, before and after.',
    ready: true,
  },
  {
    label: 'Settings',
    path: '/settings',
    description: 'Users, roles, API tokens, custom fields and the audit log.',
    ready: true,
  },
];

export function testIdOf(area: Area): string {
  return `nav-${area.label.toLowerCase()}`;
}
