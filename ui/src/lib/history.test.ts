import { describe, expect, it } from 'vitest'
import type { HistoryEntry } from '../api/ledger-import'
import { copiedNote, copiedSimilarity, diffChars, previousTexts } from './history'

function entry(period: string, unit_id: number, submission_id: number, text: string, replaced = false): HistoryEntry {
  return {
    period,
    unit_id,
    unit: `单位${unit_id}`,
    text,
    status: null,
    received_at: '',
    received_on: null,
    file_name: '',
    submission_id,
    replaced,
    change: 'new',
    copied_from: null,
    copied_unit: null,
    copied_similarity: null,
  }
}

describe('diffChars', () => {
  it('marks what was added and keeps what stayed', () => {
    expect(diffChars('完成案卷评查12卷', '完成案卷评查15卷并整改')).toEqual([
      { text: '完成案卷评查1', added: false },
      { text: '5', added: true },
      { text: '卷', added: false },
      { text: '并整改', added: true },
    ])
  })
  it('an unchanged text has nothing added, a first text is all new', () => {
    expect(diffChars('无', '无')).toEqual([{ text: '无', added: false }])
    expect(diffChars('', '新进展')).toEqual([{ text: '新进展', added: true }])
    expect(diffChars('旧进展', '')).toEqual([])
  })
  it('very long texts are shown without marks', () => {
    const long = '甲'.repeat(600)
    expect(diffChars(long, long + '乙')).toEqual([{ text: long + '乙', added: false }])
  })
})

describe('previousTexts', () => {
  it('takes the unit’s current report of its last earlier period, never a replaced one', () => {
    const prev = previousTexts([
      entry('2025-07', 1, 1, '七月'),
      entry('2025-08', 1, 2, '八月初稿', true),
      entry('2025-08', 1, 3, '八月定稿'),
      entry('2025-08', 2, 4, '乙八月'),
      entry('2025-10', 1, 5, '十月'),
    ])
    expect(prev.get(1)).toBeUndefined()
    expect(prev.get(2)).toBe('七月')
    expect(prev.get(3)).toBe('七月')
    expect(prev.get(4)).toBeUndefined()
    expect(prev.get(5)).toBe('八月定稿')
  })
})

describe('copiedNote', () => {
  it('names the period or the unit copied from', () => {
    expect(copiedNote(entry('2025-09', 1, 1, 'x'))).toBe('')
    expect(copiedNote({ ...entry('2025-09', 1, 1, 'x'), copied_from: '2025-07', copied_similarity: 1 })).toBe('照抄2025年7月')
    expect(copiedNote({ ...entry('2025-09', 1, 1, 'x'), copied_from: '2025-08', copied_similarity: 0.93 })).toBe('照抄2025年8月')
    expect(copiedSimilarity({ ...entry('2025-09', 1, 1, 'x'), copied_from: '2025-08', copied_similarity: 0.93 })).toBe('相似度 93%（去掉数字、日期和标点后）')
    expect(copiedNote({ ...entry('2025-09', 1, 1, 'x'), copied_from: '2025-09', copied_unit: '县财政局', copied_similarity: 1 })).toBe('照抄县财政局同期报送')
  })
})
