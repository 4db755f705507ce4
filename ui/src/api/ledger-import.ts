// 导入工作台账: preview → commit (progress bar) → undo, the batches of 导入记录, and the 汇总 of a
// period (src-tauri/src/commands/ledger.rs, core taizhang::ledger::import / consolidate).
import { Channel } from '@tauri-apps/api/core'
import { call } from './tauri'
import type { StatusSource, TaskStatus } from './types'
import type { ExportProgress, PeriodKey } from './remind-types'
import type { CommitChoices, CommitReport, Copied, ImportOptions, ImportPreview, MatchKind } from './generated'
// The preview travels to the window and back as the data of record: its types are generated
// from the Rust ones (src/window_types.rs), so no field can be dropped on the way.
export type {
  CommitChoices,
  CommitReport,
  Conflict,
  Copied,
  Counts,
  FileChoice,
  FileOverride,
  FilePreview,
  FileResult,
  FileState,
  IdentityConflict,
  ImportOptions,
  ImportPreview,
  Issue,
  MatchKind,
  NamedFile,
  Outcome,
  PreviewRow,
  ReceivedSource,
  RowChoice,
  RowState,
  Source,
  Sources,
  StatusChoice,
  StatusReading,
} from './generated'

export interface LedgerUndo {
  batch: number
  files: number
  entries: number
  restored: number
}

export interface BatchFile {
  /** The report the file brought (撤销 removes it). */
  submission_id: number
  /** When it was imported, and the day it arrived (YYYY-MM-DD). */
  received_at: string
  received_on: string | null
  file_name: string
  file_path: string
  plan_id: number
  unit: string
  period: PeriodKey
  superseded: boolean
  rows: number
  matched: number
  new: number
  unchanged_from_previous: number
  unmatched: number
}

export interface BatchSummary {
  id: number
  imported_at: string
  rows: number
  files: BatchFile[]
}

export type Change = 'new' | 'changed' | 'unchanged' | 'missing'

export interface UnitProgress {
  unit_id: number
  unit: string
  text: string
  status: TaskStatus | null
  previous_text: string | null
  previous_status: TaskStatus | null
  change: Change
  /** 照抄: where the text was copied from. */
  copied?: Copied | null
}

export interface ConsolidatedTask {
  task_id: number
  code: string
  title: string
  section: string
  /** The task's status as of the period, by the same rule as 任务清单. */
  status: TaskStatus
  status_source: StatusSource
  units: UnitProgress[]
}

export interface Consolidated {
  plan_id: number
  period: PeriodKey
  previous: PeriodKey
  tasks: ConsolidatedTask[]
  units_reported: number
  units_missing: string[]
  new: number
  changed: number
  unchanged: number
  missing: number
  /** Reports marked 照抄. */
  copied?: number
}

export const ledgerImportPreview = (files: string[], options: ImportOptions) =>
  call<ImportPreview>('ledger', 'import_preview', { files, options })

export function ledgerImportCommit(
  preview: ImportPreview,
  choices: CommitChoices,
  onProgress: (p: ExportProgress) => void,
): Promise<CommitReport> {
  const channel = new Channel<ExportProgress>()
  channel.onmessage = onProgress
  return call<CommitReport>('ledger', 'import_commit', { preview, choices, onProgress: channel })
}

export const ledgerImportUndo = (batch: number) => call<LedgerUndo>('ledger', 'import_undo', { batch })
export const ledgerImportBatches = () => call<BatchSummary[]>('ledger', 'import_batches')

/** One batch of a page of 导入记录: its first files only (`BatchHead`). */
export interface BatchHead extends BatchSummary {
  file_count: number
}
export interface BatchPage {
  total: number
  batches: BatchHead[]
}
/** A page of the 工作台账 import batches, newest first. */
export const ledgerImportBatchPage = (offset: number, limit: number) =>
  call<BatchPage>('ledger', 'import_batch_page', { offset, limit })
/** Every file of one batch. */
export const ledgerImportBatchFiles = (batch: number) => call<BatchFile[]>('ledger', 'import_batch_files', { batch })

/** A report's 收到日期 corrected. */
export interface ReceivedChange {
  submission_id: number
  unit: string
  period: PeriodKey
  file_name: string
  before: string | null
  received_on: string
}
export const ledgerSetReceived = (submissionId: number, day: string) =>
  call<ReceivedChange>('ledger', 'set_received', { submissionId, day })

/** A row of an imported file as read, with the task it was matched to as that task reads now. */
export interface ReadRow {
  sheet: string
  row: number
  code?: string
  title?: string
  task_id: number | null
  matched_by: MatchKind
  progress?: string
  status?: string
  dept_section?: string
  person?: string
  remark?: string
  extra?: [string, string][]
  task_code: string
  task_title: string
}

/** Every row read from the file of one report (matched or not). */
export const ledgerImportRows = (submissionId: number) => call<ReadRow[]>('ledger', 'import_rows', { submissionId })
export const consolidatedView = (planId: number, period: PeriodKey) =>
  call<Consolidated>('ledger', 'consolidated', { planId, period })

/** Which reports of the 汇总 to show, and which page of its tasks (`ConsolidatedQuery`). */
export interface ConsolidatedQuery {
  unit_id: number | null
  change: Change | null
  only_changed: boolean
  /** Only reports marked 照抄. */
  only_copied: boolean
  /** The first task of the page, among those the filter lets through. */
  offset: number
  /** At most this many tasks (0: all). */
  limit: number
}

/** One page of the 汇总: the counts over the whole plan, the page's tasks, and how many tasks pass the filter. */
export interface ConsolidatedPage extends Consolidated {
  total_tasks: number
  offset: number
}

export const consolidatedPage = (planId: number, period: PeriodKey, query: ConsolidatedQuery) =>
  call<ConsolidatedPage>('ledger', 'consolidated_page', { planId, period, query })

/** One report on a task (`taizhang::ledger::consolidate::HistoryEntry`). */
export interface HistoryEntry {
  period: PeriodKey
  unit_id: number
  unit: string
  text: string
  status: TaskStatus | null
  received_at: string
  /** The day the report arrived. */
  received_on: string | null
  file_name: string
  submission_id: number
  /** A later report for the same unit and period replaced this one. */
  replaced: boolean
  /** Compared with the unit's report of its last earlier period. */
  change: Change
  /** 照抄: the period (and unit, for another unit's text) the text repeats. */
  copied_from: PeriodKey | null
  copied_unit: string | null
  copied_similarity: number | null
}

/** Every unit's reporting state for a period (`ledger status`). */
export interface LedgerUnitStatus {
  unit_id: number
  unit: string
  contact_name: string
  contact_phone: string
  reported: boolean
  /** When the report was imported, and the day it arrived. */
  received_at: string | null
  received_on: string | null
  /** The period's due date; 按时 (true) / 迟报 (false) by received_on. */
  due: string | null
  on_time: boolean | null
  rows: number
  changed: number
}

export const ledgerStatus = (planId: number, period: PeriodKey) =>
  call<LedgerUnitStatus[]>('ledger', 'status', { planId, period })
/** Periods with reports on the plan, newest first. */
export const reportedPeriods = (planId: number) => call<PeriodKey[]>('ledger', 'periods', { planId })
export const taskHistory = (taskId: number) => call<HistoryEntry[]>('ledger', 'task_history', { taskId })
/** 照抄识别的相似度阈值 (0.5–1, default 0.9). */
export const copiedThreshold = () => call<number>('ledger', 'copied_threshold')
export const setCopiedThreshold = (threshold: number) => call<number>('ledger', 'set_copied_threshold', { threshold })
