// @ts-check
// End-to-end tests of 设置 for reminders (#7) in the real window, "today" fixed at 2025-10-06 by
// TAIZHANG_TODAY: importing a working-day calendar (a bad file is refused, a good one moves the
// board's due date, 撤销 restores it), the 报送规则 (day, previous/current month, no shift to a
// working day) changing the board, 开机自动启动 writing and removing the XDG autostart entry, and
// a database held locked by another program → the Chinese message → 重试 once it is free.
// The calendar file choice is answered through TAIZHANG_E2E_PICK (see commands/import.rs).
// 完成状态用语 (#23.4): the clerk changes, adds and removes words of the table; 导出台账's contact
// (#23.9) is saved and printed on the next ledger.
import { afterEach, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import { APP, ROOT, SHOTS, cli, launch, messages, nav, tempDb } from './lib/app.mjs'

const TODAY = '2025-10-06'

/** @type {Array<() => Promise<void>>} */
const open = []
afterEach(async () => {
  for (const close of open.splice(0)) await close().catch(() => {})
})

/** @param {string} db @param {Record<string, string>} [env] */
async function start(db, env = {}) {
  const app = await launch(db, { env: { TAIZHANG_TODAY: TODAY, ...env } })
  open.push(app.close)
  return app
}

/** The current period's due date on the board. @param {import('./lib/webdriver.mjs').Session} s */
async function boardDue(s, expected) {
  await nav(s, '工作台')
  return s.waitVisible('[data-test="period-current"] [data-test="period-due"]', expected)
}

/** The CLI's due date for one reporting period. */
function cliDue(db, period) {
  const out = cli(db, ['remind', '--today', TODAY])
  const items = Array.isArray(out) ? out : out.items
  return items.find((/** @type {any} */ i) => i.period === period && i.kind.startsWith('report'))?.due
}

/**
 * Sets the 报送规则's day with the number box's − / + buttons, as a person clicks them.
 * @param {import('./lib/webdriver.mjs').Session} s @param {number} day
 */
async function setDay(s, day) {
  const box = '[data-test="rule-settings"] .el-input-number'
  const value = async () => Number(await s.exec(`return document.querySelector('${box} input').value`))
  for (let guard = 0; guard < 40; guard++) {
    const now = await value()
    if (now === day) return
    await s.clickVisible(`${box} ${now < day ? '.el-input-number__increase' : '.el-input-number__decrease'}`)
    await s.waitFor(async () => (await value()) !== now, 'the day to change')
  }
  throw new Error(`could not set the day to ${day}`)
}

describe('设置: calendar, reporting rule, autostart, a locked database', () => {
  test('nothing moves while 设置 loads: the buttons below the backup list and the inbox stay where they first appear', async () => {
    const db = tempDb('steady')
    cli(db, ['sample'])
    // Several automatic copies, so the backup table has rows to grow by.
    for (const day of ['2025-09-29', '2025-09-30', '2025-10-01', '2025-10-02', '2025-10-03']) cli(db, ['backup', 'auto', '--today', day])
    const inbox = mkdtempSync(join(tmpdir(), 'taizhang-e2e-steady-inbox-'))
    cli(db, ['inbox', 'folder', inbox])
    const { s } = await start(db)
    await boardDue(s, '2025年10月9日（周四）')

    // Each button's top relative to the page, read after every change to the page (a mutation
    // observer: before the change is painted) and every 10 ms, from before 设置 opens.
    const watched = ['undo-calendar', 'save-rule', 'save-remind', 'import-calendar']
    await s.exec(
      `const watched = arguments[0]
       const tops = (window.__tops = {})
       const probe = () => {
         const page = document.querySelector('.settings')
         if (!page) return
         for (const name of watched) {
           const el = document.querySelector('[data-test="' + name + '"]')
           if (!el) continue
           const top = Math.round(el.getBoundingClientRect().top - page.getBoundingClientRect().top)
           const seen = (tops[name] = tops[name] || [])
           if (seen[seen.length - 1] !== top) seen.push(top)
         }
       }
       const observer = new MutationObserver(probe)
       observer.observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true })
       const timer = setInterval(probe, 10)
       window.__stopWatching = () => (observer.disconnect(), clearInterval(timer), tops)`,
      [watched],
    )
    await nav(s, '设置')
    // Loaded: the backups listed, the inbox folder named, the calendar and reminder settings read.
    await s.waitFor(
      async () =>
        (await s.exec(`return document.querySelectorAll('[data-test="backup-table"] .el-table__row').length`)) === cli(db, ['backup', 'list']).length,
      'every backup listed',
    )
    await s.waitVisible('[data-test="inbox-folder"]', inbox)
    await s.waitVisible('[data-test="calendar-years"]', '2020—2026年')
    await s.waitVisible('[data-test="daily-backup-ok"]')
    await s.waitVisible('[data-test="desktop-settings"] [data-test="save-desktop"]')
    await new Promise((r) => setTimeout(r, 500))
    const tops = await s.exec('return window.__stopWatching()')
    await s.screenshot(join(SHOTS, 'settings-00-loaded.png'))
    for (const name of watched) assert.ok(tops[name]?.length, `${name} was seen`)
    const moved = watched.filter((name) => tops[name].length > 1).map((name) => `${name}: ${tops[name].join(' → ')} px`)
    assert.deepEqual(moved, [], `moved while 设置 loaded:\n${moved.join('\n')}`)
  })

  test('a bad calendar file is refused and nothing changes; a corrected one moves the due date; 撤销 restores it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'taizhang-e2e-calendar-'))
    const builtin = JSON.parse(readFileSync(join(ROOT, 'assets/calendar/cn-workdays.json'), 'utf8'))
    /** @param {(y: any) => void} edit */
    const year2025 = (edit) => {
      const y = structuredClone(builtin.years['2025'])
      edit(y)
      return { format: 'taizhang-workdays/1', description: '示例：更正后的2025年安排（虚构）', years: { 2025: y } }
    }
    // bad: a make-up working day on a Thursday
    const bad = join(dir, '日历-有误.json')
    writeFileSync(bad, JSON.stringify(year2025((y) => y.workdays.push({ name: '国庆节', dates: ['2025-10-09'] })), null, 2))
    // good (fictional correction): the National Day holiday runs one day longer, to 10月9日
    const good = join(dir, '日历-2025更正.json')
    writeFileSync(good, JSON.stringify(year2025((y) => y.holidays.find((h) => h.name.includes('国庆')).dates.push('2025-10-09')), null, 2))

    const db = tempDb('calendar')
    cli(db, ['sample'])
    const { s } = await start(db, { TAIZHANG_E2E_PICK: [bad, good].join(delimiter) })
    await boardDue(s, '2025年10月9日（周四）')

    await nav(s, '设置')
    await s.waitVisible('[data-test="calendar-years"]', '2020—2026年')
    await s.clickVisible('[data-test="import-calendar"]')
    await s.waitFor(async () => (await messages(s)).includes('调休上班日只能是周六或周日'), 'the refusal')
    const refusal = await messages(s)
    assert.match(refusal, /2025年10月9日（周四）被列为“国庆节”调休上班/)
    assert.match(refusal, /当前日历未作改动/)
    await s.exec(`document.querySelector('[data-test="calendar-settings"]').scrollIntoView()`)
    await s.screenshot(join(SHOTS, 'settings-01-calendar-refused.png'))
    assert.equal(await s.exec(`return document.querySelector('[data-test="calendar-settings"] .el-table') === null`), true, 'no import listed')
    assert.equal(cliDue(db, '2025-09'), '2025-10-09', 'the old calendar stays')
    await boardDue(s, '2025年10月9日（周四）')

    await nav(s, '设置')
    await s.clickVisible('[data-test="import-calendar"]')
    await s.waitFor(async () => (await messages(s)).includes('已导入日历：2025年'), 'the import message')
    await s.waitVisible('[data-test="calendar-settings"] .el-table', '日历-2025更正.json', { contains: true })
    await s.exec(`document.querySelector('[data-test="calendar-settings"]').scrollIntoView()`)
    await s.screenshot(join(SHOTS, 'settings-02-calendar-imported.png'))
    assert.equal(cliDue(db, '2025-09'), '2025-10-10')
    await boardDue(s, '2025年10月10日（周五）')

    await nav(s, '设置')
    await s.clickVisible('[data-test="undo-calendar"]')
    await s.waitVisible('.el-message-box', '撤销日历导入', { contains: true })
    await s.clickVisible('.el-message-box__btns button', '撤销')
    await s.waitFor(async () => (await messages(s)).includes('已撤销导入：日历-2025更正.json'), 'the undo message')
    assert.equal(cliDue(db, '2025-09'), '2025-10-09')
    await boardDue(s, '2025年10月9日（周四）')
  })

  test('报送规则: another day, no shift to a working day, the current month — each moves the board', async () => {
    const db = tempDb('rule')
    cli(db, ['sample'])
    const { s } = await start(db)
    await boardDue(s, '2025年10月9日（周四）')
    const rule = '[data-test="rule-settings"]'
    const save = async () => {
      await s.clickVisible(`${rule} [data-test="save-rule"]`)
      await s.waitFor(async () => (await messages(s)).includes('报送规则已保存'), 'the rule saved')
    }

    // 每月10日前报送上月: 10月10日 is a Friday, a working day
    await nav(s, '设置')
    await setDay(s, 10)
    await save()
    assert.equal(cliDue(db, '2025-09'), '2025-10-10')
    await boardDue(s, '2025年10月10日（周五）')

    // 每月5日前, not moved to a working day: Sunday 10月5日 stays the due date, already past
    await nav(s, '设置')
    await setDay(s, 5)
    await s.clickVisible(`${rule} [data-test="shift-switch"]`)
    await s.waitFor(async () => (await s.exec(`return document.querySelector('${rule} [data-test="shift-switch"]').classList.contains('is-checked')`)) === false, 'the switch off')
    await save()
    assert.equal(cliDue(db, '2025-09'), '2025-10-05')
    await nav(s, '工作台')
    // past due: the unit grid stays on 9月 and says it closed on 10月5日
    await s.waitVisible('[data-test="unit-states-title"]', '2025年9月各单位报送情况（2025年10月5日已截止', { contains: true })

    // 每月30日前填报本月, moved again: the current period is 2025年10月, due Thursday 10月30日
    await nav(s, '设置')
    await setDay(s, 30)
    await s.clickVisible(`${rule} .el-radio`, '本月进展')
    await s.clickVisible(`${rule} [data-test="shift-switch"]`)
    await save()
    await s.exec(`document.querySelector('${rule}').scrollIntoView()`)
    await s.screenshot(join(SHOTS, 'settings-03-rule.png'))
    assert.equal(cliDue(db, '2025-10'), '2025-10-30')
    await boardDue(s, '2025年10月30日（周四）')
    await s.waitVisible('[data-test="period-current"] [data-test="period-label"]', '2025年10月工作台账')
    await s.screenshot(join(SHOTS, 'settings-04-board-after-rule.png'))
  })

  test('开机自动启动 writes the XDG autostart entry for this program and removes it again', async () => {
    const db = tempDb('autostart')
    cli(db, ['sample'])
    const home = mkdtempSync(join(tmpdir(), 'taizhang-e2e-home-'))
    const autostart = join(home, '.config/autostart')
    const entries = () => (existsSync(autostart) ? readdirSync(autostart).filter((f) => f.endsWith('.desktop')) : [])
    const { s } = await start(db, { HOME: home })
    await nav(s, '设置')
    const desktop = '[data-test="desktop-settings"]'
    await s.waitVisible(`${desktop} [data-test="autostart-switch"]`)
    assert.equal(await s.exec(`return document.querySelector('${desktop} [data-test="autostart-switch"]').classList.contains('is-checked')`), false)
    assert.deepEqual(entries(), [])

    await s.clickVisible(`${desktop} [data-test="autostart-switch"]`)
    await s.clickVisible(`${desktop} [data-test="save-desktop"]`)
    await s.waitFor(async () => (await messages(s)).includes('系统提醒设置已保存'), 'saved')
    const [entry] = entries()
    assert.ok(entry, 'an autostart entry')
    const text = readFileSync(join(autostart, entry), 'utf8')
    assert.match(text, /\[Desktop Entry\]/)
    assert.ok(text.includes(`Exec=${APP}`) || text.includes(`Exec="${APP}"`), text)
    console.log(`# autostart: ${entry}`)
    await s.exec(`document.querySelector('${desktop}').scrollIntoView()`)
    await s.screenshot(join(SHOTS, 'settings-05-autostart.png'))

    await s.clickVisible(`${desktop} [data-test="autostart-switch"]`)
    await s.clickVisible(`${desktop} [data-test="save-desktop"]`)
    await s.waitFor(async () => entries().length === 0, 'the entry removed')
  })

  test('a database another program holds locked: the window says so in Chinese, and 重试 opens it once it is free', async () => {
    const db = tempDb('locked')
    cli(db, ['sample'])
    // sqlite3 holds the file with an exclusive lock for as long as its input stays open
    const holder = spawn('sqlite3', [db], { stdio: ['pipe', 'pipe', 'inherit'] })
    holder.stdin.write('PRAGMA locking_mode=EXCLUSIVE;\nSELECT count(*) FROM plan;\n')
    await new Promise((resolve, reject) => {
      holder.stdout.once('data', resolve)
      holder.once('error', reject)
    })
    const exited = new Promise((r) => holder.once('exit', r))
    try {
      const { s } = await start(db)
      const alert = await s.waitVisible('.el-alert', '无法打开台账数据库', { contains: true, timeoutMs: 60_000 })
      const text = String(await s.text(alert))
      assert.match(text, /正被其他程序占用/)
      assert.ok(text.includes(db), text)
      assert.ok(!text.includes('不是台账数据库'), text)
      await s.screenshot(join(SHOTS, 'settings-06-locked.png'))

      holder.stdin.end() // sqlite3 quits and lets go of the file
      await exited
      await s.clickVisible('.el-alert button', '重试')
      await s.waitVisible('[data-test="plan-title"]', '示例县', { contains: true, timeoutMs: 30_000 })
    } finally {
      if (holder.exitCode === null) holder.kill()
    }
  })
  test('完成状态用语: a word re-mapped, one added and removed; the ledger contact saved and printed', async () => {
    const db = tempDb('words')
    cli(db, ['sample'])
    const { s } = await start(db)
    await nav(s, '设置')
    const base = '[data-test="status-words"]'
    const section = await s.waitVisible(`${base} [data-test="status-word"]`, '基本完成')
    await s.exec('arguments[0].scrollIntoView({ block: "center" })', [section])
    await s.screenshot(join(SHOTS, 'settings-status-words-before.png'))
    const meaning = (/** @type {string} */ w) => cli(db, ['ledger', 'words', 'list']).find((/** @type {any} */ x) => x.word === w)?.status
    assert.equal(meaning('基本完成'), 'in_progress')
    await s.choose(`${base} [data-test="status-word-select"][data-word="基本完成"]`, '已完成')
    await s.waitFor(async () => (await messages(s)).includes('已修改：各单位写“基本完成”时记为“已完成”'), 'the changed message')
    assert.equal(meaning('基本完成'), 'done')
    await s.waitFor(async () => !(await s.visible('.el-select-dropdown__item')), 'the dropdown closed')

    // One of the four is refused before anything is sent.
    const input = await s.waitVisible(`${base} input[data-test="status-word-new"]`)
    await s.type(input, '已完成')
    await s.waitVisible(`${base} .add`, '本身就是四种完成状态之一', { contains: true })
    await s.exec(`const i = document.querySelector(arguments[0]); i.value = ''; i.dispatchEvent(new Event('input'))`, [`${base} input[data-test="status-word-new"]`])
    await s.type(input, '已基本完成')
    await s.choose(`${base} [data-test="status-word-new-status"]`, '长期坚持')
    await s.clickVisible(`${base} [data-test="status-word-add"]`)
    await s.waitVisible(`${base} [data-test="status-word"]`, '已基本完成')
    assert.equal(meaning('已基本完成'), 'ongoing')
    await s.screenshot(join(SHOTS, 'settings-status-words.png'))
    await s.clickVisible(`${base} [data-test="status-word-remove"][data-word="已基本完成"]`)
    await s.waitFor(async () => !(await s.visible(`${base} [data-test="status-word"]`, '已基本完成')), 'the word removed')
    assert.equal(meaning('已基本完成'), undefined)

    // The contact printed on every unit's ledger.
    const exportBox = '[data-test="export-settings"]'
    await s.type(await s.waitVisible(`${exportBox} input[data-test="contact-name"]`), '王芳')
    await s.type(await s.waitVisible(`${exportBox} input[data-test="contact-phone"]`), '0123-5550001')
    await s.clickVisible(`${exportBox} [data-test="export-settings-save"]`)
    await s.waitFor(async () => (await messages(s)).includes('导出设置已保存'), 'the saved message')
    const contact = cli(db, ['ledger', 'contact'])
    assert.equal(contact.contact_name, '王芳')
    assert.equal(contact.line, '如有疑问，请联系王芳，电话：0123-5550001。')
    await s.screenshot(join(SHOTS, 'settings-ledger-contact.png'))
  })
})
