import { Channel } from '@tauri-apps/api/core'
import { open, save } from '@tauri-apps/plugin-dialog'
import { call, toAppError } from './tauri'
import type { Existing, ExportedFile, ExportOptions, ExportProgress, PeriodKey } from './remind-types'

/** Exports every unit's 工作台账 for `period` (and the 汇总) into `outDir`. */
export function exportLedgers(
  planId: number,
  period: PeriodKey,
  outDir: string,
  onProgress: (p: ExportProgress) => void,
  existing: Existing = 'keep_both',
): Promise<ExportedFile[]> {
  const channel = new Channel<ExportProgress>()
  channel.onmessage = onProgress
  return call<ExportedFile[]>('ledger', 'export', { planId, period, outDir, existing, onProgress: channel })
}
/** The files of that export already in `outDir` (to ask before exporting). */
export const ledgerExportConflicts = (planId: number, period: PeriodKey, outDir: string) =>
  call<string[]>('ledger', 'export_conflicts', { planId, period, outDir })
export const exportTaskList = (planId: number, path: string, existing: Existing = 'keep_both') =>
  call<ExportedFile>('ledger', 'export_task_list', { planId, path, existing })
export const exportRoster = (on: string, path: string, existing: Existing = 'keep_both') =>
  call<ExportedFile>('ledger', 'export_roster', { on, path, existing })
/** Writes 汇总查看 of `period` as a print-ready workbook to `path`; resolves to the path written. */
export const exportConsolidated = (planId: number, period: string, path: string, existing: Existing = 'keep_both') =>
  call<{ path: string; kept_existing: string | null }>('ledger', 'export_consolidated', { planId, period, path, existing })
export const getExportOptions = () => call<ExportOptions>('ledger', 'options')
export const saveExportOptions = (options: ExportOptions) => call<null>('ledger', 'save_options', { options })
/** Shows the file selected in the system's file manager (打开文件夹). */
export const revealFile = (path: string) => call<null>('ledger', 'reveal', { path })
/** TAIZHANG_EXPORT_DIR when set (tests): exports go there without a dialog. */
const fixedExportDir = () => call<string | null>('ledger', 'fixed_export_dir')

function join(dir: string, name: string): string {
  const sep = dir.includes('\\') && !dir.includes('/') ? '\\' : '/'
  return dir.endsWith(sep) ? dir + name : dir + sep + name
}

/** Asks for the export folder; null when the clerk cancelled. */
export async function chooseExportFolder(): Promise<string | null> {
  const fixed = await fixedExportDir()
  if (fixed) return fixed
  try {
    const picked = await open({ title: '选择导出台账的文件夹', directory: true, multiple: false })
    return typeof picked === 'string' ? picked : null
  } catch (error) {
    throw toAppError(error)
  }
}

/**
 * What to do with a file already at the path chosen in the save dialog: the system's dialog has
 * asked the clerk before replacing it ('replace', which still keeps anything but this app's own
 * unchanged exports); with TAIZHANG_EXPORT_DIR nobody was asked ('keep_both').
 */
export async function savedTargetChoice(): Promise<Existing> {
  return (await fixedExportDir()) ? 'keep_both' : 'replace'
}

/** The file name at the end of `path`. */
export function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path
}

/** Asks where to save a workbook named `defaultName`; null when the clerk cancelled. */
export function chooseXlsxTarget(title: string, defaultName: string): Promise<string | null> {
  return chooseSaveTarget(title, defaultName, { name: 'Excel 工作簿', extensions: ['xlsx'] })
}

/** Asks where to save a file named `defaultName` of the type `filter`; null when cancelled. */
export async function chooseSaveTarget(
  title: string,
  defaultName: string,
  filter: { name: string; extensions: string[] },
): Promise<string | null> {
  const fixed = await fixedExportDir()
  if (fixed) return join(fixed, defaultName)
  try {
    return await save({ title, defaultPath: defaultName, filters: [filter] })
  } catch (error) {
    throw toAppError(error)
  }
}
