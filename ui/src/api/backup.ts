// 设置 → 自动备份: the copies in the backups folder, the rotation's numbers, what a restore would
// change, and today's automatic backup.
import { call } from './tauri'

export interface BackupCounts {
  plans: number
  tasks: number
  reports: number
}

export interface BackupEntry {
  path: string
  file_name: string
  kind: 'daily' | 'before_import' | 'before_undo' | 'before_restore' | 'before_upgrade' | 'manual' | 'other'
  kind_label: string
  date: string
  time: string | null
  size: number
  evidence_files: number
  counts: BackupCounts | null
  rotated: boolean
}

export interface BackupKeep {
  daily: number
  weekly: number
  monthly: number
}

export interface RestorePreview {
  path: string
  current: BackupCounts
  backup: BackupCounts
  evidence_back: number
}

export interface DailyBackup {
  day: string
  made: string | null
  error: string | null
}

export const listBackups = () => call<BackupEntry[]>('store', 'backups')
export const backupKeep = () => call<BackupKeep>('store', 'backup_keep')
export const saveBackupKeep = (keep: BackupKeep) => call<BackupKeep>('store', 'save_backup_keep', { keep })
export const restorePreview = (path: string) => call<RestorePreview>('store', 'restore_preview', { path })
export const dailyBackup = () => call<DailyBackup | null>('store', 'daily_backup')
