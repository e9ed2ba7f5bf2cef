import { createContext, useContext, type ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Center, Loader } from '@mantine/core';
import { Navigate, useLocation } from 'react-router-dom';
import type { Session } from '../../api/types.js';
import { ErrorAlert } from '../../ui/ErrorAlert.js';
import { fetchSession, SESSION_KEY } from './auth.api.js';

const SessionContext = createContext<Session | null>(null);

/** The signed-in session; only inside <RequireSession>. */
export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession() is used outside <RequireSession>.');
  return session;
}

export function useSessionQuery() {
  return useQuery({ queryKey: SESSION_KEY, queryFn: fetchSession, staleTime: 60_000 });
}

/** Renders its children with a session, or sends the visitor to the login page. */
export function RequireSession({ children }: { children: ReactNode }) {
  const location = useLocation();
  const { data, error, isPending } = useSessionQuery();
  if (isPending) {
    return (
      <Center h="100vh">
        <Loader aria-label="Loading" />
      </Center>
    );
  }
  if (error) {
    return (
      <Center h="100vh" p="md">
        <ErrorAlert error={error} title="Steward could not load your session" />
      </Center>
    );
  }
  if (!data) {
    const next = location.pathname + location.search;
    return <Navigate to={`/login?next=${encodeURIComponent(next)}`} replace />;
  }
  return <SessionContext.Provider value={data}>{children}</SessionContext.Provider>;
}
