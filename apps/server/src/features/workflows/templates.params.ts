// What templates are made of: their parameters (which instance is "the" Jamf…) and shared filter pieces.

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

export const JAMF: TemplateParameter = { name: 'jamf', label: 'Jamf Pro instance', connectorId: 'jamf-pro' };
export const SLACK: TemplateParameter = {
  name: 'slack',
  label: 'Slack channel (webhook)',
  connectorId: 'slack',
};
export const SERVICENOW: TemplateParameter = {
  name: 'servicenow',
  label: 'ServiceNow instance',
  connectorId: 'servicenow',
};

export const MAIL: TemplateParameter = {
  name: 'mail',
  label: 'Email (SMTP) instance that sends approval requests',
  connectorId: 'smtp',
};

export const changed = (field: string) => `after.${field} != before.${field}`;
