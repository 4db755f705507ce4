// The one place that talks to the Rust side. Components never call `invoke`: they use the typed
// wrappers in ./<area>.ts, which go through `call`, which turns every failure into an AppError.
import { invoke } from '@tauri-apps/api/core'

import type { ErrorKind as CoreErrorKind } from './generated'

/** Kinds the core serialises (`taizhang::ErrorKind`, generated), plus `ipc` when the call itself failed. */
export type ErrorKind = CoreErrorKind | 'ipc'

/** Every kind, as a record so that a kind added in Rust fails the type check until it is listed. */
const KNOWN_KINDS: Record<ErrorKind, true> = {
  invalid: true,
  not_found: true,
  conflict: true,
  database: true,
  newer_database: true,
  not_a_database: true,
  io: true,
  locked: true,
  encrypted: true,
  unsupported: true,
  partial: true,
  backup_failed: true,
  roster_only: true,
  ipc: true,
}

/** An error the clerk can read: `message` is Chinese; branch on `kind`, never on the text. */
export class AppError extends Error {
  readonly kind: ErrorKind

  constructor(kind: ErrorKind, message: string) {
    super(message)
    this.name = 'AppError'
    this.kind = kind
  }
}

function isKind(value: unknown): value is ErrorKind {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(KNOWN_KINDS, value)
}

/** Whatever `invoke` rejected with, as an AppError. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error
  if (error && typeof error === 'object' && 'message' in error) {
    const { kind, message } = error as { kind?: unknown; message?: unknown }
    if (typeof message === 'string' && message.length > 0) {
      return new AppError(isKind(kind) ? kind : 'ipc', message)
    }
  }
  if (typeof error === 'string' && error.length > 0) {
    return new AppError('ipc', `程序内部调用失败：${error}`)
  }
  return new AppError('ipc', '程序内部调用失败，请重试；如反复出现，请重新启动本软件。')
}

/** Calls command `cmd` of the in-app plugin `area` (see src-tauri/src/commands/<area>.rs). */
export async function call<T>(area: string, cmd: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(`plugin:${area}|${cmd}`, args)
  } catch (error) {
    throw toAppError(error)
  }
}
