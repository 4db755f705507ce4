// 完成状态用语: what a department's own status word (基本完成, 未完成 …) is recorded as
// (src-tauri/src/commands/ledger.rs, core taizhang::status).
import { call } from './tauri'
import type { TaskStatus } from './types'

export interface StatusWord {
  word: string
  status: TaskStatus
}

export const listStatusWords = () => call<StatusWord[]>('ledger', 'status_words')
export const setStatusWord = (word: string, status: TaskStatus) =>
  call<StatusWord>('ledger', 'set_status_word', { word, status })
export const removeStatusWord = (word: string) => call<null>('ledger', 'remove_status_word', { word })
