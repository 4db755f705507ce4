import { describe, expect, it } from 'vitest'
import type { DraftTask, PlanDraft } from '../api/imports'
import { expandPhraseInDraft, mergeIntoPrevious, previewRows, renameUnit } from './draft-edit'

function task(code: string, title: string, lead: string[] = [], extra: Partial<DraftTask> = {}): DraftTask {
  return { section: 's1', code, title, requirements: '', lead, co: [], responsible: [], lead_inferred: false, deadline_text: '', ...extra }
}

function draft(tasks: DraftTask[]): PlanDraft {
  return {
    source: '示例.txt', title: '示例县方案', doc_no: '', issuer: '', year: 2025, start_date: null, end_date: null,
    sections: [{ key: 's1', parent: null, code: '一', title: '重点任务', level: 1 }],
    tasks, report_rule: null, phases: [], group: [], units: [], warnings: [],
  }
}

describe('draft edits', () => {
  it('merges a task into the one before it, keeping units once', () => {
    const d = draft([task('1', '健全制度', ['县司法局']), task('2', '加强培训', ['县司法局', '县人社局'], { deadline_text: '2025年6月底前' })])
    expect(mergeIntoPrevious(d, 1)).toBe(true)
    expect(d.tasks).toHaveLength(1)
    expect(d.tasks[0].requirements).toBe('加强培训')
    expect(d.tasks[0].lead).toEqual(['县司法局', '县人社局'])
    expect(d.tasks[0].deadline_text).toBe('2025年6月底前')
    expect(mergeIntoPrevious(d, 0)).toBe(false)
  })

  it('renames a unit everywhere without doubling it', () => {
    const d = draft([task('1', '甲', ['县司法局', '县司法厅'])])
    renameUnit(d, '县司法厅', '县司法局')
    expect(d.tasks[0].lead).toEqual(['县司法局'])
  })

  it('puts section headings before their first task', () => {
    const rows = previewRows(draft([task('1', '甲'), task('2', '乙')]))
    expect(rows.map((r) => r.kind)).toEqual(['section', 'task', 'task'])
    expect(rows[0].kind === 'section' && rows[0].label).toBe('一、重点任务')
  })

  it('shows a heading without tasks (the last task made a heading) where the section list puts it', () => {
    const d = draft([task('1', '甲'), task('2', '乙', [], { section: 's3' })])
    d.sections.push({ key: 's2', parent: 's1', code: '3', title: '空标题', level: 2 }, { key: 's3', parent: null, code: '二', title: '其他', level: 1 }, { key: 's4', parent: null, code: '三', title: '末尾', level: 1 })
    const labels = previewRows(d).map((r) => (r.kind === 'section' ? r.label : r.kind === 'task' ? r.task.title : ''))
    expect(labels).toEqual(['一、重点任务', '甲', '3、空标题', '二、其他', '乙', '三、末尾'])
  })

  it('expands a group phrase in its role and place; a unit already on the task keeps its role', () => {
    const d = draft([
      task('1', '甲', ['县司法局'], { co: ['县农业农村局', '各乡镇', '县财政局'] }),
      task('2', '乙', ['城关镇'], { responsible: ['各乡镇'] }),
      task('3', '丙', ['县司法局']),
    ])
    expect(expandPhraseInDraft(d, '各乡镇', ['城关镇', '河西乡'])).toBe(2)
    expect(d.tasks[0].co).toEqual(['县农业农村局', '城关镇', '河西乡', '县财政局'])
    expect(d.tasks[1].lead).toEqual(['城关镇'])
    expect(d.tasks[1].responsible).toEqual(['河西乡'])
    expect(d.tasks[2].co).toEqual([])
  })
})
