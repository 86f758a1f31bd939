import type { Widen } from '../widen'

/** Messages of the monitoring feature; Russian is the source, English must have the same keys (checked by tsc). */
export const monitoringRu = {
  monitoring: {
    tab: 'Мониторинг',
    intro:
      'Дашборд «Platform health» показывает нагрузку, ошибки, сессии, базы данных и загрузчик CDC по метрикам Prometheus — без Grafana.',
    metricsHint: 'Метрики отдаются на /metrics; как подключить Prometheus:',
    prometheusUrl: 'Адрес Prometheus',
    install: 'Создать дашборд «Platform health»',
    installed: 'Дашборд создан',
    open: 'Открыть дашборд',
  },
}

export const monitoringEn: Widen<typeof monitoringRu> = {
  monitoring: {
    tab: 'Monitoring',
    intro:
      'The "Platform health" dashboard shows load, errors, sessions, databases and the CDC loader from Prometheus metrics — no Grafana needed.',
    metricsHint: 'Metrics are served on /metrics; how to wire Prometheus:',
    prometheusUrl: 'Prometheus address',
    install: 'Create the "Platform health" dashboard',
    installed: 'Dashboard created',
    open: 'Open the dashboard',
  },
}
