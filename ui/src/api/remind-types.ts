// Types of the reminder, 催报, calendar, export and desktop commands (src-tauri/src/commands/
// remind.rs, calendar.rs, ledger.rs, desktop.rs), mirroring the core's serialised structs.
import type { IsoDate, Phase, StatusCount, TaskStatus } from './types'

/** A reporting month, "2025-09". */
export type PeriodKey = string
export type Level = 'red' | 'yellow' | 'green'
export type UnitState = 'reported' | 'late' | 'waiting' | 'due_soon' | 'overdue'
export type Cycle = 'monthly' | 'quarterly' | 'half_yearly'

export interface ReportPeriod {
  period: PeriodKey
  cycles: Cycle[]
  /** 2025年9月, 2025年第三季度 … */
  label: string
  due: IsoDate
  nominal_due: IsoDate
}

export interface UnitStatus {
  unit_id: number
  unit: string
  contact_name: string
  contact_phone: string
  state: UnitState
  received_at: string | null
  /** The day the report arrived, by which it is on time or late. */
  received_on: string | null
  chased_at: string | null
  chase_count: number
}

/** A period with every unit's state (the ReportPeriod fields are flattened in). */
export interface PeriodStatus extends ReportPeriod {
  workdays_left: number
  days_left: number
  level: Level
  /** 应报: the units listed; always on_time + late + missing. */
  required: number
  /** 已报: received on or before the due date. */
  on_time: number
  /** 迟报: received after the due date. */
  late: number
  /** 未报: nothing received. */
  missing: number
  /** on_time + late (kept for older callers). */
  reported: number
  units: UnitStatus[]
}

export interface TaskAlert {
  task_id: number
  code: string
  title: string
  lead_units: string[]
  deadline_text: string
  deadline: IsoDate
  status: TaskStatus
  workdays_left: number
  overdue: boolean
  level: Level
}

export interface Board {
  plan_id: number
  plan_title: string
  today: IsoDate
  rule_text: string
  /** The plan's first and last reporting period. */
  window_from: PeriodKey | null
  window_until: PeriodKey | null
  soon_days: number
  current: PeriodStatus | null
  next: PeriodStatus | null
  /**
   * The period of the main card and the unit grid: the latest past-due period that still has
   * 未报 or 迟报 units and that the clerk has not moved on from; else `current`.
   */
  focus: PeriodStatus | null
  /** The last period the clerk moved on from (转到下一期). */
  moved_on: PeriodKey | null
  overdue: PeriodStatus[]
  tasks: TaskAlert[]
  /** The plan's tasks by status, as 任务清单 shows them. */
  by_status?: StatusCount[]
  current_phase: Phase | null
  next_phase: Phase | null
  warnings: string[]
}

export interface ChaseMessage {
  plan_id: number
  period: PeriodKey
  unit_id: number
  unit: string
  contact_name: string
  contact_phone: string
  state: UnitState
  due: IsoDate
  workdays_left: number
  message: string
  chased_at: string | null
  chase_count: number
}

export interface ChaseList {
  plan_id: number
  period: PeriodKey
  label: string
  due: IsoDate
  workdays_left: number
  units: ChaseMessage[]
  message_all: string
}

export interface ChaseRecord {
  id: number
  plan_id: number
  unit_id: number
  unit: string
  period: PeriodKey
  chased_at: string
  message: string
}

export interface RemindSettings {
  soon_days: number
  task_soon_days: number
  chase_template: string
}

export interface CalendarImport {
  id: number
  file_name: string
  imported_at: string
  years: number[]
  replaced: number[]
}

export interface CalendarInfo {
  years: number[]
  imports: CalendarImport[]
}

export interface ExportOptions {
  include_previous: boolean
  password: string | null
  /** The office's contact printed on every unit's ledger under 报送截止; empty: left out. */
  contact_name: string
  contact_phone: string
}

export interface ExportedFile {
  file: string
  unit: string
  unit_id: number | null
  tasks: number
  /** The file of the name asked for, already there and kept: `file` then has another name (…（2）.xlsx). */
  kept_existing: string | null
}

/**
 * What an export does with a file of the same name already there: keep it and write the new one
 * beside it as …（2）.xlsx, or replace it — only a workbook this app exported that nobody has saved
 * since; a ledger a department filled in is always kept.
 */
export type Existing = 'keep_both' | 'replace'

export interface ExportProgress {
  done: number
  total: number
}

export interface DesktopSettings {
  enabled: boolean
  /** HH:MM */
  daily_at: string
  autostart: boolean
}

export interface SentNotice {
  at: string
  title: string
  body: string
  error: string | null
}

/** What the tray icon shows now. */
export interface TrayText {
  present: boolean
  tooltip: string
  count_item: string
}

export interface ReminderCounts {
  red: number
  yellow: number
}

/** The plan's whole reporting rule (plan::ReportRule), as set in 设置. */
export interface FullReportRule {
  day: number | null
  month_end: boolean
  covers: 'previous' | 'current'
  shift_to_workday: boolean
  monthly: boolean
  quarterly: boolean
  half_yearly: boolean
  from: PeriodKey | null
  until: PeriodKey | null
}
