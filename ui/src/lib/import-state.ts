// Files waiting to be imported: dropped on the window (anywhere) or chosen in the dialog. The
// 导入 page takes them from here.
import { reactive } from 'vue'

export type ImportKind = 'plan' | 'roster' | 'ledger'

export const importState = reactive({
  /** Paths dropped on the window and not yet taken by the 导入 page. */
  dropped: [] as string[],
  /** Bumped on every drop, so the page notices a second drop of the same files. */
  drops: 0,
  /** What the dropped files are, when the sender knows (待导入 hands over ledgers). */
  kind: null as ImportKind | null,
})

/** The lower-case extension of a path, without the dot. */
export function extensionOf(path: string): string {
  const name = path.split(/[\\/]/).pop() ?? path
  const dot = name.lastIndexOf('.')
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : ''
}

export function fileNameOf(path: string): string {
  return path.split(/[\\/]/).pop() ?? path
}

/**
 * What dropped files most likely are: a Word or text file is a plan; a workbook whose name says
 * 名单 is a roster, one that says 台账 (or several workbooks) are ledgers; `null` when the
 * clerk has to say (a single workbook named otherwise).
 */
export function guessKind(paths: string[]): ImportKind | null {
  if (paths.length === 0) return null
  const exts = paths.map(extensionOf)
  if (paths.length === 1 && ['docx', 'txt', 'doc', 'wps', 'pdf'].includes(exts[0])) return 'plan'
  if (paths.length > 1 || exts.some((e) => e === '')) return 'ledger'
  const name = fileNameOf(paths[0])
  if (/名单|成员/.test(name)) return 'roster'
  if (/台账|进展|报送/.test(name)) return 'ledger'
  if (/任务|清单|分解|分工|方案/.test(name)) return 'plan'
  return null
}
