export { PeoplePage } from './PeoplePage.js';
export { PersonPage } from './PersonPage.js';
export { PersonName } from './PersonName.js';
export { PersonPicker } from './PersonPicker.js';
export { usePerson } from './people.api.js';
