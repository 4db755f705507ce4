// 导入: plan documents / task tables, 领导小组名单, and the 导入记录 (src-tauri/src/commands/import.rs).
import { call } from './tauri'
import type { IsoDate, UnitKind } from './types'

/** What files are chosen for; decides the dialog's title and filter. */
export type PickKind = 'plan' | 'roster' | 'ledgers' | 'ledger_folder' | 'calendar'

export interface DraftSection {
  key: string
  parent: string | null
  code: string
  title: string
  level: number
}

export interface DraftTask {
  section: string | null
  code: string
  title: string
  requirements: string
  lead: string[]
  co: string[]
  responsible: string[]
  /** The lead is a guess (the first unit of a 责任单位 list). */
  lead_inferred: boolean
  deadline_text: string
  /** Units its text names that it does not have: offered as chips (牵头 / 配合). */
  text_units?: TextUnit[]
}

/** A unit named in a task's text; `role` is what the text says, when it says. */
export interface TextUnit {
  name: string
  role: 'lead' | 'co' | 'responsible' | null
}

/** A point in a task's text: characters before it in the title or the requirements. */
export interface SplitAt {
  field: 'title' | 'requirements'
  at: number
}

/** A sentence boundary offered in the split dialog. */
export interface SplitChoice {
  at: SplitAt
  before: string
  after: string
}

/** One edit of the preview, applied by the core (src/plan/draft/edit.rs); tasks by index. */
export type DraftEdit =
  | { op: 'set_lead'; tasks: number[]; units: string[] }
  | { op: 'add_lead'; tasks: number[]; units: string[] }
  | { op: 'add_co'; tasks: number[]; units: string[] }
  | { op: 'clear_units'; tasks: number[] }
  | { op: 'split'; task: number; at: SplitAt }
  | { op: 'merge'; tasks: number[]; deadline: string | null }
  | { op: 'promote'; task: number }
  | { op: 'demote'; section: string }
  | { op: 'to_simplified' }

export interface DraftRule {
  day: number | null
  month_end: boolean
  covers: 'previous' | 'current'
  text: string
  /** First reporting period as the plan states it (8月开始 → "2025-08"); null: the plan's start. */
  from?: string | null
  /** Last reporting period as the plan states it (至年底 → "2025-12"); null: the plan's end. */
  until?: string | null
}

export interface DraftPhase {
  name: string
  range_text: string
  start: IsoDate | null
  end: IsoDate | null
  description: string
}

export interface DraftMember {
  name: string
  title: string
  org: string
  role: string
}

export interface DraftUnit {
  name: string
  /** The directory unit it is; null: added as a new unit. */
  unit_id: number | null
  unit_name: string | null
  /** [id, name] of a directory unit that looks the same, for the clerk to confirm. */
  suggestion: [number, string] | null
  is_group: boolean
  kind: UnitKind
  tasks: number
  /** Mapped by the clerk to a unit that does not know the name: it becomes that unit's alias. */
  becomes_alias?: boolean
}

export interface PlanDraft {
  source: string
  title: string
  doc_no: string
  issuer: string
  year: number | null
  start_date: IsoDate | null
  end_date: IsoDate | null
  sections: DraftSection[]
  tasks: DraftTask[]
  report_rule: DraftRule | null
  phases: DraftPhase[]
  group: DraftMember[]
  units: DraftUnit[]
  warnings: string[]
  /** Some text is in traditional characters: 转为简体 is offered. */
  traditional?: boolean
}

export interface MergeTask {
  task_id: number | null
  code: string
  title: string
  fields: string[]
}

export interface MergePlan {
  plan_id: number
  batch_id: number | null
  sections_added: string[]
  tasks_added: MergeTask[]
  tasks_changed: MergeTask[]
  tasks_unchanged: number
  tasks_not_in_file: MergeTask[]
  units_added: string[]
}

export interface PlanUndoReport {
  plan_id: number
  title: string
  tasks: number
  units_removed: string[]
  units_kept: string[]
  members_removed: number
  plan_removed: boolean
  tasks_restored: number
}

export type EntryStatus = 'new' | 'same' | 'changed'

export interface RosterEntry extends DraftMember {
  sheet: string
  row: number
  status: EntryStatus
  member_id: number | null
  /** The annotation beside the name in the file (兼, 挂职, *), kept as the member's note. */
  note: string
}

/** A row whose name could not be read: reported, and no member leaves because of it. */
export interface UnreadableRow {
  sheet: string
  row: number
  text: string
}

export interface Leaving {
  member_id: number
  name: string
  role: string
  to: IsoDate | null
}

export interface RosterDraft {
  source: string
  title: string
  on: IsoDate | null
  members: RosterEntry[]
  /** Members missing from the file who leave the day before `on`; only with `retire` set. */
  leaving: Leaving[]
  /** Members missing from the file who stay because a row could not be read. */
  kept: Leaving[]
  unreadable: UnreadableRow[]
  /** The clerk confirmed that the members in `leaving` leave. */
  retire: boolean
  warnings: string[]
  /** 成员单位 a notice lists as bodies: committed as units of the directory, never as people. */
  bodies: RosterBody[]
}

/** A member body (成员单位) of the group; `unit_id` null: the import adds it as a unit. */
export interface RosterBody {
  name: string
  unit_id: number | null
}

export interface RosterCommit {
  batch_id: number | null
  added: number
  updated: number
  left: number
  unchanged: number
  /** 成员单位 added to the directory of units. */
  units_added: number
}

export interface RosterUndo {
  batch_id: number
  file: string
  removed: number
  restored: number
  /** Units the import had added, removed again. */
  units_removed: number
}

export type RecordKind = 'plan' | 'plan_merge' | 'roster'

export interface ImportRecord {
  kind: RecordKind
  id: number
  plan_id: number | null
  plan_title: string
  file_name: string
  imported_at: string
  can_undo: boolean
}

/** Opens the file dialog; resolves to the chosen paths (empty when cancelled). */
export const pickFiles = (what: PickKind) => call<string[]>('import', 'pick', { what })

export const planDraft = (path: string) => call<PlanDraft>('import', 'plan_draft', { path })
export const planRematch = (draft: PlanDraft) => call<PlanDraft>('import', 'plan_rematch', { draft })
/** Applies one preview edit in the core; resolves to the edited draft (nothing written). */
export const planEdit = (draft: PlanDraft, edit: DraftEdit) => call<PlanDraft>('import', 'plan_edit', { draft, edit })
export const planSplitPoints = (task: DraftTask) => call<SplitChoice[]>('import', 'plan_split_points', { task })
/** Writes the draft as a new plan; resolves to its id. */
export const planCommit = (draft: PlanDraft) => call<number>('import', 'plan_commit', { draft })
export const planMergePreview = (planId: number, draft: PlanDraft) =>
  call<MergePlan>('import', 'plan_merge_preview', { planId, draft })
export const planCommitInto = (planId: number, draft: PlanDraft) =>
  call<MergePlan>('import', 'plan_commit_into', { planId, draft })
export const planUndo = (planId: number) => call<PlanUndoReport>('import', 'plan_undo', { planId })

export const rosterDraft = (path: string, on: IsoDate | null = null) =>
  call<RosterDraft>('import', 'roster_draft', { path, on })
export const rosterCommit = (draft: RosterDraft) => call<RosterCommit>('import', 'roster_commit', { draft })
export const rosterUndo = (batchId: number | null = null) => call<RosterUndo>('import', 'roster_undo', { batchId })

export const importHistory = () => call<ImportRecord[]>('import', 'history')
