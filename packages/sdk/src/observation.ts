// Observations are part of the canonical model; connectors import them from here for convenience.
export {
  observationIdentifiersSchema,
  observationSchema,
  nonCanonicalAttributes,
  type Observation,
  type ObservationIdentifiers,
} from '@steward/domain';
