import { createRouter, createWebHashHistory, type RouteRecordRaw } from 'vue-router'

export const routes: RouteRecordRaw[] = [
  { path: '/', redirect: '/home' },
  { path: '/home', name: 'home', component: () => import('./pages/HomePage.vue'), meta: { title: '工作台' } },
  { path: '/tasks', name: 'tasks', component: () => import('./pages/TasksPage.vue'), meta: { title: '任务清单' } },
  {
    path: '/tasks/print',
    name: 'task-print',
    component: () => import('./pages/TaskPrintPage.vue'),
    meta: { title: '重点任务清单（打印）', bare: true },
  },
  { path: '/units', name: 'units', component: () => import('./pages/UnitsPage.vue'), meta: { title: '责任单位' } },
  { path: '/group', name: 'group', component: () => import('./pages/GroupPage.vue'), meta: { title: '领导小组' } },
  {
    path: '/group/print',
    name: 'group-print',
    component: () => import('./pages/GroupPrintPage.vue'),
    meta: { title: '领导小组名单（打印）', bare: true },
  },
  { path: '/import', name: 'import', component: () => import('./pages/ImportPage.vue'), meta: { title: '导入' } },
  {
    path: '/imports',
    name: 'imports',
    component: () => import('./pages/ImportHistoryPage.vue'),
    meta: { title: '导入记录' },
  },
  {
    path: '/consolidated',
    name: 'consolidated',
    component: () => import('./pages/ConsolidatedPage.vue'),
    meta: { title: '汇总查看' },
  },
  {
    path: '/consolidated/print',
    name: 'consolidated-print',
    component: () => import('./pages/ConsolidatedPrintPage.vue'),
    meta: { title: '汇总查看（打印）', bare: true },
  },
  { path: '/reports', name: 'reports', component: () => import('./pages/ReportsPage.vue'), meta: { title: '统计报表' } },
  {
    path: '/reports/print',
    name: 'report-print',
    component: () => import('./pages/ReportPrintPage.vue'),
    meta: { title: '统计报表（打印）', bare: true },
  },
  { path: '/trash', name: 'trash', component: () => import('./pages/TrashPage.vue'), meta: { title: '回收站' } },
  { path: '/settings', name: 'settings', component: () => import('./pages/SettingsPage.vue'), meta: { title: '设置' } },
  { path: '/:rest(.*)*', redirect: '/home' },
]

export const router = createRouter({ history: createWebHashHistory(), routes })
