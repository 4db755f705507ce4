import { beforeEach, describe, expect, it, vi } from 'vitest'

const invoke = vi.fn()
vi.mock('@tauri-apps/api/core', () => ({ invoke: (...args: unknown[]) => invoke(...args) }))

const { AppError, call, toAppError } = await import('./tauri')
const { listTasks } = await import('./task')
const { listMembers } = await import('./group')

beforeEach(() => {
  invoke.mockReset()
})

describe('toAppError', () => {
  it('keeps the kind and Chinese message of a core error', () => {
    const e = toAppError({ kind: 'invalid', message: '任务名称不能为空' })
    expect(e).toBeInstanceOf(AppError)
    expect(e.kind).toBe('invalid')
    expect(e.message).toBe('任务名称不能为空')
  })
  it('keeps every kind the core reports, such as encrypted, unsupported and partial', () => {
    for (const kind of ['encrypted', 'unsupported', 'partial', 'backup_failed', 'io'] as const) {
      expect(toAppError({ kind, message: '台账.xlsx 设有打开密码' }).kind).toBe(kind)
    }
  })
  it('turns an unknown kind or a bare string into an ipc error with a Chinese message', () => {
    expect(toAppError({ kind: 'weird', message: 'x' }).kind).toBe('ipc')
    const e = toAppError('command not found')
    expect(e.kind).toBe('ipc')
    expect(e.message).toMatch(/程序内部调用失败/)
    expect(toAppError(undefined).message).toMatch(/重新启动/)
  })
})

describe('call', () => {
  it('invokes the area plugin command with the arguments', async () => {
    invoke.mockResolvedValue([])
    await listTasks({ plan_id: 1, unit: '县司法局' })
    expect(invoke).toHaveBeenCalledWith('plugin:task|list', { filter: { plan_id: 1, unit: '县司法局' } })
    await listMembers('2025-06-30')
    expect(invoke).toHaveBeenLastCalledWith('plugin:group|list', { on: '2025-06-30' })
  })
  it('rejects with an AppError when the backend refuses', async () => {
    invoke.mockImplementation(() => Promise.reject({ kind: 'not_found', message: '找不到该任务' }))
    const error = await call('task', 'get', { id: 9 }).catch((e: unknown) => e)
    expect(error instanceof AppError).toBe(true)
    const { kind, message } = error as InstanceType<typeof AppError>
    expect(kind).toBe('not_found')
    expect(message).toBe('找不到该任务')
  })
})
