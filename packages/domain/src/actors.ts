import { z } from 'zod';

/** Who did something: every audit event and every change names one of these. */
export const ACTOR_TYPES = ['user', 'token', 'connector', 'workflow', 'agent', 'person', 'system'] as const;
export const actorTypeSchema = z.enum(ACTOR_TYPES);
export type ActorType = z.infer<typeof actorTypeSchema>;

export interface Actor {
  type: ActorType;
  id: string;
  name: string;
}
