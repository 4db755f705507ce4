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
