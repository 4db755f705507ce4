import { call } from './tauri'
import type { IsoDate, Member, MemberInput } from './types'

/** The roster; with `on`, only the members serving on that date. */
export const listMembers = (on: IsoDate | null = null) => call<Member[]>('group', 'list', { on })
export const addMember = (input: MemberInput) => call<Member>('group', 'add', { input })
export const editMember = (id: number, input: MemberInput) =>
  call<Member>('group', 'edit', { id, input })
export const deleteMember = (id: number) => call<null>('group', 'delete', { id })
export const undeleteMember = (id: number) => call<Member>('group', 'undelete', { id })
