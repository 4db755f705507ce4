import { describe, expect, it } from 'vitest'
import type { PlanDraft } from '../api/imports'
import { DraftHistory } from './draft-history'

function draft(titles: string[]): PlanDraft {
  return {
    source: '示例.docx', title: '示例县方案', doc_no: '', issuer: '', year: 2026, start_date: null, end_date: null,
    sections: [],
    tasks: titles.map((title, i) => ({ section: null, code: String(i + 1), title, requirements: '', lead: [], co: [], responsible: [], lead_inferred: false, deadline_text: '' })),
    report_rule: null, phases: [], group: [], units: [], warnings: [],
  }
}

describe('撤销 in the preview', () => {
  it('undoes edits one at a time, newest first, and then has nothing left', () => {
    const a = draft(['甲乙'])
    const h = new DraftHistory(a)
    const b = draft(['甲', '乙'])
    h.edited(a, b)
    const c = draft(['甲', '乙', '丙'])
    h.edited(b, c)
    expect(h.steps.value).toBe(2)
    expect(h.undo(c)).toEqual(b)
    expect(h.undo(b)).toEqual(a)
    expect(h.undo(a)).toBeNull()
    expect(h.steps.value).toBe(0)
  })

  it('takes back typing not yet recorded before any older step', () => {
    const a = draft(['甲'])
    const h = new DraftHistory(a)
    const typed = draft(['甲（已改）'])
    expect(h.undo(typed)).toEqual(a)
    h.checkpoint(typed)
    expect(h.steps.value).toBe(1)
    const split = draft(['甲（已', '改）'])
    h.edited(typed, split)
    expect(h.undo(split)).toEqual(typed)
    expect(h.undo(typed)).toEqual(a)
  })

  it('does not count units matched again as an edit of the clerk', () => {
    const a = draft(['甲'])
    const h = new DraftHistory(a)
    const matched = { ...draft(['甲']), units: [{ name: '县司法局', unit_id: 1, unit_name: '县司法局', suggestion: null, is_group: false, kind: 'department' as const, tasks: 1 }] }
    h.adopt(matched)
    h.checkpoint(matched)
    expect(h.steps.value).toBe(0)
  })
})
