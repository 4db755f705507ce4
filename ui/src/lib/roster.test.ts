import { describe, expect, it } from 'vitest'
import type { Member } from '../api/types'
import { groupByRole, printedRole } from './roster'

const m = (id: number, role: string, role_rank: number): Member => ({
  id,
  name: `成员${id}`,
  title: '',
  org: '',
  note: '',
  role,
  role_rank,
  from: null,
  to: null,
})

describe('groupByRole', () => {
  it('groups by role in rank order and keeps members in their order', () => {
    const groups = groupByRole([m(1, '成员', 4), m(2, '组长', 1), m(3, '副组长', 3), m(4, '成员', 4)])
    expect(groups.map((g) => g.role)).toEqual(['组长', '副组长', '成员'])
    expect(groups[2]?.members.map((x) => x.id)).toEqual([1, 4])
  })
  it('is empty for an empty roster', () => {
    expect(groupByRole([])).toEqual([])
  })
})

describe('printedRole', () => {
  it('spaces two-character roles like official rosters', () => {
    expect(printedRole('组长')).toBe('组\u3000长')
    expect(printedRole('副组长')).toBe('副组长')
  })
})
