// Every page of the console. Pages inside the layout are children of '/'; their meta says:
//   title     breadcrumb and window title
//   perm      permission needed (a string or a list: any of them); checked by the guard, hides the menu item
//   menu      shown in the left menu; icon: a name from @element-plus/icons-vue; group: a sub-menu title
//   orgScoped the organization tree panel is shown and scopes the page
// Pages are loaded on demand (one chunk per page).
import AppLayout from '@/layout/AppLayout.vue';

export const layoutChildren = [
  {
    path: '',
    name: 'home',
    component: () => import('@/views/home/HomeView.vue'),
    meta: { title: '首页', menu: true, icon: 'HomeFilled', orgScoped: true },
  },
  {
    path: 'orgs',
    name: 'orgs',
    component: () => import('@/views/orgs/OrgView.vue'),
    meta: { title: '党组织', menu: true, icon: 'OfficeBuilding', group: '组织管理', perm: 'org.read', orgScoped: true },
  },
  {
    path: 'members',
    name: 'members',
    component: () => import('@/views/members/MemberListView.vue'),
    meta: { title: '党员名册', menu: true, icon: 'UserFilled', group: '党员管理', perm: 'member.read', orgScoped: true },
  },
  {
    path: 'members/new',
    name: 'member-new',
    component: () => import('@/views/members/MemberFormView.vue'),
    meta: { title: '登记党员', perm: 'member.write', orgScoped: true },
  },
  {
    path: 'members/:id(\\d+)',
    name: 'member-detail',
    component: () => import('@/views/members/MemberDetailView.vue'),
    meta: { title: '党员详情', perm: 'member.read' },
  },
  {
    path: 'members/:id(\\d+)/edit',
    name: 'member-edit',
    component: () => import('@/views/members/MemberFormView.vue'),
    meta: { title: '编辑党员', perm: 'member.write' },
  },
  {
    path: 'account/sessions',
    name: 'my-sessions',
    component: () => import('@/views/account/SessionsView.vue'),
    meta: { title: '我的会话', menu: true, icon: 'Monitor', group: '个人中心' },
  },
  {
    path: 'account/password',
    name: 'account-password',
    component: () => import('@/views/auth/ChangePasswordView.vue'),
    meta: { title: '修改密码', menu: true, icon: 'Lock', group: '个人中心' },
  },
  {
    path: 'forbidden',
    name: 'forbidden',
    component: () => import('@/views/error/ForbiddenView.vue'),
    meta: { title: '无权访问' },
  },
  {
    path: ':pathMatch(.*)*',
    name: 'not-found',
    component: () => import('@/views/error/NotFoundView.vue'),
    meta: { title: '页面不存在' },
  },
];

export const routes = [
  {
    path: '/login',
    name: 'login',
    component: () => import('@/views/auth/LoginView.vue'),
    meta: { title: '登录', public: true },
  },
  {
    path: '/change-password',
    name: 'change-password',
    component: () => import('@/views/auth/ChangePasswordView.vue'),
    meta: { title: '修改初始密码', bare: true },
  },
  { path: '/', component: AppLayout, children: layoutChildren },
];
