// Sections of a plan as a tree for the 任务清单's left panel.
import type { Section } from '../api/types'

export interface SectionNode {
  id: number
  label: string
  children: SectionNode[]
}

/** Builds the tree from the flat list (parents before or after children, any order of `seq`). */
export function sectionTree(sections: Section[]): SectionNode[] {
  const sorted = [...sections].sort((a, b) => a.seq - b.seq || a.id - b.id)
  const nodes = new Map<number, SectionNode>()
  for (const s of sorted) nodes.set(s.id, { id: s.id, label: `${s.code}${s.title}`, children: [] })
  const roots: SectionNode[] = []
  for (const s of sorted) {
    const node = nodes.get(s.id)
    if (!node) continue
    const parent = s.parent_id != null ? nodes.get(s.parent_id) : undefined
    if (parent) parent.children.push(node)
    else roots.push(node)
  }
  return roots
}
