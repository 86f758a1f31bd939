import { Center, Loader } from '@mantine/core'
import { type ComponentType, lazy, type ReactNode, Suspense } from 'react'
import { createBrowserRouter, Navigate } from 'react-router'
import { LoginPage } from '../features/auth/LoginPage'
import { SetupPage } from '../features/auth/SetupPage'
import { DashboardPage } from '../features/dashboards/DashboardPage'
import { DashboardsListPage } from '../features/dashboards/DashboardsListPage'
import { startDashboard } from '../features/dashboards/early-start'
import { EmbedDashboardPage, PublicDashboardPage } from '../features/public/PublicDashboardPage'
import { AppLayout } from './AppLayout'
import { RequireAdmin, RequireSession, VisitorOnly } from './guards'
import { NotFoundPage } from './StatusPages'

// Pages other than dashboards load on first visit (the SQL editor, the data grid and the admin pages are
// most of the code), so a dashboard opens with a smaller bundle. React.lazy rather than the router's
// `lazy`: once a page's code is loaded, moving between its addresses stays synchronous.
const lazyPage = (load: () => Promise<ComponentType>) => {
  const Page = lazy(async () => ({ default: await load() }))
  return (
    <Suspense
      fallback={
        <Center py="xl">
          <Loader />
        </Center>
      }
    >
      <Page />
    </Suspense>
  )
}
// One lazy component for both editor addresses, so saving a new question (→ /questions/:id) does not suspend.
const questionEditor = lazyPage(
  async () => (await import('../features/questions/QuestionEditorPage')).QuestionEditorPage,
)
const admin = (page: ReactNode) => <RequireAdmin>{page}</RequireAdmin>

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
      {
        path: 'dashboards/:dashboardId',
        element: <DashboardPage />,
        // The dashboard's request and its cards' runs leave with the session check, not after the page draws.
        loader: ({ params }) => {
          if (params.dashboardId) startDashboard(params.dashboardId)
          return null
        },
      },
      {
        path: 'questions',
        element: lazyPage(async () => (await import('../features/questions/QuestionsPage')).QuestionsPage),
      },
      { path: 'questions/new', element: questionEditor },
      { path: 'questions/:questionId', element: questionEditor },
      {
        path: 'data',
        element: lazyPage(async () => (await import('../features/data/DataListPage')).DataListPage),
      },
      {
        path: 'data/new',
        element: lazyPage(
          async () => (await import('../features/data/create/CreateFromFilePage')).CreateFromFilePage,
        ),
      },
      {
        path: 'data/:datasetId/:tab?',
        element: lazyPage(async () => (await import('../features/data/dataset/DatasetPage')).DatasetPage),
      },
      {
        path: 'settings',
        element: lazyPage(async () => (await import('../features/settings/SettingsPage')).SettingsPage),
      },
      {
        path: 'charts/gallery',
        element: admin(
          lazyPage(async () => (await import('../features/viz/gallery/ChartGalleryPage')).ChartGalleryPage),
        ),
      },
      {
        path: 'admin/sources/:sourceId',
        element: admin(lazyPage(async () => (await import('../features/sources/SourcePage')).SourcePage)),
      },
      {
        path: 'admin/:tab?',
        element: admin(lazyPage(async () => (await import('../features/admin/AdminPage')).AdminPage)),
      },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
])
