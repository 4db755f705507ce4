// @ts-check
// 佐证材料 (#26 part 2) in the real window: a file chosen with 添加佐证 in a task's drawer is listed
// there for the task's lead unit and the month the 工作台 focuses on; a file dropped on a task row
// is attached to that task; 删除 goes to the 回收站 and 撤销 brings it back; 导出佐证材料 writes a
// zip whose index workbook lists both files.
//
// WebDriver cannot make the operating system drag a file onto the window, so the drop is the
// script Tauri runs in the page for an OS drop: `tauri://drag-drop` with the paths and the
// position, handed to the listeners the page registered. The app's listener (which needs the
// event permission the window was missing), the search for the task under the position and
// everything after it run as for a real drop.
import { afterEach, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SHOTS, cli, launch, messages, nav, workbookCells } from './lib/app.mjs'
import { exportLedger, fillLedger, openLedgerImport } from './lib/ledger.mjs'
import { sleep } from './lib/webdriver.mjs'

/** @type {Array<() => Promise<void>>} */
const open = []
afterEach(async () => {
  for (const close of open.splice(0)) await close().catch(() => {})
})

const TODAY = '2025-10-08'

describe('佐证材料', () => {
  test('picked in the drawer, dropped on a row, removed and restored, exported as a zip', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'taizhang-e2e-evidence-'))
    const db = join(dir, 'taizhang.db')
    cli(db, ['sample'])
    const files = join(dir, '收到的材料')
    const out = join(dir, '导出')
    mkdirSync(files)
    mkdirSync(out)
    const minutes = join(files, '专题会议纪要.pdf')
    const photo = join(files, '培训现场照片.jpg')
    writeFileSync(minutes, '%PDF-1.4\n示例县 专题会议纪要\n%%EOF\n')
    writeFileSync(photo, Buffer.alloc(3000, 7))
    const tasks = cli(db, ['task', 'list'])
    const first = tasks[0]
    const third = tasks.find((/** @type {{lead_units: string[]}} */ t) => t.lead_units.includes('县委组织部'))
    assert.ok(third, 'a task led by 县委组织部')
    const focus = cli(db, ['remind', '--board', '--plan', String(first.plan_id), '--today', TODAY]).focus.period

    const app = await launch(db, { env: { TAIZHANG_TODAY: TODAY, TAIZHANG_E2E_PICK: minutes, TAIZHANG_EXPORT_DIR: out } })
    open.push(app.close)
    const { s } = app
    await nav(s, '任务清单')
    await s.waitVisible('[data-test="task-row-title"]', first.title, { contains: true })

    // 添加佐证 in the drawer: the picker answers with the minutes
    await s.clickVisible('[data-test="task-edit"]')
    await s.waitVisible('[data-test="task-evidence"]', '尚无佐证材料', { contains: true })
    await s.clickVisible('[data-test="evidence-pick"]')
    await s.waitVisible('[data-test="evidence-add-files"]', '专题会议纪要.pdf', { contains: true })
    const unitShown = await s.exec(
      `return document.querySelector('[data-test="evidence-add-dialog"] [data-test="evidence-unit"]').closest('.el-select').innerText`,
    )
    assert.match(String(unitShown), /县司法局/, 'the lead unit is offered first')
    const [y, m] = focus.split('-')
    const periodShown = await s.exec(`return document.querySelector('.evidence-add-dialog .el-date-editor input').value`)
    assert.equal(periodShown, `${y}年${Number(m)}月`, 'the month the 工作台 focuses on')
    await s.clickVisible('[data-test="evidence-add-confirm"]')
    await s.waitVisible('[data-test="evidence-list"]', '专题会议纪要.pdf', { contains: true })
    await s.waitVisible('[data-test="evidence-list"]', `${y}年${Number(m)}月`, { contains: true })
    await s.waitVisible('[data-test="evidence-list"]', '2025年10月8日', { contains: true })
    await s.exec(`document.querySelector('.task-drawer [data-test="task-evidence"]').scrollIntoView()`)
    await sleep(400)
    await s.screenshot(join(SHOTS, 'evidence-01-drawer.png'))
    let listed = cli(db, ['evidence', 'list', '--task', String(first.id)])
    assert.deepEqual(
      listed.map((/** @type {any} */ e) => [e.unit, e.period, e.file_name, e.added_on]),
      [['县司法局', focus, '专题会议纪要.pdf', TODAY]],
    )

    // 删除 → 回收站, then 撤销
    await s.clickVisible('[data-test="evidence-remove"]')
    await s.waitVisible('[data-test="task-evidence"]', '尚无佐证材料', { contains: true })
    assert.equal(cli(db, ['evidence', 'list', '--task', String(first.id)]).length, 0)
    await s.clickVisible('.undo-notice .undo-button')
    await s.waitVisible('[data-test="evidence-list"]', '专题会议纪要.pdf', { contains: true })
    assert.equal(cli(db, ['evidence', 'list', '--task', String(first.id)]).length, 1)
    await s.clickVisible('.task-drawer .el-drawer__footer button', '取消')
    await s.waitFor(async () => !(await s.visible('[data-test="task-evidence"]')), 'the drawer closed')
    await s.waitVisible('[data-test="task-evidence-count"]', '1', { contains: true })

    // a photo dropped on the row of the 县委组织部 task
    const row = await s.exec(
      `const tr = document.querySelector('tr.task-row-${third.id}');
       if (!tr) return null;
       const r = tr.getBoundingClientRect();
       return { x: (r.left + r.width / 3) * devicePixelRatio, y: (r.top + r.height / 2) * devicePixelRatio }`,
    )
    assert.ok(row, 'the row of the task is shown')
    // what Tauri evaluates in the page for an OS drop (tauri/src/event/mod.rs emit_js_script):
    // the event to every listener the page registered for tauri://drag-drop
    const delivered = await s.exec(
      `const listeners = (window.__internal_unstable_listeners_object_id__ || {})['tauri://drag-drop'] || {};
       const ids = Object.getOwnPropertyNames(listeners).map(Number); // defined non-enumerable
       if (ids.length > 0) {
         window.__internal_unstable_listeners_function_id__(
           { event: 'tauri://drag-drop', payload: { paths: arguments[0], position: arguments[1] } }, ids);
       }
       return ids.length`,
      [[photo], row],
    )
    assert.ok(Number(delivered) > 0, 'the window listens for dropped files')
    await s.waitVisible('[data-test="evidence-add-files"]', '培训现场照片.jpg', { contains: true })
    await s.waitVisible('[data-test="evidence-add-dialog"]', third.title, { contains: true })
    await sleep(400)
    await s.screenshot(join(SHOTS, 'evidence-02-dropped.png'))
    await s.clickVisible('[data-test="evidence-add-confirm"]')
    await s.waitFor(async () => (await messages(s)).includes('已添加 1 个佐证材料'), 'the added message')
    listed = cli(db, ['evidence', 'list', '--task', String(third.id)])
    assert.deepEqual(
      listed.map((/** @type {any} */ e) => [e.unit, e.period, e.file_name, e.size]),
      [['县委组织部', focus, '培训现场照片.jpg', 3000]],
    )
    await s.waitFor(
      async () => (await s.exec(`return document.querySelectorAll('[data-test="task-evidence-count"]').length`)) === 2,
      'two tasks with a badge',
    )
    // the drawer of that task lists it
    await s.clickVisible(`tr.task-row-${third.id} [data-test="task-evidence-count"]`)
    await s.waitVisible('[data-test="evidence-list"]', '培训现场照片.jpg', { contains: true })
    await sleep(400)
    await s.screenshot(join(SHOTS, 'evidence-03-drawer-dropped.png'))
    await s.clickVisible('.task-drawer .el-drawer__footer button', '取消')
    await s.waitFor(async () => !(await s.visible('[data-test="task-evidence"]')), 'the drawer closed')

    // 工作台 → 更多导出 → 导出佐证材料, from the plan's first reporting month to the month in focus
    await nav(s, '工作台')
    await s.clickVisible('[data-test="more-export"]')
    await s.clickVisible('[data-test="export-evidence"]')
    await s.waitVisible('[data-test="evidence-export-dialog"]', '导出佐证材料', { contains: true })
    await s.clickVisible('[data-test="evidence-export-run"]')
    await s.waitVisible('[data-test="evidence-export-done"]', '已导出 2 个文件', { contains: true, timeoutMs: 30_000 })
    await sleep(300)
    await s.screenshot(join(SHOTS, 'evidence-04-exported.png'))
    const zips = readdirSync(out).filter((n) => n.endsWith('.zip'))
    assert.equal(zips.length, 1, zips.join(', '))
    // a second export never replaces the first
    await s.clickVisible('[data-test="evidence-export-run"]')
    await s.waitVisible('[data-test="evidence-export-kept"]', '已保留未覆盖', { contains: true, timeoutMs: 30_000 })
    assert.deepEqual(readdirSync(out).filter((n) => n.endsWith('.zip')).sort(), [zips[0], zips[0].replace('.zip', '（2）.zip')].sort())

    const unpacked = join(dir, '解压')
    execFileSync('python3', ['-c', 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])', join(out, zips[0]), unpacked])
    const cells = workbookCells(join(unpacked, '佐证材料目录.xlsx'))
    for (const want of ['县司法局', '县委组织部', '专题会议纪要.pdf', '培训现场照片.jpg', '2025年10月8日', `${y}年${Number(m)}月`, first.title, third.title]) {
      assert.ok(cells.includes(want), `the index names ${want}:\n${cells}`)
    }
    await app.close()
  })

  test('a returned ledger naming files in its 佐证材料 column: the preview shows them, 确认导入 attaches them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'taizhang-e2e-evidence-ledger-'))
    const db = join(dir, 'taizhang.db')
    cli(db, ['sample'])
    const exported = exportLedger(db, '县司法局', '2025-09', join(dir, 'out'))
    assert.ok(workbookCells(exported.file).includes('=佐证材料'), 'the exported ledger has the column')
    const folder = join(dir, '九月收到')
    mkdirSync(folder)
    const file = join(folder, '县司法局_9月_已填写.xlsx')
    fillLedger(exported.file, file, '九月已召开专题会议部署，基本完成阶段任务{n}项。')
    // the department names the minutes for its first two tasks, and a list it forgot to send
    execFileSync('python3', ['-c', `
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb['工作台账']
hr = next(r for r in range(1, 10) if any(c.value == '任务标识' for c in ws[r]))
head = {c.value: c.column - 1 for c in ws[hr] if c.value}
rows = [row for row in ws.iter_rows(min_row=hr + 1) if str(row[head['任务标识']].value or '').startswith('TZ-')]
rows[0][head['佐证材料']].value = '专题会议纪要.pdf、整改清单.docx'
rows[1][head['佐证材料']].value = '专题会议纪要.pdf'
wb.save(sys.argv[1])
`, file])
    writeFileSync(join(folder, '专题会议纪要.pdf'), '%PDF-1.4\n示例县司法局 专题会议纪要\n%%EOF\n')
    const tasks = cli(db, ['task', 'list', '--unit', '县司法局'])

    const s = await openLedgerImport(open, db, folder, 'import-ledger-folder', { TAIZHANG_TODAY: '2025-10-10' })
    await s.waitVisible('[data-test="ledger-evidence-counts"]', '佐证材料', { contains: true, timeoutMs: 30_000 })
    assert.equal(await s.exec(`return document.querySelector('[data-test="ledger-evidence-found"]').textContent`), '2')
    assert.equal(await s.exec(`return document.querySelector('[data-test="ledger-evidence-missing"]').textContent`), '1')
    await s.clickVisible('[data-test="ledger-evidence-toggle"]')
    await s.waitVisible('[data-test="ledger-evidence"]', '整改清单.docx', { contains: true })
    await s.waitVisible('[data-test="ledger-evidence"]', '未找到', { contains: true })
    await s.waitVisible('[data-test="ledger-evidence-file"]', '专题会议纪要.pdf', { contains: true })
    await s.waitVisible('[data-test="ledger-evidence-missing-file"]', '整改清单.docx', { contains: true })
    await s.exec(`document.querySelector('[data-test="ledger-evidence"]').scrollIntoView()`)
    await sleep(300)
    await s.screenshot(join(SHOTS, 'evidence-05-ledger-preview.png'))
    assert.equal(cli(db, ['evidence', 'list']).length, 0, 'nothing attached before 确认导入')

    await s.clickVisible('[data-test="ledger-commit"]')
    await s.waitVisible('.import-notice', '导入完成', { contains: true, timeoutMs: 30_000 })
    const listed = cli(db, ['evidence', 'list'])
    assert.deepEqual(
      listed.map((/** @type {any} */ e) => [e.task_id, e.unit, e.period, e.file_name, e.added_on]).sort(),
      [tasks[0].id, tasks[1].id].map((id) => [id, '县司法局', '2025-09', '专题会议纪要.pdf', '2025-10-10']).sort(),
    )
    await nav(s, '任务清单')
    await s.waitFor(
      async () => (await s.exec(`return document.querySelectorAll('[data-test="task-evidence-count"]').length`)) === 2,
      'two tasks with a badge',
    )
  })
})
