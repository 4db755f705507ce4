// Messages to the clerk: errors from the backend, and the 撤销 (undo) notice after a delete.
import { h } from 'vue'
import { ElButton, ElMessage, ElNotification } from 'element-plus'
import { toAppError } from '../api/tauri'

/** Shows a failed command's Chinese message; returns it (for inline alerts). */
export function showError(error: unknown): string {
  const e = toAppError(error)
  ElMessage({ type: 'error', message: e.message, duration: 6000, showClose: true, grouping: true })
  return e.message
}

export function showSuccess(message: string): void {
  ElMessage({ type: 'success', message, duration: 2500 })
}

/** Something the clerk should know that is neither a success nor an error. */
export function showInfo(message: string): void {
  ElMessage({ type: 'info', message, duration: 5000, showClose: true })
}

/** After a delete: a notice with a 撤销 button that runs `undo` (once). */
export function showUndo(message: string, undo: () => Promise<void>): void {
  let done = false
  const notice = ElNotification({
    title: '已删除',
    type: 'info',
    duration: 10000,
    position: 'bottom-right',
    customClass: 'undo-notice',
    message: h('div', { class: 'undo-body' }, [
      h('span', message),
      h(
        ElButton,
        {
          type: 'primary',
          link: true,
          class: 'undo-button',
          onClick: async () => {
            if (done) return
            done = true
            notice.close()
            try {
              await undo()
              showSuccess('已撤销删除')
            } catch (error) {
              showError(error)
            }
          },
        },
        () => '撤销',
      ),
    ]),
  })
}
