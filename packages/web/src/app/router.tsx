import { createBrowserRouter, Navigate } from 'react-router'
import { AdminPage } from '../features/admin/AdminPage'
import { LoginPage } from '../features/auth/LoginPage'
import { SetupPage } from '../features/auth/SetupPage'
import { DashboardPage } from '../features/dashboards/DashboardPage'
import { DashboardsListPage } from '../features/dashboards/DashboardsListPage'
import { CreateFromFilePage } from '../features/data/create/CreateFromFilePage'
import { DataListPage } from '../features/data/DataListPage'
import { DatasetPage } from '../features/data/dataset/DatasetPage'
import { EmbedDashboardPage, PublicDashboardPage } from '../features/public/PublicDashboardPage'
import { QuestionEditorPage } from '../features/questions/QuestionEditorPage'
import { QuestionsPage } from '../features/questions/QuestionsPage'
import { SettingsPage } from '../features/settings/SettingsPage'
import { SourcePage } from '../features/sources/SourcePage'
import { ChartGalleryPage } from '../features/viz/gallery/ChartGalleryPage'
import { AppLayout } from './AppLayout'
import { RequireAdmin, RequireSession, VisitorOnly } from './guards'
import { NotFoundPage } from './StatusPages'

export const router = createBrowserRouter([
  {
    path: '/setup',
    element: (
      <VisitorOnly page="setup">
        <SetupPage />
      </VisitorOnly>
    ),
  },
  {
    path: '/login',
    element: (
      <VisitorOnly page="login">
        <LoginPage />
      </VisitorOnly>
    ),
  },
  // Read-only dashboards behind a public link or an embedding token: no session, no app chrome.
  { path: '/public/d/:token', element: <PublicDashboardPage /> },
  { path: '/embed/d/:token', element: <EmbedDashboardPage /> },
  {
    path: '/',
    element: (
      <RequireSession>
        <AppLayout />
      </RequireSession>
    ),
    children: [
      { index: true, element: <Navigate to="/dashboards" replace /> },
      { path: 'dashboards', element: <DashboardsListPage /> },
      { path: 'dashboards/:dashboardId', element: <DashboardPage /> },
      { path: 'questions', element: <QuestionsPage /> },
      { path: 'questions/new', element: <QuestionEditorPage /> },
      { path: 'questions/:questionId', element: <QuestionEditorPage /> },
      { path: 'data', element: <DataListPage /> },
      { path: 'data/new', element: <CreateFromFilePage /> },
      { path: 'data/:datasetId/:tab?', element: <DatasetPage /> },
      { path: 'settings', element: <SettingsPage /> },
      {
        path: 'charts/gallery',
        element: (
          <RequireAdmin>
            <ChartGalleryPage />
          </RequireAdmin>
        ),
      },
      {
        path: 'admin/sources/:sourceId',
        element: (
          <RequireAdmin>
            <SourcePage />
          </RequireAdmin>
        ),
      },
      {
        path: 'admin/:tab?',
        element: (
          <RequireAdmin>
            <AdminPage />
          </RequireAdmin>
        ),
      },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
])
