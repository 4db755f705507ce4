// 导入工作台账: preview → commit (progress bar) → undo, the batches of 导入记录, and the 汇总 of a
// period (src-tauri/src/commands/ledger.rs, core taizhang::ledger::import / consolidate).
import { Channel } from '@tauri-apps/api/core'
import { call } from './tauri'
import type { StatusSource, TaskStatus } from './types'
import type { ExportProgress, PeriodKey } from './remind-types'

export type FileState = 'ready' | 'already_imported' | 'duplicate' | 'failed'
export type Source = 'chosen' | 'identity' | 'form' | 'file_name'
export type RowState = 'new' | 'unchanged' | 'empty' | 'unmatched' | 'duplicate'
export type MatchKind = 'key' | 'code' | 'title' | 'chosen' | 'none'

export interface FileOverride {
  file: string
  unit: string | null
  period: PeriodKey | null
  /** 收到日期 of this file, YYYY-MM-DD. */
  received?: string | null
}

export interface ImportOptions {
  plan_id: number | null
  unit: string | null
  period: PeriodKey | null
  /** 收到日期 of every file, YYYY-MM-DD. */
  received?: string | null
  files: FileOverride[]
}

/** Where a file's 收到日期 came from. */
export type ReceivedSource = 'file_time' | 'manual' | 'import_day'

/** What the hidden identity, the 填报单位 / 报送期次 line and the file name say. */
export interface Sources<T> {
  identity: T | null
  form: T | null
  file_name: T | null
}

/** A file whose identity, header and name disagree: not imported until the clerk chooses. */
export interface IdentityConflict {
  unit: Sources<string> | null
  period: Sources<PeriodKey> | null
}

export interface Issue {
  level: 'error' | 'warning'
  kind: string
  message: string
  sheet: string | null
  row: number | null
  column: string | null
}

export interface PreviewRow {
  sheet: string
  row: number
  code: string
  title: string
  task_id: number | null
  task_code: string
  task_title: string
  matched_by: MatchKind
  score: number
  doubtful: boolean
  note: string
  progress: string
  status: TaskStatus | null
  status_text: string
  /** How 完成状态 was read; mapped / guessed / unknown rows are shown before importing. */
  status_reading?: StatusReading
  /** Matched, but the department changed the task's text (`title`) from ours (`task_title`). */
  title_edited?: boolean
  previous: string | null
  state: RowState
  not_assigned: boolean
  /** 照抄: the progress repeats the unit's earlier report on the task, or another unit's. */
  copied?: Copied | null
  /** Files named in the row's 佐证材料 column, found in the ledger's folder or not. */
  evidence?: NamedFile[]
}

/** A file named in a ledger row's 佐证材料 column (`taizhang::evidence::named::NamedFile`). */
export interface NamedFile {
  /** The name as written. */
  name: string
  /** The file found beside the ledger (attached on import). */
  path?: string
  size: number
  /** Why it was not found (未找到：…). */
  note?: string
}

/** Where a report's text was copied from (`taizhang::copied::Copied`). */
export interface Copied {
  from_period: PeriodKey
  /** Similarity once numbers, dates and punctuation are set aside, 0–1. */
  similarity: number
  /** The same characters (whitespace aside). */
  identical: boolean
  from_unit_id: number | null
  /** Another unit's report of the same period (null: the unit's own earlier report). */
  from_unit: string | null
  /** The earlier text. */
  text: string
  /** 与上期相同 / 与2025年7月基本相同 / 与县财政局本期报送相同. */
  label: string
}

export interface Counts {
  rows: number
  matched: number
  new: number
  unchanged_from_previous: number
  empty: number
  unmatched: number
  doubtful: number
  /** Matched rows marked 照抄. */
  copied?: number
}

export interface Conflict {
  submission_id: number | null
  file_name: string
  received_at: string
  received_on: string | null
  rows: number
}

export interface FilePreview {
  file: string
  file_name: string
  hash: string
  state: FileState
  plan_id: number | null
  plan_title: string
  unit_id: number | null
  unit: string
  unit_source: Source | null
  period: PeriodKey | null
  period_source: Source | null
  ours: boolean
  rows: PreviewRow[]
  counts: Counts
  conflict: Conflict | null
  already_imported: { batch_id: number; imported_at: string; file_name: string } | null
  /** 收到日期 (YYYY-MM-DD): the day the file arrived, by which it is on time or late. */
  received_on: string | null
  received_source: ReceivedSource | null
  /** The file's modification day. */
  file_time: string | null
  /** The earliest possible 收到日期: the day reporting on the period opens. */
  received_from: string | null
  identity_conflict: IdentityConflict | null
  issues: Issue[]
}

export interface ImportPreview {
  files: FilePreview[]
}

export interface RowChoice {
  sheet: string
  row: number
  task_id: number | null
}

/** The clerk's status for a row whose 完成状态 word was shown (null: no status recorded). */
export interface StatusChoice {
  sheet: string
  row: number
  status: TaskStatus | null
}

export interface FileChoice {
  file: string
  skip: boolean
  replace: boolean | null
  /** 收到日期 over the preview's, YYYY-MM-DD. */
  received?: string | null
  rows: RowChoice[]
  /** Decided statuses over the proposed ones. */
  statuses?: StatusChoice[]
}

export interface CommitChoices {
  replace: boolean
  accept_doubtful: boolean
  received?: string | null
  files: FileChoice[]
}

export type Outcome = 'imported' | 'skipped' | 'kept' | 'already_imported' | 'duplicate' | 'failed'

export interface FileResult {
  file: string
  file_name: string
  unit: string
  period: PeriodKey | null
  outcome: Outcome
  submission_id: number | null
  received_on: string | null
  replaced: number | null
  entries: number
  counts: Counts
}

export interface CommitReport {
  batch: number | null
  files: FileResult[]
}

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

export type StatusReading = 'empty' | 'exact' | 'mapped' | 'guessed' | 'unknown'

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
