// 统计报表: the months a report may cover, which one the page opens on, how rates and states read,
// and the ECharts options built from the report JSON (the same in the window and the print view).
import type { Bucket, CellState, Counts, ReportKind } from '../api/report'
import type { FullReportRule, PeriodKey } from '../api/remind-types'
import type { IsoDate, Phase, ReportRule } from '../api/types'
import { APP_FONT } from './format'
import { formatPeriodKey } from './remind'
import { contentWidthPx, type PageGeometry } from './paginate'

export const REPORT_KINDS: ReportKind[] = ['summary', 'stats', 'circular']

export const KIND_LABELS: Record<ReportKind, string> = {
  summary: '汇总台账',
  stats: '进展统计',
  circular: '报送情况通报',
}

/**
 * Whether a report with `empty` still has numbers to show: the 进展统计 then counts the tasks'
 * own statuses and its note says so; an empty 汇总台账 or 通报 is only its note.
 */
export const FILLED_WHEN_EMPTY: Record<ReportKind, boolean> = {
  summary: false,
  stats: true,
  circular: false,
}

/** The sentence that says a report is empty (the core's note). */
export function noteOf(report: { note: string | null; label: string } | undefined): string {
  if (!report) return ''
  return report.note ?? `${report.label}尚无数据。`
}

export const BUCKETS: Bucket[] = ['done', 'in_progress', 'not_started', 'overdue']

export const BUCKET_LABELS: Record<Bucket, string> = {
  done: '已完成',
  in_progress: '推进中',
  not_started: '未启动',
  overdue: '逾期',
}

export const BUCKET_COLORS: Record<Bucket, string> = {
  done: '#23a343',
  in_progress: '#3491fa',
  not_started: '#a9aeb8',
  overdue: '#d03050',
}

export const CELL_LABELS: Record<CellState, string> = {
  on_time: '按时',
  late: '迟报',
  missing: '未报',
  pending: '未到期',
  not_required: '—',
}

/** 0.6667 → "66.7%", 1 → "100%", 0 → "0%" (one decimal, a trailing .0 dropped). */
export function formatRate(rate: number): string {
  if (!Number.isFinite(rate)) return '—'
  const tenths = Math.round(rate * 1000)
  const text = (tenths / 10).toFixed(1)
  return (text.endsWith('.0') ? text.slice(0, -2) : text) + '%'
}

/** A unit's completion rate, or "—" when it has no tasks. */
export function rateOrDash(counts: Counts): string {
  return counts.total > 0 ? formatRate(counts.completion_rate) : '—'
}

// --- months ---------------------------------------------------------------------------------

const PERIOD = /^(\d{4})-(\d{2})$/

function toIndex(p: PeriodKey): number {
  const m = PERIOD.exec(p)
  return m ? Number(m[1]) * 12 + Number(m[2]) - 1 : NaN
}

function fromIndex(i: number): PeriodKey {
  const y = Math.floor(i / 12)
  const m = (i % 12) + 1
  return `${y}-${String(m).padStart(2, '0')}`
}

/** "2025-09" + n months. */
export function addMonths(p: PeriodKey, n: number): PeriodKey {
  return fromIndex(toIndex(p) + n)
}

/** Whether `p` is a month "YYYY-MM". */
export function isPeriod(p: unknown): p is PeriodKey {
  return typeof p === 'string' && PERIOD.test(p) && Number(p.slice(5)) >= 1 && Number(p.slice(5)) <= 12
}

/** "2025-07", "2025-09" → "2025年7月至9月" (as the core's label); one month → "2025年9月". */
export function rangeLabel(from: PeriodKey, to: PeriodKey): string {
  if (from === to) return formatPeriodKey(from)
  if (from.slice(0, 4) === to.slice(0, 4)) return `${formatPeriodKey(from)}至${Number(to.slice(5))}月`
  return `${formatPeriodKey(from)}至${formatPeriodKey(to)}`
}

/** What of a plan decides its reporting months (a `Plan` fits). */
export interface PlanDates {
  start_date: IsoDate | null
  end_date: IsoDate | null
  year: number | null
  phases: Pick<Phase, 'start' | 'end'>[]
  report_rule: ReportRule & Partial<FullReportRule>
}

const monthOf = (date: IsoDate | null | undefined): PeriodKey | null => (date ? date.slice(0, 7) : null)

function minOf(values: (string | null)[]): string | null {
  const present = values.filter((v): v is string => !!v).sort()
  return present[0] ?? null
}

function maxOf(values: (string | null)[]): string | null {
  const present = values.filter((v): v is string => !!v).sort()
  return present[present.length - 1] ?? null
}

/** The plan's first and last reporting month, as `taizhang::remind::report_range`. */
export function planRange(plan: PlanDates): [PeriodKey, PeriodKey] | null {
  const rule = plan.report_rule
  const from =
    rule.from ??
    monthOf(plan.start_date) ??
    monthOf(minOf(plan.phases.map((p) => p.start))) ??
    (plan.year != null ? `${plan.year}-01` : null)
  const until =
    rule.until ??
    monthOf(plan.end_date) ??
    monthOf(maxOf(plan.phases.map((p) => p.end))) ??
    (plan.year != null ? `${plan.year}-12` : null)
  if (!from || !until || from > until) return null
  return [from, until]
}

/** The months in the plan's range that are reporting periods (monthly, quarterly, half-yearly). */
export function reportingPeriods(plan: PlanDates): PeriodKey[] {
  const range = planRange(plan)
  if (!range) return []
  const rule = plan.report_rule
  // A rule without cycles (older plans) reports monthly, as the ledger export assumes.
  const anyCycle = rule.monthly !== undefined || rule.quarterly !== undefined || rule.half_yearly !== undefined
  const monthly = anyCycle ? rule.monthly === true : true
  const out: PeriodKey[] = []
  for (let i = toIndex(range[0]); i <= toIndex(range[1]) && out.length < 240; i++) {
    const month = (i % 12) + 1
    if (monthly || (rule.quarterly && month % 3 === 0) || (rule.half_yearly && month % 6 === 0)) out.push(fromIndex(i))
  }
  return out
}

/** The day the report of `p` is due by the rule before any holiday shift (null: no due day). */
export function nominalDue(rule: ReportRule & Partial<FullReportRule>, p: PeriodKey): IsoDate | null {
  const month = rule.covers === 'current' ? p : addMonths(p, 1)
  const y = Number(month.slice(0, 4))
  const m = Number(month.slice(5))
  const last = new Date(y, m, 0).getDate()
  const day = rule.month_end ? last : rule.day != null ? Math.min(rule.day, last) : null
  return day == null ? null : `${month}-${String(day).padStart(2, '0')}`
}

/**
 * The period the reports open on: the most recent one whose due date has passed on `today`.
 * `current` is the reminder board's current period (the first not yet past due, holidays
 * counted); without it the rule's nominal due dates decide. Before any is due: the first.
 */
export function defaultPeriod(
  periods: PeriodKey[],
  today: IsoDate,
  current: PeriodKey | null,
  rule: ReportRule & Partial<FullReportRule>,
): PeriodKey | null {
  if (periods.length === 0) return null
  if (current) {
    const before = periods.filter((p) => p < current)
    return before[before.length - 1] ?? periods[0] ?? null
  }
  const past = periods.filter((p) => {
    const due = nominalDue(rule, p)
    return due != null && due < today
  })
  return past[past.length - 1] ?? periods[0] ?? null
}

/** The range the page opens on: the quarter up to `to` (the 通报 is made quarterly), within the plan. */
export function defaultRange(periods: PeriodKey[], to: PeriodKey): [PeriodKey, PeriodKey] {
  const quarterStart = addMonths(to, -((toIndex(to) % 12) % 3))
  const first = periods[0]
  return [first && first > quarterStart ? first : quarterStart, to]
}

/**
 * `<方案>_<报表>_<期间>.xlsx` as the core's `report::file_name` makes it: the title cut to 40
 * characters, the characters Windows refuses replaced, the stem at most 80 characters.
 */
export function exportFileName(planTitle: string, kind: ReportKind, label: string): string {
  const stem = `${[...planTitle].slice(0, 40).join('')}_${KIND_LABELS[kind]}_${label}`
  const safe = [...stem.trim().replace(/[\u0000-\u001f\u007f\\/:*?"<>|]/g, '_')].slice(0, 80).join('')
  return `${safe.replace(/[. ]+$/, '') || '未命名'}.xlsx`
}

// --- charts ---------------------------------------------------------------------------------

/** The print view's 仿宋 (fonts on Windows first, Linux last); the window uses APP_FONT. */
export const PRINT_FONT = "'仿宋_GB2312', '仿宋', 'FangSong', 'STFangsong', 'Noto Serif CJK SC', serif"

export interface ChartLook {
  /** For paper: no animation, the print font, black text. */
  print: boolean
}

function base({ print }: ChartLook) {
  return {
    animation: !print,
    textStyle: { fontFamily: print ? PRINT_FONT : APP_FONT, color: print ? '#000' : '#1f2329' },
  }
}

/** The status pie: 已完成 / 推进中 / 未启动 / 逾期 with counts. */
export function statusPieOption(counts: Counts, look: ChartLook) {
  return {
    ...base(look),
    tooltip: { trigger: 'item', formatter: '{b}：{c} 项（{d}%）' },
    legend: { bottom: 0, textStyle: { fontSize: look.print ? 13 : 12 } },
    series: [
      {
        type: 'pie',
        radius: ['38%', '62%'],
        center: ['50%', '45%'],
        label: { formatter: '{b}\n{c} 项', fontSize: look.print ? 13 : 12 },
        data: BUCKETS.map((b) => ({ name: BUCKET_LABELS[b], value: counts[b], itemStyle: { color: BUCKET_COLORS[b] } })),
      },
    ],
  }
}

export interface RateBar {
  name: string
  /** 0..=1 */
  rate: number
}

/** Bars per unit, highest rate on top; `seriesName` is 完成率 or 按时报送率. */
/**
 * Whether a chart of these rates (0..=1) shows anything: at least two units, and not all the
 * same (all 0% or all 100% is said by the table's 合计).
 */
export function ratesWorthCharting(rates: number[]): boolean {
  return rates.length >= 2 && rates.some((r) => r !== rates[0])
}

export function unitRateBarOption(items: RateBar[], seriesName: string, look: ChartLook) {
  const rows = [...items].sort((a, b) => a.rate - b.rate)
  return {
    ...base(look),
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      valueFormatter: (v: number) => `${v}%`,
    },
    grid: { left: 8, right: 56, top: 8, bottom: 8, containLabel: true },
    xAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    yAxis: {
      type: 'category',
      data: rows.map((r) => r.name),
      axisLabel: { fontSize: look.print ? 11 : 12, interval: 0 },
    },
    series: [
      {
        name: seriesName,
        type: 'bar',
        barMaxWidth: look.print ? 11 : 18,
        data: rows.map((r) => Math.round(r.rate * 1000) / 10),
        itemStyle: { color: look.print ? '#555' : '#b01c24' },
        label: { show: true, position: 'right', formatter: (p: { value: number }) => formatRate(p.value / 100) },
      },
    ],
  }
}

/** Height in px a bar chart needs for `n` units (closer rows on paper). */
export function barChartHeight(n: number, print = false): number {
  return Math.max(160, 36 + n * (print ? 17 : 24))
}

/** The trend across months: task counts per status (stacked bars) and the completion rate (line). */
export function trendOption(trend: { period: PeriodKey; counts: Counts }[], look: ChartLook) {
  const months = trend.map((t) => `${Number(t.period.slice(5))}月`)
  return {
    ...base(look),
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0 },
    grid: { left: 8, right: 8, top: 28, bottom: 36, containLabel: true },
    xAxis: { type: 'category', data: months },
    yAxis: [
      { type: 'value', name: '任务数', minInterval: 1 },
      { type: 'value', name: '完成率', min: 0, max: 100, axisLabel: { formatter: '{value}%' }, splitLine: { show: false } },
    ],
    series: [
      ...BUCKETS.map((b) => ({
        name: BUCKET_LABELS[b],
        type: 'bar',
        stack: 'tasks',
        barMaxWidth: 36,
        data: trend.map((t) => t.counts[b]),
        itemStyle: { color: BUCKET_COLORS[b] },
      })),
      {
        name: '完成率',
        type: 'line',
        yAxisIndex: 1,
        data: trend.map((t) => Math.round(t.counts.completion_rate * 1000) / 10),
        itemStyle: { color: '#b01c24' },
        lineStyle: { width: 2 },
        label: {
          show: true,
          position: 'top',
          color: '#b01c24',
          textBorderColor: '#fff',
          textBorderWidth: 3,
          formatter: (p: { value: number }) => formatRate(p.value / 100),
        },
      },
    ],
  }
}

// --- print view -----------------------------------------------------------------------------

/**
 * The page of a printed report: A4 with 公文 margins (GB/T 9704: top 37 mm, bottom 35 mm, left
 * 28 mm, right 26 mm) for the statistics and the 通报; the 汇总台账 is wide (progress text), so
 * A4 landscape with narrower margins.
 */
export function printGeometry(kind: ReportKind): PageGeometry {
  return kind === 'summary' ? A4_LANDSCAPE : A4_PORTRAIT
}

/** A4 landscape for wide tables (汇总台账, 重点任务清单). */
export const A4_LANDSCAPE: PageGeometry = {
  orientation: 'landscape',
  widthMm: 297,
  heightMm: 210,
  margin: { top: 25, right: 20, bottom: 22, left: 25 },
}
/** A4 portrait with the 公文 margins. */
export const A4_PORTRAIT: PageGeometry = {
  orientation: 'portrait',
  widthMm: 210,
  heightMm: 297,
  margin: { top: 37, right: 26, bottom: 35, left: 28 },
}

/** The width of a chart on paper (the text area of a portrait page), in CSS px. */
export const PRINT_CHART_WIDTH = Math.floor(contentWidthPx(printGeometry('stats')))

/** The printed title: 2025年9月工作台账汇总表 / …重点任务推进情况统计 / 关于…工作台账报送情况的通报. */
export function printTitle(report: { kind: ReportKind; label: string }): string {
  switch (report.kind) {
    case 'summary':
      return `${report.label}工作台账汇总表`
    case 'stats':
      return `${report.label}重点任务推进情况统计`
    case 'circular':
      return `关于${report.label}工作台账报送情况的通报`
  }
}
