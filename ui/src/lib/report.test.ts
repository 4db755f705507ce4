import { describe, expect, test } from 'vitest'
import type { Counts } from '../api/report'
import {
  addMonths,
  defaultPeriod,
  defaultRange,
  exportFileName,
  formatRate,
  isPeriod,
  nominalDue,
  planRange,
  printGeometry,
  PRINT_CHART_WIDTH,
  printTitle,
  rangeLabel,
  rateOrDash,
  reportingPeriods,
  statusPieOption,
  trendOption,
  ratesWorthCharting,
  unitRateBarOption,
  type PlanDates,
} from './report'

/** The sample plan's dates and rule: 2025-03-01 … 2025-12-31, monthly, due the 5th of the next month. */
const SAMPLE: PlanDates = {
  start_date: '2025-03-01',
  end_date: '2025-12-31',
  year: 2025,
  phases: [
    { start: '2025-03-01', end: '2025-03-31' },
    { start: '2025-11-01', end: '2025-12-31' },
  ],
  report_rule: {
    day: 5,
    month_end: false,
    covers: 'previous',
    shift_to_workday: true,
    monthly: true,
    quarterly: false,
    half_yearly: false,
    from: null,
    until: null,
  },
}

const counts = (c: Partial<Counts>): Counts => ({
  total: 0,
  done: 0,
  in_progress: 0,
  not_started: 0,
  overdue: 0,
  completion_rate: 0,
  ...c,
})

describe('rates', () => {
  test('one decimal, no trailing .0', () => {
    expect(formatRate(2 / 3)).toBe('66.7%')
    expect(formatRate(0.907)).toBe('90.7%')
    expect(formatRate(0.161)).toBe('16.1%')
    expect(formatRate(1)).toBe('100%')
    expect(formatRate(0)).toBe('0%')
    expect(formatRate(0.5)).toBe('50%')
    expect(formatRate(0.0005)).toBe('0.1%')
    expect(formatRate(Number.NaN)).toBe('—')
  })
  test('a unit without tasks has no rate', () => {
    expect(rateOrDash(counts({ total: 0 }))).toBe('—')
    expect(rateOrDash(counts({ total: 3, done: 1, completion_rate: 1 / 3 }))).toBe('33.3%')
  })
})

describe('months', () => {
  test('labels as the core writes them', () => {
    expect(rangeLabel('2025-09', '2025-09')).toBe('2025年9月')
    expect(rangeLabel('2025-07', '2025-09')).toBe('2025年7月至9月')
    expect(rangeLabel('2025-11', '2026-02')).toBe('2025年11月至2026年2月')
  })
  test('arithmetic across years and validation', () => {
    expect(addMonths('2025-12', 1)).toBe('2026-01')
    expect(addMonths('2026-01', -2)).toBe('2025-11')
    expect(isPeriod('2025-09')).toBe(true)
    expect(isPeriod('2025-13')).toBe(false)
    expect(isPeriod('2025-9')).toBe(false)
    expect(isPeriod(undefined)).toBe(false)
  })
  test('the plan range falls back like remind::report_range', () => {
    expect(planRange(SAMPLE)).toEqual(['2025-03', '2025-12'])
    expect(planRange({ ...SAMPLE, report_rule: { ...SAMPLE.report_rule, from: '2025-04', until: '2025-10' } })).toEqual([
      '2025-04',
      '2025-10',
    ])
    expect(planRange({ ...SAMPLE, start_date: null, end_date: null })).toEqual(['2025-03', '2025-12'])
    expect(planRange({ ...SAMPLE, start_date: null, end_date: null, phases: [] })).toEqual(['2025-01', '2025-12'])
    expect(planRange({ ...SAMPLE, start_date: null, end_date: null, phases: [], year: null })).toBeNull()
  })
  test('reporting periods follow the cycles', () => {
    expect(reportingPeriods(SAMPLE)).toHaveLength(10)
    const quarterly = { ...SAMPLE, report_rule: { ...SAMPLE.report_rule, monthly: false, quarterly: true } }
    expect(reportingPeriods(quarterly)).toEqual(['2025-03', '2025-06', '2025-09', '2025-12'])
    const half = { ...SAMPLE, report_rule: { ...SAMPLE.report_rule, monthly: false, half_yearly: true } }
    expect(reportingPeriods(half)).toEqual(['2025-06', '2025-12'])
  })
  test('nominal due dates', () => {
    expect(nominalDue(SAMPLE.report_rule, '2025-09')).toBe('2025-10-05')
    expect(nominalDue({ ...SAMPLE.report_rule, day: 31 }, '2025-10')).toBe('2025-11-30')
    expect(nominalDue({ ...SAMPLE.report_rule, month_end: true, covers: 'current' }, '2025-02')).toBe('2025-02-28')
    expect(nominalDue({ ...SAMPLE.report_rule, day: null }, '2025-02')).toBeNull()
  })
})

describe('the period the page opens on', () => {
  const periods = reportingPeriods(SAMPLE)
  test('the one before the board’s current period (holiday-shifted due dates)', () => {
    // 2025-10-06: 9月 is due on 10-09 (moved after National Day), so the current is 9月 and 8月 has passed
    expect(defaultPeriod(periods, '2025-10-06', '2025-09', SAMPLE.report_rule)).toBe('2025-08')
    // 2025-10-12: 9月 has passed, the current is 10月
    expect(defaultPeriod(periods, '2025-10-12', '2025-10', SAMPLE.report_rule)).toBe('2025-09')
  })
  test('before the first due date: the first period; after the last: the last', () => {
    expect(defaultPeriod(periods, '2025-03-10', '2025-03', SAMPLE.report_rule)).toBe('2025-03')
    expect(defaultPeriod(periods, '2026-03-01', null, SAMPLE.report_rule)).toBe('2025-12')
    expect(defaultPeriod(periods, '2025-01-01', null, SAMPLE.report_rule)).toBe('2025-03')
    expect(defaultPeriod([], '2025-10-12', null, SAMPLE.report_rule)).toBeNull()
  })
  test('without the board, the rule’s nominal due dates decide', () => {
    expect(defaultPeriod(periods, '2025-10-06', null, SAMPLE.report_rule)).toBe('2025-09')
    expect(defaultPeriod(periods, '2025-10-05', null, SAMPLE.report_rule)).toBe('2025-08')
  })
  test('the range is the quarter so far, not before the plan', () => {
    expect(defaultRange(periods, '2025-09')).toEqual(['2025-07', '2025-09'])
    expect(defaultRange(periods, '2025-07')).toEqual(['2025-07', '2025-07'])
    expect(defaultRange(periods, '2025-12')).toEqual(['2025-10', '2025-12'])
    expect(defaultRange(['2025-05', '2025-06'], '2025-05')).toEqual(['2025-05', '2025-05'])
  })
})

describe('files and print titles', () => {
  test('export file name', () => {
    expect(exportFileName('示例县2025年“法治政府建设提升年”活动实施方案', 'stats', '2025年9月')).toBe(
      '示例县2025年“法治政府建设提升年”活动实施方案_进展统计_2025年9月.xlsx',
    )
    expect(exportFileName('A/B:"C"', 'circular', '2025年7月至9月')).toBe('A_B__C__报送情况通报_2025年7月至9月.xlsx')
    // a long title is cut to 40 characters, as the core's report::file_name does
    expect(exportFileName('长'.repeat(50), 'summary', '2025年9月')).toBe(`${'长'.repeat(40)}_汇总台账_2025年9月.xlsx`)
  })
  test('titles and page layout', () => {
    expect(printTitle({ kind: 'circular', label: '2025年7月至9月' })).toBe('关于2025年7月至9月工作台账报送情况的通报')
    expect(printTitle({ kind: 'summary', label: '2025年9月' })).toBe('2025年9月工作台账汇总表')
    expect(printTitle({ kind: 'stats', label: '2025年9月' })).toBe('2025年9月重点任务推进情况统计')
    expect(printGeometry('summary')).toMatchObject({ orientation: 'landscape', widthMm: 297, heightMm: 210 })
    expect(printGeometry('circular')).toEqual({
      orientation: 'portrait',
      widthMm: 210,
      heightMm: 297,
      margin: { top: 37, right: 26, bottom: 35, left: 28 },
    })
    // 156 mm of text width
    expect(PRINT_CHART_WIDTH).toBe(589)
  })
})

describe('chart options from the report JSON', () => {
  test('the pie has the four buckets with their counts', () => {
    const o = statusPieOption(counts({ total: 31, done: 5, in_progress: 20, not_started: 4, overdue: 2 }), { print: false })
    expect(o.series[0]?.data.map((d) => [d.name, d.value])).toEqual([
      ['已完成', 5],
      ['推进中', 20],
      ['未启动', 4],
      ['逾期', 2],
    ])
    expect(o.animation).toBe(true)
  })
  test('unit bars: percentages, best on top (last in the category axis), print without animation', () => {
    const o = unitRateBarOption(
      [
        { name: '县司法局', rate: 1 },
        { name: '县财政局', rate: 1 / 3 },
        { name: '县住建局', rate: 0.5 },
      ],
      '完成率',
      { print: true },
    )
    expect(o.yAxis.data).toEqual(['县财政局', '县住建局', '县司法局'])
    expect(o.series[0]?.data).toEqual([33.3, 50, 100])
    expect(o.series[0]?.label.formatter({ value: 33.3 })).toBe('33.3%')
    expect(o.animation).toBe(false)
    expect(o.textStyle.fontFamily).toContain('仿宋')
  })
  test('trend: one category per month, stacked counts and the completion rate line', () => {
    const o = trendOption(
      [
        { period: '2025-07', counts: counts({ total: 4, done: 1, in_progress: 3, completion_rate: 0.25 }) },
        { period: '2025-08', counts: counts({ total: 4, done: 2, in_progress: 1, overdue: 1, completion_rate: 0.5 }) },
      ],
      { print: false },
    )
    expect(o.xAxis.data).toEqual(['7月', '8月'])
    const byName = Object.fromEntries(o.series.map((s) => [s.name, s.data]))
    expect(byName['已完成']).toEqual([1, 2])
    expect(byName['逾期']).toEqual([0, 1])
    expect(byName['完成率']).toEqual([25, 50])
  })
})

describe('charts on paper', () => {
  test('the pie as SVG markup with its labels, at the page width', async () => {
    const { chartSvg } = await import('./chart-svg')
    const svg = chartSvg(statusPieOption(counts({ total: 9, done: 6, in_progress: 3 }), { print: true }), PRINT_CHART_WIDTH, 260)
    expect(svg.startsWith('<svg')).toBe(true)
    expect(svg).toContain(`width="${PRINT_CHART_WIDTH}"`)
    expect(svg).toContain('已完成')
    expect(svg).toContain('6 项')
    expect(svg).not.toContain('<canvas')
  })
})

describe('ratesWorthCharting', () => {
  test('draws no chart of equal bars: all missing, all on time, or a single unit', () => {
    expect(ratesWorthCharting([0, 0, 0])).toBe(false)
    expect(ratesWorthCharting([1, 1])).toBe(false)
    expect(ratesWorthCharting([0.5])).toBe(false)
    expect(ratesWorthCharting([])).toBe(false)
  })
  test('draws one where the units differ', () => {
    expect(ratesWorthCharting([1, 0, 0])).toBe(true)
    expect(ratesWorthCharting([0, 0, 0.5])).toBe(true)
  })
})
