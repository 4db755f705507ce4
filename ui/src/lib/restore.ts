// Restoring a backup, shared by 从备份恢复… and the 自动备份 list: replace, reload the plans, tell
// the clerk where the replaced database was kept.
import { ElMessageBox } from 'element-plus'
import { restoreFrom } from '../api/store'
import { refreshPlans } from './plan-state'

export async function restoreAndTell(path: string): Promise<void> {
  const kept = await restoreFrom(path)
  await refreshPlans()
  await ElMessageBox.alert(`已从备份恢复。原数据库已另存为：${kept}`, '恢复完成', { type: 'success', confirmButtonText: '知道了' })
}
