import { call } from './tauri'
import type { Task, TaskFilter, TaskImpact, TaskInput, Trash } from './types'

export const listTasks = (filter: TaskFilter) => call<Task[]>('task', 'list', { filter })
export const getTask = (id: number) => call<Task>('task', 'get', { id })
export const addTask = (input: TaskInput) => call<Task>('task', 'add', { input })
export const editTask = (id: number, input: TaskInput) => call<Task>('task', 'edit', { id, input })
/** Replaces a group phrase on the task by real units (none given: 各乡镇 → every 乡镇). */
export const expandPhrase = (id: number, phrase: string, units: string[]) => call<Task>('task', 'expand', { id, phrase, units })
/** Moves the task to the 回收站; returns what it affected. */
export const deleteTask = (id: number) => call<TaskImpact>('task', 'delete', { id })
/** What deleting the task would affect, for the confirmation. */
export const taskImpact = (id: number) => call<TaskImpact>('task', 'impact', { id })
/** The 回收站: deleted tasks and members, most recently deleted first. */
export const listTrash = () => call<Trash>('task', 'deleted')
export const undeleteTask = (id: number) => call<Task>('task', 'undelete', { id })
