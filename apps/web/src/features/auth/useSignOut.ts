import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router-dom';
import { logout } from './auth.api.js';

/** Signs out, forgets every cached answer, and goes to the login page. */
export function useSignOut(): { run: () => void; pending: boolean } {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [pending, setPending] = useState(false);
  const run = () => {
    setPending(true);
    logout()
      .catch(() => undefined) // the session may already be gone; signing out locally is what matters
      .finally(() => {
        setPending(false);
        void Promise.resolve(navigate('/login', { replace: true })).then(() => queryClient.clear());
      });
  };
  return { run, pending };
}
