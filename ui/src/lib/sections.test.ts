import { describe, expect, it } from 'vitest'
import type { Section } from '../api/types'
import { sectionTree } from './sections'

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
