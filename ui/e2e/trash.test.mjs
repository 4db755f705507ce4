// @ts-check
// 回收站 (#23 point 7) in the real window: deleting a task that has reports names their count in
// the confirmation; the task is listed in 回收站 with its reports and restored there with 恢复,
// its reports counted again.
import { afterEach, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { SHOTS, cli, launch, nav, shownTaskCount, sql, tempDb } from './lib/app.mjs'
import { sleep } from './lib/webdriver.mjs'

/** @type {Array<() => Promise<void>>} */
const open = []
afterEach(async () => {
  for (const close of open.splice(0)) await close().catch(() => {})
})

describe('回收站', () => {
  test('a task with reports: the confirmation counts them; 回收站 lists it; 恢复 brings it back', async () => {
    const db = tempDb('trash')
    cli(db, ['sample'])
    const before = cli(db, ['task', 'list'])
    const task = before[0]
    // two units' September reports on the first task, as the ledger import records them
    for (const unit of task.lead_units.concat(task.co_units).slice(0, 2)) {
      sql(
        db,
        `INSERT INTO submission (plan_id, unit_id, period, file_name, received_at)
         VALUES (${task.plan_id}, (SELECT id FROM unit WHERE name = '${unit}'), '2025-09', '${unit}.xlsx', '2025-10-03 09:00:00');
         INSERT INTO progress (task_id, unit_id, period, text, status, source, submission_id, created_at)
         VALUES (${task.id}, (SELECT id FROM unit WHERE name = '${unit}'), '2025-09', '已推进', 'in_progress', 'ledger',
                 last_insert_rowid(), '2025-10-03 09:00:00')`,
      )
    }
    const app = await launch(db)
    open.push(app.close)
    const { s } = app
    await nav(s, '任务清单')
    await s.waitVisible('[data-test="task-row-title"]', task.title)
    await s.clickVisible('[data-test="task-delete"]')
    await s.waitVisible('.el-message-box', '该任务已有 2 份报送（2 个单位报送）', { contains: true })
    await s.waitVisible('.el-message-box', '可在回收站恢复', { contains: true })
    await sleep(500) // the box fades in
    await s.screenshot(join(SHOTS, '70-trash-delete-confirm.png'))
    await s.clickVisible('.el-message-box__btns button', '删除')
    await s.waitFor(async () => (await shownTaskCount(s)) === before.length - 1, 'one task less')

    await nav(s, '回收站')
    await s.waitVisible('[data-test="trash-tasks"]', task.title, { contains: true })
    await s.waitVisible('[data-test="trash-tasks"]', '2 份（2 个单位）', { contains: true })
    const day = new Date()
    await s.waitVisible('[data-test="trash-tasks"]', `${day.getFullYear()}年${day.getMonth() + 1}月${day.getDate()}日`, {
      contains: true,
    })
    await s.screenshot(join(SHOTS, '71-trash-page.png'))
    await s.clickVisible('[data-test="trash-restore-task"]')
    await s.waitVisible('.el-message-box', '2 份报送将重新计入统计', { contains: true })
    await s.clickVisible('.el-message-box__btns button', '恢复')
    await s.waitVisible('[data-test="trash-tasks"]', '回收站中没有任务', { contains: true })
    assert.deepEqual(cli(db, ['task', 'deleted']), [])
    assert.deepEqual(
      cli(db, ['task', 'list']).map((/** @type {{id: number}} */ t) => t.id),
      before.map((/** @type {{id: number}} */ t) => t.id),
    )
    await app.close()
  })
})
