import { ApiError, request, setCsrfToken } from '../../api/client.js';
import type { Session } from '../../api/types.js';

export interface LoginInput {
  email: string;
  password: string;
  tenant?: string;
}

export const SESSION_KEY = ['session'] as const;

export async function login(input: LoginInput): Promise<Session> {
  const session = await request<Session>('/api/v1/auth/login', {
    method: 'POST',
    body: input,
    redirectOn401: false,
  });
  setCsrfToken(session.csrfToken);
  return session;
}

/** The current session, or null when signed out. */
export async function fetchSession(): Promise<Session | null> {
  try {
    const session = await request<Session>('/api/v1/auth/session', { redirectOn401: false });
    setCsrfToken(session.csrfToken);
    return session;
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw e;
  }
}

export async function logout(): Promise<void> {
  try {
    await request<void>('/api/v1/auth/logout', { method: 'POST', redirectOn401: false });
  } finally {
    setCsrfToken(null);
  }
}
