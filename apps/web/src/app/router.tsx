import { Center } from '@mantine/core';
import { createBrowserRouter, Navigate, useRouteError, type RouteObject } from 'react-router-dom';
import { LoginPage, RequireSession } from '../features/auth/index.js';
import { AuditPage, RolesPage, SettingsLayout, TokensPage, UsersPage } from '../features/settings/index.js';
import { ErrorAlert } from '../ui/ErrorAlert.js';
import { ComingSoon } from './ComingSoon.js';
import { AREAS } from './nav.js';
import { NotFound } from './NotFound.js';
import { Shell } from './Shell.js';

function RouteError() {
  const error = useRouteError();
  return (
    <Center p="xl">
      <ErrorAlert error={error} title="Something went wrong on this page" />
    </Center>
  );
}

const placeholders: RouteObject[] = AREAS.filter((a) => !a.ready).map((area) =>
  area.path === '/'
    ? { index: true, element: <ComingSoon area={area} /> }
    : { path: area.path.slice(1), element: <ComingSoon area={area} /> },
);

export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage />, errorElement: <RouteError /> },
  {
    path: '/',
    element: (
      <RequireSession>
        <Shell />
      </RequireSession>
    ),
    errorElement: <RouteError />,
    children: [
      ...placeholders,
      { path: 'audit', element: <AuditPage /> },
      {
        path: 'settings',
        element: <SettingsLayout />,
        children: [
          { index: true, element: <Navigate to="users" replace /> },
          { path: 'users', element: <UsersPage /> },
          { path: 'roles', element: <RolesPage /> },
          { path: 'tokens', element: <TokensPage /> },
          { path: 'audit', element: <AuditPage /> },
        ],
      },
      { path: '*', element: <NotFound /> },
    ],
  },
]);
