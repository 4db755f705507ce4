// @ts-check
// "A clerk's month" in the real window (#23): the sample plan as loaded on this machine's date;
// the latest period that is due; every unit's ledger exported; five departments return theirs,
// saved (WeChat / mail download time = file time) on the 3rd and 4th of the due month, on the
// due date and two days after it; one file's hidden identity names the month before while its
// name and 报送期次 name this one; one row says 基本完成. The clerk imports the whole folder three
// days after the due date. Checked: the preview (file times as 收到日期, the conflict red until
// the clerk picks, 基本完成 shown for decision), then the board, the 通报 and 任务清单 (statuses
// follow the reports): four on time, one late, the rest missing — the same numbers everywhere.
import { afterEach, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, utimesSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SHOTS, cli, launch, nav } from './lib/app.mjs'
import { editLedgerRows, fillLedger, retagPeriod } from './lib/ledger.mjs'

/** @type {Array<() => Promise<void>>} */
const open = []
afterEach(async () => {
  for (const close of open.splice(0)) await close().catch(() => {})
  delete process.env.TAIZHANG_E2E_PICK
})

/** YYYY-MM-DD of a local date. @param {Date} d */
const iso = (d) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`
/** A local date from YYYY-MM-DD plus `days`, at `hour`. @param {string} day @param {number} days */
const dayPlus = (day, days, hour = 10) => {
  const [y, m, d] = day.split('-').map(Number)
  return new Date(y, m - 1, d + days, hour, 0, 0)
}
/** 2025年10月8日 @param {string} day */
const chinese = (day) => {
  const [y, m, d] = day.split('-').map(Number)
  return `${y}年${m}月${d}日`
}
/** The period before YYYY-MM. @param {string} p */
const previousPeriod = (p) => {
  const [y, m] = p.split('-').map(Number)
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`
}

describe("a clerk's month in the desktop window", () => {
  test('files saved before the deadline and imported three days after it: on time stays on time everywhere', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'taizhang-e2e-month-'))
    const db = join(dir, 'taizhang.db')
    const realToday = iso(new Date())
    cli(db, ['sample', '--today', realToday])
    const plan = cli(db, ['plan', 'list'])[0]
    assert.ok(plan.title.includes(realToday.slice(0, 4)), `the sample is dated in the current year: ${plan.title}`)

    // The period the clerk is collecting: the one the board focuses on today.
    const board0 = cli(db, ['remind', '--board', '--today', realToday])
    const period = board0.focus.period
    const due = board0.focus.due
    const importDay = iso(dayPlus(due, 3))
    const [dy, dm] = due.split('-').map(Number)
    const third = new Date(dy, dm - 1, 3, 9, 30, 0)
    const fourth = new Date(dy, dm - 1, 4, 16, 0, 0)
    assert.ok(iso(third) < due && iso(fourth) <= due, `the 3rd and the 4th come before the due date ${due}`)
    const early = cli(db, ['remind', '--board', '--today', importDay])
    assert.equal(early.focus.period, period, 'three days after the due date the board still shows this period')
    // Months before the reporting window are never overdue.
    for (const o of early.overdue) assert.ok(o.period >= early.window_from, `${o.period} is inside the window from ${early.window_from}`)
    const required = early.focus.required
    assert.ok(required >= 6, `enough units report (${required})`)

    // Every unit's ledger exported, as the clerk sends them out.
    const out = join(dir, 'out')
    mkdirSync(out)
    const files = cli(db, ['ledger', 'export', '--plan', String(plan.id), '--period', period, '--out', out])
    const byUnit = new Map(files.map((/** @type {any} */ f) => [f.unit, f]))
    const units = early.focus.units.map((/** @type {any} */ u) => u.unit).filter((/** @type {string} */ u) => byUnit.has(u))
    assert.ok(units.length >= 6, 'the required units have ledgers')
    // The unit whose file came first leads some tasks alone: their status follows its report.
    const tasks = cli(db, ['task', 'list'])
    const soloLead = (/** @type {string} */ u) => tasks.filter((/** @type {any} */ t) => t.lead_units.length === 1 && t.lead_units[0] === u)
    const onThird = units.find((/** @type {string} */ u) => soloLead(u).length > 0)
    assert.ok(onThird, 'some unit leads tasks alone')
    const [onFourth, conflicted, onDue, late] = units.filter((/** @type {string} */ u) => u !== onThird)
    /** @type {Array<[string, Date]>} */
    const returns = [
      [onThird, third],
      [onFourth, fourth],
      [conflicted, fourth],
      [onDue, dayPlus(due, 0, 17)],
      [late, dayPlus(due, 2, 9)],
    ]
    const inbox = join(dir, '收到的台账')
    mkdirSync(inbox)
    const label = `${Number(period.slice(0, 4))}年${Number(period.slice(5))}月`
    for (const [unit, at] of returns) {
      const f = byUnit.get(unit)
      const file = join(inbox, `${unit}_${label}工作台账.xlsx`)
      // onThird reports every row done; the others in progress
      const done = unit === onThird ? f.tasks : 0
      assert.equal(fillLedger(f.file, file, `${label}已按要求推进第{n}项工作，召开专题会议一次。`, done), f.tasks)
      if (unit === onThird) editLedgerRows(file, [{ row: 0, status: '基本完成' }])
      if (unit === conflicted) retagPeriod(file, previousPeriod(period))
      utimesSync(file, at, at)
    }

    // The clerk imports the folder three days after the due date.
    process.env.TAIZHANG_E2E_PICK = inbox
    const app = await launch(db, { env: { TAIZHANG_TODAY: importDay } })
    open.push(app.close)
    const { s } = app
    await nav(s, '导入')
    await s.clickVisible('[data-test="import-ledger-folder"]')
    await s.waitFor(async () => Number(await s.exec(`return document.querySelectorAll('[data-test="ledger-file"]').length`)) === returns.length, 'every file in the preview', 30_000)
    const cards = await s.exec(
      `return [...document.querySelectorAll('[data-test="ledger-file"]')].map((c) => ({
         text: c.innerText,
         conflict: c.dataset.conflict === 'true',
         received: c.querySelector('[data-test="ledger-received"] input')?.value ?? '',
         source: c.querySelector('[data-test="ledger-received-source"]')?.innerText ?? '',
       }))`,
    )
    for (const [unit, at] of returns) {
      const card = cards.find((/** @type {any} */ c) => c.text.includes(`${unit}_`))
      assert.ok(card, `${unit}'s file is in the preview`)
      assert.equal(card.conflict, unit === conflicted, `${unit}: red only when the identity disagrees`)
      if (unit === conflicted) continue // its 收到日期 is asked once the clerk has picked the period
      assert.equal(card.received, chinese(iso(at)), `${unit}: the 收到日期 is the file time`)
      assert.match(card.source, /文件时间/)
    }
    await s.screenshot(join(SHOTS, 'month-01-preview.png'))

    // The department's 基本完成 is shown with the proposed status; the clerk records it 已完成.
    await s.waitVisible('[data-test="ledger-status-words"] [data-test="status-word-text"]', '基本完成')
    await s.choose('[data-test="ledger-status-words"] [data-test="status-word-decide"]', '已完成')
    // The conflicting file: the clerk takes the period its name and 报送期次 say.
    await s.clickVisible('[data-test="conflict-period"] [data-test="conflict-choose"]', label)
    await s.waitFor(async () => !(await s.exec(`return [...document.querySelectorAll('[data-test="ledger-file"]')].some((c) => c.dataset.conflict === 'true')`)), 'no file left red')
    const picked = await s.exec(
      `const c = [...document.querySelectorAll('[data-test="ledger-file"]')].find((x) => x.innerText.includes(arguments[0]));
       return c.querySelector('[data-test="ledger-received"] input')?.value ?? ''`,
      [`${conflicted}_`],
    )
    assert.equal(picked, chinese(iso(fourth)), `${conflicted}: the 收到日期 is the file time once the period is picked`)
    await s.screenshot(join(SHOTS, 'month-02-decided.png'))
    await s.clickVisible('[data-test="ledger-commit"]')
    await s.waitVisible('.import-notice', '导入完成', { contains: true, timeoutMs: 30_000 })
    await s.screenshot(join(SHOTS, 'month-03-imported.png'))

    // The core: four on time, one late, by the day each file arrived.
    const status = cli(db, ['ledger', 'status', '--plan', String(plan.id), '--period', period])
    const stateOf = (/** @type {string} */ u) => status.find((/** @type {any} */ x) => x.unit === u)
    for (const [unit, at] of returns) {
      assert.equal(stateOf(unit).received_on, iso(at), `${unit}: received_on`)
      assert.equal(stateOf(unit).on_time, unit !== late, `${unit}: on time unless it came after ${due}`)
    }
    const missing = required - returns.length

    // 工作台: the card adds up and names the late unit.
    await nav(s, '工作台')
    /** The counts of the board card for `label`, [已报, 迟报, 未报, 应报], or null. */
    const counts = async () =>
      await s.exec(
        `const card = [...document.querySelectorAll('.period')].find((c) => c.querySelector('[data-test="period-label"]')?.innerText === arguments[0] + '工作台账');
         return card ? ['count-on-time', 'count-late', 'count-missing', 'count-required'].map((k) => Number(card.querySelector('[data-test="' + k + '"]').innerText)) : null`,
        [label],
      )
    await s.waitFor(async () => (await counts()) !== null, `the board's card for ${label}`)
    assert.deepEqual(await counts(), [4, 1, missing, required], '工作台: 已报 4 · 迟报 1 · 未报 the rest / 应报')
    assert.equal(await s.exec(`return document.querySelector('[data-test="unit-states"]').dataset.period`), period, 'the units shown are this period\'s')
    const lateState = await s.exec(`return document.querySelector('[data-test="unit-states"] [data-test="unit-' + arguments[0] + '"] [data-test="unit-state"]')?.innerText ?? ''`, [late])
    assert.match(lateState, /迟报/)
    await s.screenshot(join(SHOTS, 'month-04-board.png'))

    // 统计报表 → 通报 for the month: the same four, one and the rest.
    await s.exec(`location.hash = arguments[0]`, [`#/reports?plan=${plan.id}&tab=circular&mode=month&from=${period}&to=${period}`])
    await s.waitVisible('[data-test="circular-total-row"]', null, { timeoutMs: 30_000 })
    const total = await s.exec(
      `const r = document.querySelector('[data-test="circular-total-row"]');
       return [...r.querySelectorAll('td.num')].slice(0, 4).map((td) => Number(td.innerText))`,
    )
    assert.deepEqual(total, [required, 4, 1, missing], '通报 合计: required, on time, late, missing')
    const lateRow = await s.exec(`const r = document.querySelector('[data-test="circular-unit-row"][data-unit="' + arguments[0] + '"]'); return r ? [r.querySelector('[data-test="on-time"]').innerText, r.querySelector('[data-test="late"]').innerText] : null`, [late])
    assert.deepEqual(lateRow, ['0', '1'], `${late} is counted late in the 通报`)
    const circular = cli(db, ['report', 'circular', '--plan', String(plan.id), '--from', period, '--to', period, '--today', importDay])
    const cliLate = circular.units.filter((/** @type {any} */ u) => u.late > 0).map((/** @type {any} */ u) => u.unit)
    assert.deepEqual(cliLate, [late], 'the CLI names exactly the late unit')
    await s.screenshot(join(SHOTS, 'month-05-circular.png'))

    // 任务清单: tasks led by onThird alone follow its report (every row 已完成, 基本完成 decided 已完成).
    const led = cli(db, ['task', 'list', '--unit', onThird]).filter(
      (/** @type {any} */ t) => t.lead_units.length === 1 && t.lead_units[0] === onThird,
    )
    assert.equal(led.length, soloLead(onThird).length, `${onThird}'s tasks`)
    for (const t of led) assert.equal(t.status, 'done', `CLI: ${t.title}`)
    await s.exec(`location.hash = arguments[0]`, [`#/tasks?unit=${encodeURIComponent(onThird)}`])
    await s.waitVisible('[data-test="task-row-title"]', led[0].title, { contains: true, timeoutMs: 20_000 })
    const shown = await s.exec(
      `return [...document.querySelectorAll('.el-table__body tr')].map((tr) => [(tr.querySelector('[data-test="task-row-title"]')?.innerText ?? '').trim(), (tr.querySelector('[data-test="task-status"]')?.innerText ?? '').trim()])`,
    )
    for (const t of led) {
      const row = shown.find((/** @type {string[]} */ r) => r[0] === t.title)
      assert.ok(row, `${t.title} is listed`)
      assert.equal(row[1], '已完成', `任务清单: ${t.title}`)
    }
    await s.screenshot(join(SHOTS, 'month-06-tasks.png'))
  })
})
