/**
 * The cards of the built-in "Platform health" dashboard: PromQL range queries over the metrics this
 * install exports, answered by a Prometheus data source (sources/prometheus-driver.ts) as
 * time-series rows. `title` becomes the saved question's name (in Russian, the users' language).
 */
export interface HealthCard {
  key: string
  title: string
  promql: string
  unit: 'requests_per_second' | 'seconds' | 'ratio' | 'count' | 'bytes' | 'changes_per_second'
}

export const PLATFORM_HEALTH_CARDS: readonly HealthCard[] = [
  {
    key: 'requests',
    title: 'Запросы в секунду по маршрутам',
    promql: 'sum by (route) (rate(vitrina_http_request_duration_seconds_count{job="vitrina"}[5m]))',
    unit: 'requests_per_second',
  },
  {
    key: 'latencyP95',
    title: 'Время ответа, 95-й процентиль',
    promql:
      'histogram_quantile(0.95, sum by (le) (rate(vitrina_http_request_duration_seconds_bucket{job="vitrina"}[5m])))',
    unit: 'seconds',
  },
  {
    key: 'serverErrors',
    title: 'Ошибки сервера (5xx) в секунду',
    // 0 when Vitrina serves requests without 5xx (that series is then absent), nothing when it is not
    // scraped at all: `or vector(0)` would draw a reassuring 0 over missing data.
    promql:
      'sum(rate(vitrina_http_request_duration_seconds_count{job="vitrina",status=~"5.."}[5m])) or 0 * sum(rate(vitrina_http_request_duration_seconds_count{job="vitrina"}[5m]))',
    unit: 'requests_per_second',
  },
  {
    key: 'activeSessions',
    title: 'Активные сессии',
    promql: 'sum(vitrina_active_sessions{job="vitrina"})',
    unit: 'count',
  },
  {
    key: 'dbPool',
    title: 'Соединения с базами данных',
    promql: 'sum by (db, state) (vitrina_db_pool_connections{job="vitrina"})',
    unit: 'count',
  },
  {
    key: 'eventLoopLag',
    title: 'Задержка цикла событий (p99)',
    promql: 'max(nodejs_eventloop_lag_p99_seconds{job="vitrina"})',
    unit: 'seconds',
  },
  {
    key: 'memory',
    title: 'Память процессов',
    promql: 'sum by (job) (process_resident_memory_bytes)',
    unit: 'bytes',
  },
  { key: 'targetsUp', title: 'Доступные сервисы', promql: 'sum by (job) (up)', unit: 'count' },
  {
    key: 'pipelineApplyLag',
    title: 'Отставание загрузчика CDC',
    // No loader scraped, no line: the card says "no rows" instead of a healthy-looking 0.
    promql: 'max by (slot) (vitrina_pipeline_apply_lag_seconds)',
    unit: 'seconds',
  },
  {
    key: 'pipelineRate',
    title: 'Изменений в секунду (CDC)',
    promql: 'sum by (slot) (vitrina_pipeline_changes_per_second)',
    unit: 'changes_per_second',
  },
  {
    key: 'slotWalRetained',
    title: 'WAL, удерживаемый слотами',
    promql: 'max by (db, slot_name) (pg_slot_retained_wal_bytes)',
    unit: 'bytes',
  },
]
