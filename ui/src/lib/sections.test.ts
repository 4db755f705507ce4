import { describe, expect, it } from 'vitest'
import type { Section, Task } from '../api/types'
import { sectionLabel, sectionTree, taskListLines } from './sections'

const s = (id: number, parent_id: number | null, code: string, title: string, seq: number): Section => ({
  id,
  plan_id: 1,
  parent_id,
  code,
  title,
  level: parent_id == null ? 1 : 2,
  seq,
})

describe('sectionTree', () => {
  it('nests children under their parent in seq order', () => {
    const tree = sectionTree([
      s(3, 1, '（二）', '规范执法', 3),
      s(1, null, '一、', '主要任务', 1),
      s(2, 1, '（一）', '科学决策', 2),
      s(4, null, '二、', '保障措施', 4),
    ])
    expect(tree.map((n) => n.label)).toEqual(['一、主要任务', '二、保障措施'])
    expect(tree[0]?.children.map((n) => n.label)).toEqual(['（一）科学决策', '（二）规范执法'])
  })
  it('keeps a section whose parent is missing at the top', () => {
    expect(sectionTree([s(5, 99, '（三）', '孤立', 1)]).map((n) => n.id)).toEqual([5])
  })
})

const t = (id: number, section_id: number | null, code: string, extra: Partial<Task> = {}): Task => ({
  id,
  plan_id: 1,
  section_id,
  section: '',
  section_title: '',
  code,
  title: `任务${id}`,
  requirements: '',
  lead_units: [],
  co_units: [],
  responsible_units: [],
  group_phrases: [],
  deadline_text: '',
  deadline: null,
  deadline_kind: 'none',
  recurrence: null,
  status: 'not_started',
  updated_at: '',
  ...extra,
})

describe('taskListLines', () => {
  const sections = [s(1, null, '一、', '主要任务', 1), s(2, 1, '（一）', '科学决策', 2), s(3, 1, '（二）', '规范执法', 3)]
  it('puts each section, outermost first, before its first task only', () => {
    const lines = taskListLines([t(10, 2, '1'), t(11, 2, '2'), t(12, 3, '3'), t(13, null, '')], sections)
    expect(lines.map((l) => (l.kind === 'section' ? l.label : l.seq))).toEqual([
      '一、主要任务',
      '（一）科学决策',
      '1',
      '2',
      '（二）规范执法',
      '3',
      '4',
    ])
    expect(lines.filter((l) => l.kind === 'section').map((l) => (l.kind === 'section' ? l.level : 0))).toEqual([1, 2, 2])
  })
  it('lists lead then answering units, and reads a dated deadline in Chinese', () => {
    const [line] = taskListLines(
      [t(10, null, '1', { lead_units: ['县司法局'], responsible_units: ['各乡镇'], co_units: ['县财政局', '县人社局'], deadline: '2025-06-30' })],
      [],
    )
    expect(line).toMatchObject({ kind: 'task', lead: '县司法局、各乡镇', co: '县财政局、县人社局', deadline: '2025年6月30日' })
    const [text] = taskListLines([t(11, null, '2', { deadline_text: '2025年6月底前', deadline: '2025-06-30' })], [])
    expect(text).toMatchObject({ deadline: '2025年6月底前' })
  })
})

describe('sectionLabel', () => {
  it('puts back the 、 after a bare numeral, as the plan wrote it', () => {
    expect(sectionLabel('二', '重点任务')).toBe('二、重点任务')
    expect(sectionLabel('3', '完善制度')).toBe('3.完善制度')
    expect(sectionLabel('(一)', '强化法治思维')).toBe('(一)强化法治思维')
    expect(sectionLabel('二、', '重点任务')).toBe('二、重点任务')
    expect(sectionLabel('', '未编号')).toBe('未编号')
  })
  it('labels the tree with it', () => {
    const tree = sectionTree([s(1, null, '二', '重点任务', 1), s(2, 1, '(一)', '强化学习', 2)])
    expect(tree[0].label).toBe('二、重点任务')
    expect(tree[0].children[0].label).toBe('(一)强化学习')
  })
})
