// Starts the page's first API reads while the app's code is still loading: the session, and on a
// dashboard's address the dashboard and its cached card results. api-client.ts takes each response once
// (src/data/early-requests.ts). A plain file so the Content-Security-Policy stays 'self' only.
;(() => {
  const path = location.pathname
  if (path.startsWith('/public/') || path.startsWith('/embed/')) return
  const urls = ['/api/auth/me']
  const dashboard = /^\/dashboards\/([A-Za-z0-9_-]{1,100})\/?$/.exec(path)
  if (dashboard) urls.push(`/api/dashboards/${dashboard[1]}`, `/api/dashboards/${dashboard[1]}/cards/cached`)
  const early = {}
  for (const url of urls)
    early[url] = {
      at: Date.now(),
      response: fetch(url, { headers: { accept: 'application/json' }, credentials: 'same-origin' }),
    }
  window.__vitrinaEarly = early
})()
