// The JSON shapes of the `taizhang` core (serde, snake_case, dates as "YYYY-MM-DD").
import type { Evidence } from './evidence'

/** A calendar date, "YYYY-MM-DD". */
export type IsoDate = string

export interface ReportRule {
  day: number | null
  month_end: boolean
  covers: 'previous' | 'current'
}

export interface Phase {
  id: number
  name: string
  start: IsoDate | null
  end: IsoDate | null
  description: string
}

export interface Plan {
  id: number
  title: string
  doc_no: string
  issuer: string
  year: number | null
  start_date: IsoDate | null
  end_date: IsoDate | null
  report_rule: ReportRule
  report_rule_text: string
  phases: Phase[]
}

export interface Section {
  id: number
  plan_id: number
  parent_id: number | null
  code: string
  title: string
  level: number
  seq: number
}

export type TaskStatus = 'not_started' | 'in_progress' | 'done' | 'ongoing'
export type DeadlineKind = 'date' | 'recurring' | 'ongoing' | 'none'
export type Recurrence = 'monthly' | 'quarterly' | 'half_yearly' | 'yearly'

export interface Task {
  id: number
  plan_id: number
  section_id: number | null
  /** The section's code, e.g. （一）; empty when the task is in no section. */
  section: string
  section_title: string
  code: string
  title: string
  requirements: string
  /** 牵头单位, with group phrases of that role as written, in the plan's order. */
  lead_units: string[]
  co_units: string[]
  responsible_units: string[]
  /** The group phrases among those names (县直各有关部门, 各乡镇): task text, not units. */
  group_phrases: GroupPhrase[]
  deadline_text: string
  deadline: IsoDate | null
  deadline_kind: DeadlineKind
  recurrence: Recurrence | null
  /** From the units' reports, or as set by hand (the core's one rule, src/status.rs). */
  status: TaskStatus
  /** Where `status` comes from: 台账报送 / 手工设定 / 录入. */
  status_source?: StatusSource
  /** When the clerk last set the status by hand. */
  status_set_at?: string | null
  updated_at: string
  /** 逾期 today, by the core's rule and day (`TAIZHANG_TODAY` in tests). */
  overdue?: boolean
}

export type StatusSource = 'report' | 'manual' | 'entered'

/** What deleting a task affects (`taizhang::trash::TaskImpact`). */
export interface TaskImpact {
  task_id: number
  title: string
  /** Reports (one unit's entry for one month) the task holds. */
  reports: number
  /** Units that wrote those reports. */
  report_units: number
  /** Units the task names, each once. */
  units: number
  /** e.g. 该任务已有 12 份报送（3 个单位报送）、涉及 3 个单位；… */
  message: string
}

/** A task in the 回收站. */
export interface DeletedTask extends Task {
  /** `YYYY-MM-DD HH:MM:SS`, local time. */
  deleted_at: string
  reports: number
  report_units: number
}

/** A leadership-group member in the 回收站. */
export interface DeletedMember extends Member {
  deleted_at: string
}

/** Everything in the 回收站. */
export interface Trash {
  tasks: DeletedTask[]
  members: DeletedMember[]
  /** Removed 佐证材料, each with `deleted_at`. */
  evidence: Evidence[]
}

export interface TaskInput {
  plan_id: number
  section_id: number | null
  code: string
  title: string
  requirements: string
  deadline_text: string
  status: TaskStatus
  lead_units: string[]
  co_units: string[]
  responsible_units: string[]
}

export interface TaskFilter {
  plan_id?: number
  unit?: string
  section_id?: number
  status?: TaskStatus
  deadline_kind?: DeadlineKind
  due_before?: IsoDate
  /** Only tasks 逾期 today (the core's day). */
  overdue?: boolean
  /** Only tasks not done whose dated deadline is within this many days of today, overdue ones too. */
  due_within_days?: number
  query?: string
}

export type UnitKind = 'department' | 'township' | 'group'

export interface Unit {
  id: number
  name: string
  aliases: string[]
  kind: UnitKind
  contact_name: string
  contact_phone: string
  task_count: number
}

export interface UnitInput {
  name: string
  aliases: string[]
  kind: UnitKind
  contact_name: string
  contact_phone: string
}

export interface Member {
  id: number
  name: string
  title: string
  org: string
  role: string
  role_rank: number
  from: IsoDate | null
  to: IsoDate | null
  /** 备注: the annotation a roster wrote beside the name (兼, 挂职, *), or the clerk's. */
  note: string
}

export interface MemberInput {
  name: string
  title: string
  org: string
  role: string
  from: IsoDate | null
  to: IsoDate | null
  /** 备注; left out, the core stores an empty note. */
  note?: string
}

export interface StatusCount {
  status: TaskStatus
  count: number
}

export interface UnitCount {
  unit_id: number
  unit: string
  lead: number
  co: number
  responsible: number
  total: number
}

export interface Overview {
  plan: Plan
  task_count: number
  by_status: StatusCount[]
  by_unit: UnitCount[]
  current_phase: Phase | null
  next_phase: Phase | null
  overdue: number
}

export interface StoreInfo {
  db_path: string
  version: string
  schema_version: number
}

export type UnitRole = 'lead' | 'co' | 'responsible'

/** A group phrase on a task (各乡镇, 县直各有关部门): kept as written, never a unit. */
export interface GroupPhrase {
  phrase: string
  role: UnitRole
}

export interface GroupUnitRepair {
  name: string
  tasks: number
  reports: number
}

/** What turning group-phrase units back into task text did. */
export interface GroupRepair {
  turned_into_text: GroupUnitRepair[]
  kept_with_reports: GroupUnitRepair[]
}
