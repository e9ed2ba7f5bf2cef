export { LoginPage } from './LoginPage.js';
export { RequireSession, useSession } from './session.js';
export { useSignOut } from './useSignOut.js';
