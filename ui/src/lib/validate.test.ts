import { describe, expect, it } from 'vitest'
import type { MemberInput, TaskInput, UnitInput } from '../api/types'
import { firstError, validateMember, validateTask, validateUnit } from './validate'

const task = (over: Partial<TaskInput> = {}): TaskInput => ({
  plan_id: 1,
  section_id: null,
  code: '1',
  title: '健全重大行政决策程序',
  requirements: '',
  deadline_text: '2025年6月底前',
  status: 'not_started',
  lead_units: ['县司法局'],
  co_units: [],
  responsible_units: [],
  ...over,
})

describe('validateTask', () => {
  it('accepts a complete task', () => {
    expect(validateTask(task())).toEqual({})
  })
  it('refuses an empty or blank title with a Chinese message', () => {
    expect(validateTask(task({ title: '' })).title).toMatch(/任务名称不能为空/)
    expect(firstError(validateTask(task({ title: '  \n ' })))).toMatch(/请填写任务名称/)
  })
  it('refuses a unit that is both lead and cooperating', () => {
    expect(validateTask(task({ co_units: ['县司法局'] })).co_units).toContain('县司法局')
  })
  it('needs a plan', () => {
    expect(validateTask(task({ plan_id: 0 })).plan_id).toBeDefined()
  })
  it('holds texts to the core limits: requirements to one Excel cell, the deadline to a title', () => {
    expect(validateTask(task({ requirements: '要'.repeat(32767) })).requirements).toBeUndefined()
    expect(validateTask(task({ requirements: '要'.repeat(40000) })).requirements).toMatch(/任务要求过长/)
    expect(validateTask(task({ deadline_text: '年'.repeat(501) })).deadline_text).toMatch(/500/)
  })
})

describe('validateUnit', () => {
  const unit = (over: Partial<UnitInput> = {}): UnitInput => ({
    name: '县司法局',
    aliases: ['司法局'],
    kind: 'department',
    contact_name: '林小燕',
    contact_phone: '0123-6523316',
    ...over,
  })
  it('accepts a complete unit', () => {
    expect(validateUnit(unit())).toEqual({})
  })
  it('needs a name and a plausible phone', () => {
    expect(validateUnit(unit({ name: ' ' })).name).toBe('请填写单位名称。')
    expect(validateUnit(unit({ contact_phone: 'abc' })).contact_phone).toMatch(/联系电话/)
    expect(validateUnit(unit({ contact_phone: '0123-6523316转8001' }))).toEqual({})
  })
  it('holds the liaison, the phone and each alias to 100 characters, as the core does', () => {
    expect(validateUnit(unit({ contact_name: '林'.repeat(101) })).contact_name).toMatch(/100/)
    expect(validateUnit(unit({ contact_phone: '1'.repeat(101) })).contact_phone).toMatch(/100/)
    expect(validateUnit(unit({ aliases: ['司'.repeat(101)] })).aliases).toMatch(/100/)
    expect(validateUnit(unit({ contact_name: '林'.repeat(100) }))).toEqual({})
  })
})

describe('validateMember', () => {
  const member = (over: Partial<MemberInput> = {}): MemberInput => ({
    name: '王建国',
    title: '县长',
    org: '县政府',
    role: '组长',
    from: '2025-01-01',
    to: null,
    ...over,
  })
  it('accepts a complete member', () => {
    expect(validateMember(member())).toEqual({})
  })
  it('refuses a missing name, a missing role and dates in the wrong order', () => {
    expect(validateMember(member({ name: '' })).name).toBe('请填写姓名。')
    expect(validateMember(member({ role: '' })).role).toMatch(/请选择/)
    expect(validateMember(member({ from: '2025-06-01', to: '2025-05-31' })).to).toMatch(/不能早于/)
  })
  it('holds 职务 and 单位 to 500 characters, as the core does', () => {
    expect(validateMember(member({ title: '县'.repeat(501) })).title).toMatch(/500/)
    expect(validateMember(member({ org: '县'.repeat(40000) })).org).toMatch(/500/)
    expect(validateMember(member({ title: '县'.repeat(500) }))).toEqual({})
  })
})
