import { describe, expect, it } from 'vitest'
import type { Member } from '../api/types'
import { groupByRole, printedDescription, printedRole, printedRoster, rosterHeading } from './roster'

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

describe('printedRoster', () => {
  it('puts the 办公室 in a section of its own, roles without the prefix, nobody twice', () => {
    const director = { ...m(5, '办公室主任', 4), name: '田永辉' }
    const roster = printedRoster([
      m(1, '组长', 0),
      m(2, '成员', 3),
      director,
      { ...director, id: 6 },
      m(7, '办公室副主任', 5),
      m(8, '办公室成员', 6),
    ])
    expect(roster.group.map((g) => g.role)).toEqual(['组长', '成员'])
    expect(roster.office.map((g) => g.role)).toEqual(['主任', '副主任', '成员'])
    expect(roster.office[0]?.members.map((x) => x.name)).toEqual(['田永辉'])
  })
  it('has no 办公室 section when nobody is in it', () => {
    expect(printedRoster([m(1, '组长', 0)]).office).toEqual([])
  })
})

describe('rosterHeading', () => {
  it('is the group name and 名单, once', () => {
    expect(rosterHeading('示例县法治政府建设工作领导小组')).toBe('示例县法治政府建设工作领导小组名单')
    expect(rosterHeading('示例县领导小组成员名单')).toBe('示例县领导小组成员名单')
  })
})

describe('printedDescription', () => {
  const who = (title: string, org: string, note: string): Member => ({ ...m(1, '副组长', 3), title, org, note })
  it('gives 职务 and 单位, the 单位 left out when the 职务 names it', () => {
    expect(printedDescription(who('副局长', '县司法局', ''))).toBe('副局长，县司法局')
    expect(printedDescription(who('县司法局局长', '县司法局', ''))).toBe('县司法局局长')
  })
  it('adds the 备注 in brackets, and nothing for an empty one', () => {
    expect(printedDescription(who('县政府副县长', '', '常务'))).toBe('县政府副县长（常务）')
    expect(printedDescription(who('县政府副县长', '', '  '))).toBe('县政府副县长')
    expect(printedDescription(who('', '', '挂职'))).toBe('（挂职）')
  })
})
