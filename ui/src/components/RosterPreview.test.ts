import { describe, expect, it } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { nextTick, ref } from 'vue'
import type { RosterDraft } from '../api/imports'
import RosterPreview from './RosterPreview.vue'

const draft = (over: Partial<RosterDraft> = {}): RosterDraft => ({
  source: '名单.xlsx',
  title: '示例县法治政府建设领导小组成员名单',
  on: '2025-10-01',
  members: [
    { name: '陈立新', title: '县长', org: '县人民政府', role: '组长', sheet: '名单', row: 3, status: 'same', member_id: 1, note: '兼' },
  ],
  leaving: [],
  kept: [],
  unreadable: [],
  retire: false,
  warnings: [],
  bodies: [],
  ...over,
})

function mountPreview(d: RosterDraft) {
  const model = ref(d)
  const wrapper = mount(RosterPreview, {
    props: { modelValue: model.value, 'onUpdate:modelValue': (v: RosterDraft) => (model.value = v) },
    global: { plugins: [ElementPlus] },
    attachTo: document.body,
  })
  return { wrapper, model }
}

describe('RosterPreview', () => {
  it('shows the note read beside a name', async () => {
    const { wrapper } = mountPreview(draft())
    await flushPromises()
    const note = wrapper.find<HTMLInputElement>('input[data-test="roster-note"]')
    expect(note.element.value).toBe('兼')
    wrapper.unmount()
  })

  it('lists the members who would leave and asks to confirm', async () => {
    const { wrapper, model } = mountPreview(
      draft({ leaving: [{ member_id: 13, name: '何振华', role: '成员', to: '2025-09-30' }] }),
    )
    const leaving = wrapper.find('[data-test="roster-leaving"]')
    expect(leaving.text()).toContain('以下 1 位现任成员不在此名单中')
    expect(leaving.text()).toContain('何振华')
    expect(leaving.text()).toContain('2025年9月30日')
    expect(model.value.retire).toBe(false)
    await wrapper.find('[data-test="roster-retire"] input').setValue(true)
    await nextTick()
    expect(model.value.retire).toBe(true)
    wrapper.unmount()
  })

  it('shows rows that could not be read and the members kept because of them', () => {
    const { wrapper } = mountPreview(
      draft({
        unreadable: [{ sheet: '名单', row: 9, text: 'Su Xiaomei' }],
        kept: [{ member_id: 15, name: '苏晓梅', role: '办公室副主任', to: '2025-09-30' }],
      }),
    )
    expect(wrapper.find('[data-test="roster-unreadable"]').text()).toContain('第9行：Su Xiaomei')
    expect(wrapper.find('[data-test="roster-leaving"]').exists()).toBe(false)
    expect(wrapper.text()).toContain('苏晓梅')
    wrapper.unmount()
  })

  it('lists the member bodies of a notice as units, not people', async () => {
    const { wrapper, model } = mountPreview(
      draft({ source: '通知.docx', bodies: [{ name: '县司法局', unit_id: 3 }, { name: '县人社局', unit_id: null }] }),
    )
    await flushPromises()
    const bodies = wrapper.find('[data-test="roster-bodies"]')
    expect(bodies.text()).toContain('县司法局')
    expect(bodies.text()).toContain('县人社局（新增）')
    expect(wrapper.findAll('input[data-test="roster-name"]').map((i) => (i.element as HTMLInputElement).value)).toEqual(['陈立新'])
    await bodies.findAll('.el-tag__close')[1].trigger('click')
    await nextTick()
    expect(model.value.bodies.map((b) => b.name)).toEqual(['县司法局'])
    wrapper.unmount()
  })
})
