// @ts-check
// End-to-end tests of the inbox and the automatic backups in the real window ("today" fixed by
// TAIZHANG_TODAY). Inbox: a folder set as 收件文件夹; a ledger arriving there half-written is not
// offered, once whole it appears in 工作台 → 待导入 with its received date (the file time), the
// watcher's notification is logged, 导入… opens the usual preview with that file and day, and
// after 确认导入 it leaves the list. Backups: the window's start made today's automatic copy;
// 设置 → 自动备份 lists it with its counts, and 恢复… shows what would change before restoring.
import { afterEach, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CLI, SHOTS, cli, launch, nav } from './lib/app.mjs'
import { exportLedger, fillLedger } from './lib/ledger.mjs'

const UNIT = '县司法局'

/** @type {Array<() => Promise<void>>} */
const open = []
afterEach(async () => {
  for (const close of open.splice(0)) await close().catch(() => {})
})

/** @param {string} db @param {Record<string, string>} env */
async function start(db, env) {
  const app = await launch(db, { env })
  open.push(app.close)
  return app.s
}

/** The CLI without `--json`. @param {string} db @param {string[]} args */
const run = (db, args) => execFileSync(CLI, ['--db', db, ...args], { encoding: 'utf8', timeout: 30_000 })

describe('收件文件夹 and 自动备份 in the desktop window', () => {
  test('a ledger dropped in the inbox folder waits in 待导入 and opens the preview', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'taizhang-e2e-inbox-'))
    const db = join(dir, 'taizhang.db')
    cli(db, ['sample'])
    const exported = exportLedger(db, UNIT, '2025-09', join(dir, 'out'))
    const filled = join(dir, '已填写.xlsx')
    fillLedger(exported.file, filled, '9月已召开专题会议部署落实，完成阶段任务{n}项。')
    const inbox = join(dir, 'WeChat Files', 'File')
    mkdirSync(join(inbox, '2025-10'), { recursive: true })
    assert.equal(cli(db, ['inbox', 'folder', inbox]).folder, inbox)

    const s = await start(db, { TAIZHANG_TODAY: '2025-10-10' })
    await nav(s, '设置')
    await s.waitVisible('[data-test="inbox-folder"]', inbox)
    await nav(s, '工作台')
    await s.waitVisible('[data-test="plan-title"]', '示例县', { contains: true })

    // WeChat is still writing it: half the bytes.
    const target = join(inbox, '2025-10', '县司法局9月台账.xlsx')
    const whole = readFileSync(filled)
    writeFileSync(target, whole.subarray(0, Math.floor(whole.length / 2)))
    await new Promise((r) => setTimeout(r, 4000))
    assert.ok(!(await s.visible('[data-test="inbox-list"]')), 'a half-written file is not offered')
    // Done; it arrived on 10-08 (the file time).
    writeFileSync(target, whole)
    const arrived = new Date(2025, 9, 8, 16, 20)
    utimesSync(target, arrived, arrived)
    await s.waitVisible('[data-test="inbox-unit"]', UNIT, { timeoutMs: 40_000 })
    await s.waitVisible('[data-test="inbox-received"]', '2025年10月8日')
    await s.screenshot(join(SHOTS, 'inbox-01-waiting.png'))
    const logs = readdirSync(SHOTS).filter((f) => f.startsWith('driver-')).map((f) => readFileSync(join(SHOTS, f), 'utf8'))
    assert.ok(
      logs.some((l) => l.includes(`收件：收到 ${UNIT} 2025年9月 台账`)),
      'the watcher sent the notification',
    )

    await s.clickVisible('[data-test="inbox-open"]')
    await s.waitVisible('[data-test="ledger-unit"]', UNIT, { contains: true })
    await s.waitVisible('[data-test="ledger-period"]', '2025年9月', { contains: true })
    const received = await s.exec(
      `const el = document.querySelector('[data-test="ledger-received"] input'); return el ? el.value : ''`,
    )
    assert.equal(received, '2025年10月8日')
    await s.screenshot(join(SHOTS, 'inbox-02-preview.png'))
    assert.equal(cli(db, ['ledger', 'status', '--plan', '1', '--period', '2025-09']).find((/** @type {any} */ u) => u.unit === UNIT).reported, false, 'nothing imported before 确认导入')
    await s.clickVisible('[data-test="ledger-commit"]')
    await s.waitVisible('.import-notice', '导入完成', { contains: true })
    await nav(s, '工作台')
    await s.waitVisible('[data-test="plan-title"]', '示例县', { contains: true })
    await s.waitFor(async () => !(await s.visible('[data-test="inbox-list"]')), 'the imported file to leave 待导入', 20_000)
    const found = cli(db, ['inbox', 'scan', inbox, '--today', '2025-10-10'])
    assert.equal(found[0].state, 'already_imported')
  })

  test('设置 lists the automatic backup of the start and restores it after showing the change', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'taizhang-e2e-backup-'))
    const db = join(dir, 'taizhang.db')
    cli(db, ['sample'])
    const tasks = cli(db, ['task', 'list']).length
    const s = await start(db, { TAIZHANG_TODAY: '2025-10-08' })
    await nav(s, '设置')
    await s.waitVisible('[data-test="backup-table"]', '每日自动备份', { contains: true })
    await s.waitVisible('[data-test="backup-table"]', '2025年10月8日', { contains: true })
    await s.waitVisible('[data-test="daily-backup-ok"]', '已完成', { contains: true })
    const listed = cli(db, ['backup', 'list'])
    assert.equal(listed.length, 1)
    assert.equal(listed[0].kind, 'daily')
    assert.equal(listed[0].counts.tasks, tasks)
    await s.screenshot(join(SHOTS, 'backup-01-list.png'))

    // A task deleted after the backup; restoring brings it back.
    run(db, ['task', 'delete', '1'])
    assert.equal(cli(db, ['task', 'list']).length, tasks - 1)
    await s.clickVisible('[data-test="backup-restore"]')
    await s.waitVisible('[data-test="restore-preview"]', `${tasks - 1}`, { contains: true })
    await s.waitVisible('[data-test="restore-preview"]', '多 1', { contains: true })
    await s.screenshot(join(SHOTS, 'backup-02-restore-preview.png'))
    await s.clickVisible('[data-test="restore-confirm"]')
    await s.waitVisible('.el-message-box', '恢复完成', { contains: true })
    assert.equal(cli(db, ['task', 'list']).length, tasks)
    await s.clickVisible('.el-message-box__btns button', '知道了')
    await s.waitVisible('[data-test="backup-table"]', '恢复备份前', { contains: true })
    await s.screenshot(join(SHOTS, 'backup-03-after-restore.png'))
  })
})
