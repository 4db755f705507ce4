import { open, save } from '@tauri-apps/plugin-dialog'
import { call, toAppError } from './tauri'
import type { StoreInfo } from './types'

export const storeInfo = () => call<StoreInfo>('store', 'info')
/** 立即备份 into the backups folder; resolves to the new file. */
export const backupNow = () => call<string>('store', 'backup_now')
export const backupTo = (path: string) => call<null>('store', 'backup_to', { path })
/** Replaces the database with `path`; resolves to where the replaced file was kept. */
export const restoreFrom = (path: string) => call<string>('store', 'restore', { path })

const DB_FILTERS = [{ name: '台账数据库', extensions: ['db', 'sqlite', 'bak'] }]

/** Asks where to save a backup; null when the clerk cancelled. */
export async function chooseBackupTarget(defaultName: string): Promise<string | null> {
  try {
    return await save({ title: '备份数据库到…', defaultPath: defaultName, filters: DB_FILTERS })
  } catch (error) {
    throw toAppError(error)
  }
}

/** Asks which backup to restore; null when the clerk cancelled. */
export async function chooseBackupFile(): Promise<string | null> {
  try {
    const picked = await open({ title: '选择要恢复的备份文件', multiple: false, directory: false, filters: DB_FILTERS })
    return typeof picked === 'string' ? picked : null
  } catch (error) {
    throw toAppError(error)
  }
}
