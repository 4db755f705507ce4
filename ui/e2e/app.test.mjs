// @ts-check
// End-to-end tests in the real window: the debug build of taizhang-desktop under Xvfb, driven by
// WebDriver through tauri-driver. Each test has its own database; each saves a screenshot under
// test-output/e2e/.
import { afterEach, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SHOTS, cli, launch, loadSample, messages, nav, shownTaskCount, tempDb } from './lib/app.mjs'
import { sleep } from './lib/webdriver.mjs'

const CTRL = '\uE009'
const NULL_KEY = '\uE000'
const BACKSPACE = '\uE003'

/** @type {Array<() => Promise<void>>} */
const open = []
async function start(db) {
  const app = await launch(db)
  open.push(app.close)
  return app
}
// a failed test must not leave its window (and driver) behind for the next one
afterEach(async () => {
  for (const close of open.splice(0)) await close().catch(() => {})
})
async function stop(app) {
  const i = open.indexOf(app.close)
  if (i >= 0) open.splice(i, 1)
  await app.close()
}

describe('法治政府建设台账 desktop window', () => {
  test('opens on the sample plan after 载入示例方案 in the first-run dialog', async () => {
    const db = tempDb('first-run')
    // A clerk starting on 7 December 2026: the sample is dated 2026 and its November is due today.
    const app = await launch(db, { env: { TAIZHANG_TODAY: '2026-12-07' } })
    open.push(app.close)
    const { s } = app
    await s.waitVisible('.first-run', '欢迎使用', { contains: true })
    // The clerk's own plan first, the sample second.
    const choices = await s.exec(
      `return [...document.querySelectorAll('[data-test="first-run-choices"] > li')].map((li) => li.dataset.test)`,
    )
    assert.deepEqual(choices, ['first-run-import', 'first-run-sample'])
    await s.waitVisible('[data-test="first-run-import"] [data-test="import-plan-first"]', '导入方案文件', { contains: true })
    await s.screenshot(join(SHOTS, '01-first-run-dialog.png'))
    await loadSample(s)
    const plans = cli(db, ['plan', 'list'])
    assert.equal(plans.length, 1)
    assert.equal(plans[0].start_date, '2026-03-01')
    assert.equal(plans[0].end_date, '2026-12-31')
    const title = await s.text(await s.waitVisible('[data-test="plan-title"]'))
    assert.equal(title, plans[0].title)
    assert.match(title, /2026年/)
    // A live month on the board: 本期 is 2026年11月, due today (the 5th is a Saturday).
    await s.waitVisible('[data-test="period-current"] [data-test="period-label"]', '2026年11月工作台账', { contains: true, timeoutMs: 20_000 })
    assert.equal(await s.exec(`return document.title`), '法治政府建设台账')
    await s.waitFor(async () => !(await s.visible('.first-run')), 'the first-run dialog to close')
    await sleep(800) // let the charts finish their entry animation
    await s.screenshot(join(SHOTS, '02-home.png'))
    console.log(`# cold start to first paint (session request → shell visible): ${app.startedMs} ms`)
    await stop(app)
  })

  test('导入方案文件 in the first-run dialog goes straight to the plan file and its preview', async () => {
    const db = tempDb('first-run-import')
    const dir = mkdtempSync(join(tmpdir(), 'taizhang-e2e-first-plan-'))
    const file = join(dir, '示例县法治政府建设工作方案.txt')
    writeFileSync(
      file,
      `示例县2026年法治政府建设工作方案
一、重点任务
1.完善重大行政决策程序。2026年6月底前完成。（县司法局牵头，县政府办配合）
2.开展行政执法案卷评查。长期坚持。（县市场监管局负责）
`,
    )
    const app = await launch(db, { env: { TAIZHANG_TODAY: '2026-12-07', TAIZHANG_E2E_PICK: file } })
    open.push(app.close)
    const { s } = app
    await s.waitVisible('.first-run', '欢迎使用', { contains: true })
    await s.clickVisible('[data-test="import-plan-first"]')
    await s.waitFor(async () => !(await s.visible('.first-run')), 'the first-run dialog to close')
    await s.waitVisible('.page-title', '导入')
    await s.waitVisible('[data-test="import-commit"]', null, { timeoutMs: 20_000 })
    await s.screenshot(join(SHOTS, '01-first-run-import.png'))
    assert.equal(cli(db, ['plan', 'list']).length, 0, 'nothing written before the clerk confirms')
  })

  test('the task list shows the sample tasks, and filtering by a unit narrows it', async () => {
    const db = tempDb('tasks')
    cli(db, ['sample'])
    const expected = cli(db, ['task', 'list'])
    const app = await start(db)
    const { s } = app
    await nav(s, '任务清单')
    assert.equal(await shownTaskCount(s), expected.length)
    await s.waitVisible('[data-test="task-row-title"]', expected[0].title)
    await s.screenshot(join(SHOTS, '03-tasks.png'))

    const unit = '县司法局'
    const narrowed = cli(db, ['task', 'list', '--unit', unit])
    assert.ok(narrowed.length > 0 && narrowed.length < expected.length, 'sample has tasks with and without 县司法局')
    await s.choose('[data-test="filter-unit"]', unit)
    await s.waitFor(async () => (await shownTaskCount(s)) === narrowed.length, `${narrowed.length} tasks of ${unit}`)
    await s.waitVisible('[data-test="task-row-title"]', narrowed[0].title)
    await s.screenshot(join(SHOTS, '04-tasks-filtered-by-unit.png'))

    // full-text search narrows further and clears again
    const word = narrowed[0].title.slice(0, 4)
    const search = await s.waitVisible('input[data-test="task-search"]')
    await s.type(search, word)
    const searched = cli(db, ['task', 'list', '--unit', unit, '--query', word])
    await s.waitFor(async () => (await shownTaskCount(s)) === searched.length, `${searched.length} tasks matching ${word}`)
    await stop(app)
  })

  test('an edited task is still edited after the app restarts', async () => {
    const db = tempDb('edit')
    cli(db, ['sample'])
    const before = cli(db, ['task', 'list'])[0]
    const newTitle = `${before.title}（已修改）`
    let app = await start(db)
    let s = app.s
    await nav(s, '任务清单')
    await s.waitVisible('[data-test="task-row-title"]', before.title)
    await s.clickVisible('[data-test="task-edit"]')
    const title = await s.waitVisible('textarea[data-test="task-title"]')
    await s.type(title, '（已修改）')
    await s.clickVisible('[data-test="task-save"]')
    await s.waitFor(async () => (await messages(s)).includes('已保存修改'), 'the saved message')
    await s.waitVisible('[data-test="task-row-title"]', newTitle)
    await stop(app)

    assert.equal(cli(db, ['task', 'list']).find((t) => t.id === before.id)?.title, newTitle)
    app = await start(db)
    s = app.s
    await nav(s, '任务清单')
    await s.waitVisible('[data-test="task-row-title"]', newTitle)
    await s.screenshot(join(SHOTS, '05-task-edited-after-restart.png'))
    await stop(app)
  })

  test('saving a task with an empty title shows a Chinese message and saves nothing', async () => {
    const db = tempDb('empty-title')
    cli(db, ['sample'])
    const before = cli(db, ['task', 'list'])
    const app = await start(db)
    const { s } = app
    await nav(s, '任务清单')
    await s.waitVisible('[data-test="task-row-title"]', before[0].title)

    // editing an existing task down to an empty title
    await s.clickVisible('[data-test="task-edit"]')
    const title = await s.waitVisible('textarea[data-test="task-title"]')
    await s.type(title, `${CTRL}a${NULL_KEY}${BACKSPACE}`)
    await s.waitFor(async () => (await s.exec(`return document.querySelector('textarea[data-test="task-title"]').value`)) === '', 'the title to be empty')
    await s.clickVisible('[data-test="task-save"]')
    await s.waitFor(async () => (await messages(s)).includes('任务名称不能为空'), 'the Chinese message')
    await s.waitVisible('.task-drawer .el-form-item__error', '任务名称不能为空', { contains: true })
    await s.screenshot(join(SHOTS, '06-empty-title-refused.png'))

    // and adding a new task without a title
    await s.clickVisible('.task-drawer .el-drawer__footer button', '取消')
    await sleep(400)
    await s.clickVisible('[data-test="task-add"]')
    await s.waitVisible('.el-drawer__title', '新增任务')
    await s.clickVisible('[data-test="task-save"]')
    await s.waitVisible('.task-drawer .el-form-item__error', '任务名称不能为空', { contains: true })

    const after = cli(db, ['task', 'list'])
    assert.deepEqual(after, before, 'nothing was saved')
    await stop(app)
  })

  test('a deleted task comes back with 撤销', async () => {
    const db = tempDb('undo')
    cli(db, ['sample'])
    const before = cli(db, ['task', 'list'])
    const app = await start(db)
    const { s } = app
    await nav(s, '任务清单')
    await s.waitVisible('[data-test="task-row-title"]', before[0].title)
    await s.clickVisible('[data-test="task-delete"]')
    await s.waitVisible('.el-message-box', before[0].title, { contains: true })
    await s.clickVisible('.el-message-box__btns button', '删除')
    await s.waitFor(async () => (await shownTaskCount(s)) === before.length - 1, 'one task less')
    assert.equal(cli(db, ['task', 'list']).length, before.length - 1)
    await s.waitVisible('.undo-notice', '已删除', { contains: true })
    await s.screenshot(join(SHOTS, '07-task-deleted-undo-offered.png'))
    await s.clickVisible('.undo-notice .undo-button', '撤销')
    await s.waitFor(async () => (await shownTaskCount(s)) === before.length, 'the task back')
    await s.waitFor(async () => (await messages(s)).includes('已撤销删除'), 'the undone message')
    assert.deepEqual(cli(db, ['task', 'list']).map((t) => t.id), before.map((t) => t.id))
    await stop(app)
  })

  test('a new leadership-group member appears in the roster', async () => {
    const db = tempDb('group')
    cli(db, ['sample'])
    const app = await start(db)
    const { s } = app
    await nav(s, '领导小组')
    await s.waitVisible('[data-test="role-group"]')
    await s.clickVisible('[data-test="member-add"]')
    await s.type(await s.waitVisible('input[data-test="member-name"]'), '测试员')
    await s.type(await s.waitVisible('input[data-test="member-title"]'), '县司法局副局长')
    await s.type(await s.waitVisible('input[data-test="member-org"]'), '县司法局')
    await s.clickVisible('[data-test="member-save"]')
    await s.waitFor(async () => (await messages(s)).includes('已将测试员加入领导小组'), 'the saved message')
    await s.waitVisible('[data-role="成员"] [data-test="member-row-name"]', '测试员')
    await sleep(300)
    await s.screenshot(join(SHOTS, '08-group-member-added.png'))
    const roster = cli(db, ['group', 'list'])
    assert.ok(roster.some((m) => m.name === '测试员' && m.role === '成员' && m.org === '县司法局'))
    await stop(app)
  })

  test('every page renders in Chinese (screenshots of each page)', async () => {
    const db = tempDb('pages')
    cli(db, ['sample'])
    const app = await start(db)
    const { s } = app
    await nav(s, '责任单位')
    await s.waitVisible('.units-page .el-table__row')
    await s.screenshot(join(SHOTS, '09-units.png'))
    await nav(s, '领导小组')
    await s.waitVisible('[data-test="role-group"]')
    await s.screenshot(join(SHOTS, '10-group.png'))
    await s.clickVisible('[data-test="roster-print"]')
    await s.waitVisible('.sheet h1', '领导小组名单', { contains: true })
    await s.screenshot(join(SHOTS, '11-group-print.png'))
    await s.exec('history.back()')
    await nav(s, '设置')
    await s.waitVisible('[data-test="db-path"]', db)
    await s.clickVisible('[data-test="backup-now"]')
    await s.waitFor(async () => (await messages(s)).includes('备份完成'), 'the backup message')
    await s.screenshot(join(SHOTS, '12-settings.png'))
    const fcp = await s.exec(`return performance.getEntriesByType('paint').map((p) => p.name + '=' + Math.round(p.startTime)).join(' ')`)
    console.log(`# in-page paint timings: ${fcp}`)
    await stop(app)
  })
})
