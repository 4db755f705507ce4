// A task's history across months: each unit's report set against its previous one, with the
// characters it added marked, and the 照抄 note of each report.
import type { HistoryEntry } from '../api/ledger-import'
import { formatPeriodKey } from './remind'

/** A piece of a text: as before, or added since. */
export interface Piece {
  text: string
  added: boolean
}

/** Above this many character pairs the texts are not compared (all shown as new). */
const MAX_CELLS = 250_000

/**
 * The pieces of `after` compared with `before` (longest common subsequence of characters):
 * what the unit wrote anew is `added`.
 */
export function diffChars(before: string, after: string): Piece[] {
  const a = [...before]
  const b = [...after]
  if (a.length === 0) return after ? [{ text: after, added: true }] : []
  if (a.length * b.length > MAX_CELLS) return after ? [{ text: after, added: false }] : []
  // lcs[i][j]: common length of a[i..] and b[j..].
  const w = b.length + 1
  const lcs = new Uint32Array((a.length + 1) * w)
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i * w + j] = a[i] === b[j] ? lcs[(i + 1) * w + j + 1] + 1 : Math.max(lcs[(i + 1) * w + j], lcs[i * w + j + 1])
    }
  }
  const out: Piece[] = []
  const push = (ch: string, added: boolean) => {
    const last = out[out.length - 1]
    if (last && last.added === added) last.text += ch
    else out.push({ text: ch, added })
  }
  let i = 0
  let j = 0
  while (j < b.length) {
    if (i < a.length && a[i] === b[j]) {
      push(b[j], false)
      i++
      j++
    } else if (i < a.length && lcs[(i + 1) * w + j] >= lcs[i * w + j + 1]) {
      i++
    } else {
      push(b[j], true)
      j++
    }
  }
  return out
}

/**
 * For each report (by submission), the text of the same unit's current report in its last
 * earlier period; none for a unit's first report.
 */
export function previousTexts(entries: HistoryEntry[]): Map<number, string> {
  const sorted = [...entries].sort((x, y) => x.period.localeCompare(y.period) || x.submission_id - y.submission_id)
  const last = new Map<number, { period: string; text: string }>()
  const earlier = new Map<number, string>()
  const out = new Map<number, string>()
  for (const e of sorted) {
    const l = last.get(e.unit_id)
    if (l && l.period < e.period) earlier.set(e.unit_id, l.text)
    const prev = earlier.get(e.unit_id)
    if (prev !== undefined) out.set(e.submission_id, prev)
    if (!e.replaced) last.set(e.unit_id, { period: e.period, text: e.text })
  }
  return out
}

/** The 照抄 note of a report: 照抄2025年7月 / 照抄县财政局同期报送. */
export function copiedNote(e: HistoryEntry): string {
  if (!e.copied_from) return ''
  return e.copied_unit ? `照抄${e.copied_unit}同期报送` : `照抄${formatPeriodKey(e.copied_from)}`
}

/** How alike the texts are, for the note's hover: 相似度 93%（去掉数字、日期和标点后）. */
export function copiedSimilarity(e: HistoryEntry): string {
  if (e.copied_similarity == null) return ''
  return `相似度 ${Math.round(e.copied_similarity * 100)}%（去掉数字、日期和标点后）`
}
