import { Center } from '@mantine/core';
import { createBrowserRouter, Navigate, useRouteError, type RouteObject } from 'react-router-dom';
import { AcknowledgePage } from '../features/acknowledgements/index.js';
import { AgentsPage } from '../features/agents/index.js';
import { AssetPage, AssetsPage } from '../features/assets/index.js';
import { AttestPage, CampaignReportPage, CampaignsPage } from '../features/attestation/index.js';
import { LoginPage, RequireSession } from '../features/auth/index.js';
import {
  CatalogPage,
  ConnectorsPage,
  EditInstancePage,
  InstancePage,
  NewInstancePage,
} from '../features/connectors/index.js';
import { DashboardPage } from '../features/dashboard/index.js';
import { PrecedencePage, ReviewPage } from '../features/ingestion/index.js';
import { PeoplePage, PersonPage } from '../features/people/index.js';
import { EditPresetPage, NewPresetPage, PresetPage, PresetsPage } from '../features/presets/index.js';
import { OrderPage, OrdersPage, ReceivingPage } from '../features/purchasing/index.js';
import {
  ApprovalsPage,
  ApproveLinkPage,
  RunPage,
  WorkflowPage,
  WorkflowsPage,
} from '../features/workflows/index.js';
import {
  AuditPage,
  CustomFieldsPage,
  RolesPage,
  SettingsLayout,
  TokensPage,
  UsersPage,
} from '../features/settings/index.js';
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
  // Public: the assignee of an asset opens this one-time link without an account.
  { path: '/acknowledge/:token', element: <AcknowledgePage />, errorElement: <RouteError /> },
  // Public: a person asked by an attestation campaign confirms the assets they hold.
  { path: '/attest/:token', element: <AttestPage />, errorElement: <RouteError /> },
  // Public: an approver's e-mailed link; the page asks them to confirm the decision it carries.
  { path: '/approve/:token', element: <ApproveLinkPage />, errorElement: <RouteError /> },
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
      { index: true, element: <DashboardPage /> },
      { path: 'assets', element: <AssetsPage /> },
      { path: 'assets/:id', element: <AssetPage /> },
      { path: 'people', element: <PeoplePage /> },
      { path: 'people/:id', element: <PersonPage /> },
      { path: 'purchasing', element: <OrdersPage /> },
      { path: 'purchasing/receiving', element: <ReceivingPage /> },
      { path: 'purchasing/:id', element: <OrderPage /> },
      { path: 'attestation', element: <CampaignsPage /> },
      { path: 'attestation/:id', element: <CampaignReportPage /> },
      { path: 'audit', element: <AuditPage /> },
      { path: 'review', element: <ReviewPage /> },
      { path: 'workflows', element: <WorkflowsPage /> },
      { path: 'workflows/runs/:id', element: <RunPage /> },
      { path: 'workflows/:id', element: <WorkflowPage /> },
      { path: 'approvals', element: <ApprovalsPage /> },
      { path: 'agents', element: <AgentsPage /> },
      // The Connectors area lives under Settings, next to Sources & precedence.
      { path: 'connectors', element: <Navigate to="/settings/connectors" replace /> },
      {
        path: 'settings',
        element: <SettingsLayout />,
        children: [
          { index: true, element: <Navigate to="users" replace /> },
          { path: 'users', element: <UsersPage /> },
          { path: 'roles', element: <RolesPage /> },
          { path: 'tokens', element: <TokensPage /> },
          { path: 'custom-fields', element: <CustomFieldsPage /> },
          { path: 'precedence', element: <PrecedencePage /> },
          { path: 'connectors', element: <ConnectorsPage /> },
          { path: 'connectors/new', element: <CatalogPage /> },
          { path: 'connectors/new/:connectorId', element: <NewInstancePage /> },
          { path: 'connectors/:id', element: <InstancePage /> },
          { path: 'connectors/:id/edit', element: <EditInstancePage /> },
          { path: 'action-presets', element: <PresetsPage /> },
          { path: 'action-presets/new', element: <NewPresetPage /> },
          { path: 'action-presets/:id', element: <PresetPage /> },
          { path: 'action-presets/:id/edit', element: <EditPresetPage /> },
          { path: 'audit', element: <AuditPage /> },
        ],
      },
      { path: '*', element: <NotFound /> },
    ],
  },
]);
