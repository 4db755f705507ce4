// Checks the forms make before calling the backend. Each returns Chinese messages keyed by field;
// an empty object means the input may be sent. The backend checks again and has the last word.
import type { MemberInput, TaskInput, UnitInput } from '../api/types'

export type FieldErrors = Partial<Record<string, string>>

// The core's limits (src/limits.rs), counted as Excel and JavaScript count: UTF-16 units.
const TITLE_MAX = 500
const NAME_MAX = 100
const CELL_MAX = 32767
const PHONE = /^[0-9０-９+\-－()（）\s转,，、/]*$/

export function validateTask(input: TaskInput): FieldErrors {
  const errors: FieldErrors = {}
  const title = input.title.trim()
  if (!title) errors.title = '请填写任务名称，任务名称不能为空。'
  else if (title.length > TITLE_MAX) errors.title = `任务名称过长（不超过${TITLE_MAX}字），请精简后再保存。`
  if (input.code.trim().length > 20) errors.code = '序号不超过20个字符，例如“1”或“（一）”。'
  if (input.requirements.trim().length > CELL_MAX)
    errors.requirements = `任务要求过长（${input.requirements.trim().length}字，不超过${CELL_MAX}字，即一个 Excel 单元格的上限），请精简后再保存。`
  if (input.deadline_text.trim().length > TITLE_MAX) errors.deadline_text = `完成时限不超过${TITLE_MAX}字。`
  if (!input.plan_id) errors.plan_id = '请先建立或载入方案，再添加任务。'
  const dup = input.lead_units.find((u) => input.co_units.includes(u))
  if (dup) errors.co_units = `“${dup}”已是牵头单位，不必再列为配合单位。`
  return errors
}

export function validateUnit(input: UnitInput): FieldErrors {
  const errors: FieldErrors = {}
  const name = input.name.trim()
  if (!name) errors.name = '请填写单位名称。'
  else if (name.length > 50) errors.name = '单位名称不超过50个字。'
  if (input.aliases.some((a) => a.trim() === name)) errors.aliases = '别名不能与单位名称相同。'
  else if (input.aliases.some((a) => a.trim().length > NAME_MAX)) errors.aliases = `每个别名不超过${NAME_MAX}字。`
  if (input.contact_name.trim().length > NAME_MAX) errors.contact_name = `联络员不超过${NAME_MAX}字。`
  if (input.contact_phone.trim().length > NAME_MAX) errors.contact_phone = `联系电话不超过${NAME_MAX}个字符。`
  else if (!PHONE.test(input.contact_phone)) errors.contact_phone = '联系电话只能包含数字、空格、“-”和“转”，例如 0123-6521018。'
  return errors
}

export function validateMember(input: MemberInput): FieldErrors {
  const errors: FieldErrors = {}
  if (!input.name.trim()) errors.name = '请填写姓名。'
  else if (input.name.trim().length > 20) errors.name = '姓名不超过20个字。'
  if (!input.role.trim()) errors.role = '请选择在领导小组中的职务（组长、副组长、成员等）。'
  if (input.title.trim().length > TITLE_MAX) errors.title = `职务不超过${TITLE_MAX}字。`
  if (input.org.trim().length > TITLE_MAX) errors.org = `单位不超过${TITLE_MAX}字。`
  if (input.from && input.to && input.from > input.to) errors.to = '任职截止日期不能早于起始日期。'
  return errors
}

/** The first message, for a one-line notice. */
export function firstError(errors: FieldErrors): string | null {
  const first = Object.values(errors).find((m) => !!m)
  return first ?? null
}
