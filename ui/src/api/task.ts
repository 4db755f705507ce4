import { call } from './tauri'
import type { Task, TaskFilter, TaskInput } from './types'

export const listTasks = (filter: TaskFilter) => call<Task[]>('task', 'list', { filter })
export const getTask = (id: number) => call<Task>('task', 'get', { id })
export const addTask = (input: TaskInput) => call<Task>('task', 'add', { input })
export const editTask = (id: number, input: TaskInput) => call<Task>('task', 'edit', { id, input })
export const deleteTask = (id: number) => call<null>('task', 'delete', { id })
export const undeleteTask = (id: number) => call<Task>('task', 'undelete', { id })
