import { describe, expect, it } from 'vitest'
import type { Change, Consolidated, ConsolidatedTask, HistoryEntry } from '../api/ledger-import'
import { formatReceived, groupBySection, historyByPeriod } from './consolidated'

const unit = (unit_id: number, change: Change) => ({
  unit_id,
  unit: `单位${unit_id}`,
  text: change === 'missing' ? '' : '本期进展',
  status: null,
  previous_text: change === 'new' ? null : '上期进展',
  previous_status: null,
  change,
})

const task = (task_id: number, section: string, units: ConsolidatedTask['units']): ConsolidatedTask => ({
  task_id,
  code: String(task_id),
  title: `任务${task_id}`,
  section,
  status: 'in_progress',
  status_source: 'report',
  units,
})

const view: Consolidated = {
  plan_id: 1,
  period: '2025-09',
  previous: '2025-08',
  tasks: [
    task(1, '一、', [unit(1, 'new'), unit(2, 'unchanged')]),
    task(2, '一、', [
      unit(2, 'changed'),
      {
        ...unit(3, 'changed'),
        copied: { from_period: '2025-07', similarity: 0.94, identical: false, from_unit_id: null, from_unit: null, text: '七月进展', label: '与2025年7月基本相同' },
      },
    ]),
    task(3, '二、', []),
    task(4, '一、', [unit(1, 'missing')]),
  ],
  units_reported: 2,
  units_missing: ['单位3'],
  new: 1,
  changed: 1,
  unchanged: 1,
  missing: 1,
}

describe('groupBySection', () => {
  it('groups consecutive tasks of a section, in plan order', () => {
    const groups = groupBySection(view.tasks)
    expect(groups.map((g) => [g.section, g.tasks.map((t) => t.task_id)])).toEqual([
      ['一、', [1, 2]],
      ['二、', [3]],
      ['一、', [4]],
    ])
  })
})

describe('formatReceived', () => {
  it('shows the date the Chinese way with the time', () => {
    expect(formatReceived('2025-10-06 09:05:41')).toBe('2025年10月6日 09:05')
    expect(formatReceived(null)).toBe('')
  })
})

describe('historyByPeriod', () => {
  const entry = (period: string, unit_id: number, submission_id: number, replaced: boolean): HistoryEntry => ({
    period,
    unit_id,
    unit: `单位${unit_id}`,
    text: `报送${submission_id}`,
    status: null,
    received_at: '2025-10-06 09:00:00',
    received_on: '2025-10-05',
    file_name: `${submission_id}.xlsx`,
    submission_id,
    replaced,
    change: 'new',
    copied_from: null,
    copied_unit: null,
    copied_similarity: null,
  })
  it('puts the newest period first and a unit’s current report before the replaced one', () => {
    // as the core lists them: oldest period first, by unit, then as received
    const h = historyByPeriod([entry('2025-08', 2, 1, false), entry('2025-09', 1, 3, false), entry('2025-09', 2, 2, true), entry('2025-09', 2, 4, false)])
    expect(h.map((p) => p.period)).toEqual(['2025-09', '2025-08'])
    expect(h[0]?.entries.map((e) => e.submission_id)).toEqual([3, 4, 2])
  })
})
