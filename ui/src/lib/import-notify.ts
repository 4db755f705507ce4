// After an import: a notice that stays a while, with 撤销 (the same undo as on 导入记录) and,
// when given, a link to what was imported (查看汇总).
import { h } from 'vue'
import { ElButton, ElNotification } from 'element-plus'
import { showError, showSuccess } from './notify'

export interface NoticeLink {
  label: string
  go: () => void
}

export function showImported(message: string, undo: () => Promise<string>, link?: NoticeLink): void {
  let done = false
  const notice = ElNotification({
    title: '导入完成',
    type: 'success',
    duration: 20000,
    position: 'bottom-right',
    customClass: 'import-notice',
    message: h('div', { class: 'undo-body' }, [
      h('span', message),
      h(
        ElButton,
        {
          type: 'primary',
          link: true,
          class: 'import-undo-button',
          onClick: async () => {
            if (done) return
            done = true
            notice.close()
            try {
              showSuccess(await undo())
            } catch (error) {
              showError(error)
            }
          },
        },
        () => '撤销导入',
      ),
      link
        ? h(
            ElButton,
            {
              type: 'primary',
              link: true,
              class: 'import-view-button',
              onClick: () => {
                notice.close()
                link.go()
              },
            },
            () => link.label,
          )
        : null,
    ]),
  })
}
