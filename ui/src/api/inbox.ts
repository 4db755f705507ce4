// 收件文件夹: the folder watched for returned ledgers, and the files waiting there (待导入).
import { open } from '@tauri-apps/plugin-dialog'
import { call, toAppError } from './tauri'

export interface InboxFile {
  file: string
  file_name: string
  state: 'new' | 'already_imported' | 'duplicate' | 'blank' | 'writing' | 'not_a_ledger'
  offered: boolean
  unit: string
  period: string | null
  plan_id: number | null
  plan_title: string
  received_on: string | null
  already_imported: boolean
  ours: boolean
  problems: string[]
}

export interface Inbox {
  folder: string | null
  error: string | null
  waiting: InboxFile[]
  writing: number
}

export const inboxNow = () => call<Inbox>('inbox', 'current')
export const setInboxFolder = (path: string | null) => call<string | null>('inbox', 'set_folder', { path })
export const rescanInbox = () => call<null>('inbox', 'rescan')

/** Asks for the folder received files are saved in; null when the clerk cancelled. */
export async function chooseInboxFolder(): Promise<string | null> {
  try {
    const picked = await open({ title: '选择微信或邮件保存收到文件的文件夹', directory: true, multiple: false })
    return typeof picked === 'string' ? picked : null
  } catch (error) {
    throw toAppError(error)
  }
}
