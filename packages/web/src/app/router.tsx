import { createBrowserRouter, Navigate } from 'react-router'
import { AdminPage } from '../features/admin/AdminPage'
import { LoginPage } from '../features/auth/LoginPage'
import { SetupPage } from '../features/auth/SetupPage'
import { DashboardsPage, DataPage, QuestionsPage } from '../features/home/SectionPages'
import { SettingsPage } from '../features/settings/SettingsPage'
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
  {
    path: '/',
    element: (
      <RequireSession>
        <AppLayout />
      </RequireSession>
    ),
    children: [
      { index: true, element: <Navigate to="/dashboards" replace /> },
      { path: 'dashboards', element: <DashboardsPage /> },
      { path: 'questions', element: <QuestionsPage /> },
      { path: 'data', element: <DataPage /> },
      { path: 'settings', element: <SettingsPage /> },
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
