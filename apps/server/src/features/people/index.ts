export { registerPeopleRoutes } from './people.routes.js';
export {
  createPerson,
  getPerson,
  updatePerson,
  setPersonLegalHold,
  type PeopleDeps,
} from './people.service.js';
export { updatePersonSchema } from './people.schemas.js';
export type { Person } from './people.schemas.js';
export { writeObservedPeople, type ObservedPersonWrite, type PersonWriteResult } from './person.observed.js';
export { detachPersonForMerge, restoreMergedPerson, type PersonSnapshot } from './person.merge.js';
