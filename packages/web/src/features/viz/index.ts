// The public face of visualizations: questions and dashboards import from here only.

export { adaptSpecToType } from './model/adapt-spec'
export { autoPickChart } from './model/auto-pick'
export { type FormatLocale, formatCell, formatDate, formatNumber } from './model/format'
export type { VizColumn, VizResult } from './model/result'
export { chartPngDataUrl, preloadCharts } from './render/chart-image'
export { VisualizationSettings, type VisualizationSettingsProps } from './settings/VisualizationSettings'
export { Visualization, type VisualizationProps, type VizSelection } from './Visualization'
