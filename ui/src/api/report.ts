// 统计报表 (issue #8): the 汇总台账, 进展统计 and 报送情况通报 of a plan over a range of months, as
// the core serialises them (src/report*, plugin `report` in src-tauri/src/commands/report.rs).
// The CLI's `taizhang report … --json` prints the same shapes.
import { call } from './tauri'
import type { IsoDate } from './types'
import type { Existing, PeriodKey } from './remind-types'

export type ReportKind = 'summary' | 'stats' | 'circular'

/** A task's or a unit's status as of a period: 已完成 / 推进中 / 未启动 / 逾期. */
export type Bucket = 'done' | 'in_progress' | 'not_started' | 'overdue'

/** What every report starts with. */
export interface ReportHead {
  kind: ReportKind
  plan_id: number
  plan_title: string
  from: PeriodKey
  to: PeriodKey
  /** 2025年9月 / 2025年7月至9月 / 2025年11月至2026年2月 */
  label: string
  /** The day the report was made ("today" of the app). */
  generated_on: IsoDate
  /** True when no unit reported in the range; `note` then says so in a sentence. */
  empty: boolean
  note: string | null
}

// --- 汇总台账 -----------------------------------------------------------------------------------

export interface SummaryRow {
  unit: string
  /** The period of the report shown (the latest in the range). */
  period: PeriodKey
  status: Bucket
  status_label: string
  text: string
}

export interface SummaryTask {
  task_id: number
  code: string
  title: string
  deadline_text: string
  lead_units: string[]
  co_units: string[]
  status: Bucket
  status_label: string
  rows: SummaryRow[]
}

/**
 * A heading of the plan with its tasks, in the plan's order: level 1 (一、) or 2 ((一)); a level-1
 * heading whose tasks all sit in its subsections comes with `tasks: []` just before them.
 */
export interface SummarySection {
  section: string
  level: number
  tasks: SummaryTask[]
}

export interface SummaryReport extends ReportHead {
  kind: 'summary'
  units_reported: string[]
  units_missing: string[]
  sections: SummarySection[]
}

// --- 进展统计 -----------------------------------------------------------------------------------

export interface Counts {
  total: number
  done: number
  in_progress: number
  not_started: number
  overdue: number
  /** done / total, 0..=1 (0 when total is 0). */
  completion_rate: number
}

export interface StatsReport extends ReportHead {
  kind: 'stats'
  totals: Counts
  sections: { section: string; counts: Counts }[]
  /** Every unit, also those with no tasks (total 0). */
  units: {
    unit: string
    counts: Counts
    /** Progress rows with text the unit reported in the range, of them 照抄, and the share (0–1). */
    reported_rows: number
    copied_rows: number
    copied_rate: number
  }[]
  /** One entry per month of the range, task-level counts as of that month. */
  trend: { period: PeriodKey; counts: Counts }[]
  /** 照抄 rows of all units in the range. */
  copied_rows: number
}

// --- 报送情况通报 -------------------------------------------------------------------------------

/** on_time | late | missing; pending = not yet due; not_required = the unit starts later. */
export type CellState = 'on_time' | 'late' | 'missing' | 'pending' | 'not_required'

export interface CircularPeriod {
  period: PeriodKey
  due: IsoDate
  /** False when the due date is after today: the period is not counted yet. */
  counted: boolean
}

export interface CircularCell {
  period: PeriodKey
  state: CellState
  received_at: string | null
  /** The day the report arrived (按时 / 迟报 by it). */
  received_on: string | null
}

export interface CircularUnit {
  /** By on-time rate, then fewer missing, then fewer late; ties share a rank. */
  rank: number
  unit: string
  required: number
  on_time: number
  late: number
  missing: number
  on_time_rate: number
  cells: CircularCell[]
}

export interface CircularTotals {
  required: number
  on_time: number
  late: number
  missing: number
  on_time_rate: number
}

/** The 通报 as an official document: title, 文号, 主送, 发文机关, 成文日期. */
export interface CircularDocument {
  /** 关于2025年9月工作台账报送情况的通报 */
  title: string
  doc_no: string | null
  /** 各责任单位： */
  addressee: string
  issuer: string
  /** `default`: read from the plan, not yet set in 设置 (the clerk should check it). */
  issuer_source: 'set' | 'default'
  dated: IsoDate
  /** 2025年10月12日 */
  dated_label: string
}

export interface CircularReport extends ReportHead {
  kind: 'circular'
  document: CircularDocument
  periods: CircularPeriod[]
  units: CircularUnit[]
  totals: CircularTotals
  /** The 通报 paragraph filled from the numbers. */
  paragraph: string
}

export interface ReportOf {
  summary: SummaryReport
  stats: StatsReport
  circular: CircularReport
}
export type AnyReport = ReportOf[ReportKind]

/** The report `kind` of plan `planId` from month `from` to month `to` (both "YYYY-MM"). */
export function getReport<K extends ReportKind>(
  kind: K,
  planId: number,
  from: PeriodKey,
  to: PeriodKey,
  docNo: string | null = null,
): Promise<ReportOf[K]> {
  return call<ReportOf[K]>('report', kind, kind === 'circular' ? { planId, from, to, docNo } : { planId, from, to })
}

/** A page of the 汇总台账: its tasks `offset`… (at most `limit`), and how many the whole report has. */
export type SummaryPage = SummaryReport & { total_tasks: number }

/**
 * The 汇总台账 with only the tasks the window shows (`offset`, at most `limit`), each under its
 * heading: a whole report of 2,000 tasks × 200 units is megabytes (print and Excel take it all).
 */
export const getSummaryPage = (planId: number, from: PeriodKey, to: PeriodKey, offset: number, limit: number) =>
  call<SummaryPage>('report', 'summary_page', { planId, from, to, offset, limit })

/** Writes the print-ready workbook of the report to `path`; resolves to the path written. */
export const exportReport = (
  planId: number,
  kind: ReportKind,
  from: PeriodKey,
  to: PeriodKey,
  path: string,
  existing: Existing = 'keep_both',
  docNo: string | null = null,
) => call<{ path: string; kept_existing: string | null }>('report', 'export', { planId, kind, range: { from, to }, path, existing, docNo })
