// The 领导小组 roster grouped by role, in rank order.
import type { Member } from '../api/types'

export interface RoleGroup {
  role: string
  rank: number
  members: Member[]
}

export function groupByRole(members: Member[]): RoleGroup[] {
  const groups = new Map<string, RoleGroup>()
  for (const m of members) {
    const g = groups.get(m.role) ?? { role: m.role, rank: m.role_rank, members: [] }
    g.rank = Math.min(g.rank, m.role_rank)
    g.members.push(m)
    groups.set(m.role, g)
  }
  return [...groups.values()].sort((a, b) => a.rank - b.rank || a.role.localeCompare(b.role, 'zh-CN'))
}

/** "组长" → "组　长" as printed on official rosters (two-character roles spaced to match). */
export function printedRole(role: string): string {
  return role.length === 2 ? `${role[0]}\u3000${role[1]}` : role
}

/**
 * What follows a member's name on the printed roster: 职务, then 单位 unless the 职务 names it,
 * then the 备注 (兼, 挂职 …) in brackets — "县政府副县长（常务）".
 */
export function printedDescription(m: Member): string {
  const text = [m.title, m.org && !m.title.includes(m.org) ? m.org : ''].filter((s) => s).join('，')
  const note = m.note.trim()
  return note ? `${text}（${note}）` : text
}

/** The roster as printed: the group's roles, then its 办公室 as a section of its own. */
export interface PrintedRoster {
  group: RoleGroup[]
  /** 办公室主任 / 办公室副主任 / 办公室成员, their roles printed as 主任 / 副主任 / 成员. */
  office: RoleGroup[]
}

const OFFICE = '办公室'

/**
 * Splits the roster into the group and its 办公室, each role once and each person once per role
 * (a member entered twice is printed once).
 */
export function printedRoster(members: Member[]): PrintedRoster {
  const seen = new Set<string>()
  const unique = members.filter((m) => {
    const key = `${m.role}\u0000${m.name}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
  const groups = groupByRole(unique)
  return {
    group: groups.filter((g) => !g.role.startsWith(OFFICE)),
    office: groups
      .filter((g) => g.role.startsWith(OFFICE))
      .map((g) => ({ ...g, role: g.role.slice(OFFICE.length) || '成员' })),
  }
}

/** 示例县法治政府建设工作领导小组 → 示例县法治政府建设工作领导小组名单 (no 名单 twice). */
export function rosterHeading(groupName: string): string {
  const name = groupName.trim()
  return name.endsWith('名单') ? name : `${name}名单`
}
