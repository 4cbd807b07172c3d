// Every page of the console. Pages inside the layout are children of '/'; their meta says:
//   title     breadcrumb and window title
//   perm      permission needed (a string or a list: any of them); checked by the guard, hides the menu item
//   menu      shown in the left menu; icon: a name from @element-plus/icons-vue; group: a sub-menu title
//   orgScoped the organization tree panel is shown and scopes the page
// Pages are loaded on demand (one chunk per page).
import AppLayout from '@/layout/AppLayout.vue';
import { useAuthStore } from '@/stores/auth';

export const layoutChildren = [
  {
    path: '',
    name: 'home',
    component: () => import('@/views/home/HomeView.vue'),
    meta: { title: '首页', menu: true, icon: 'HomeFilled', orgScoped: true },
    // An account linked to a member and without organization rights lands on its member home.
    beforeEnter: () => {
      const auth = useAuthStore();
      return auth.can('member.self') && !auth.can('org.read') ? { name: 'member-home' } : true;
    },
  },
  {
    path: 'orgs',
    name: 'orgs',
    component: () => import('@/views/orgs/OrgView.vue'),
    meta: { title: '党组织', menu: true, icon: 'OfficeBuilding', group: '组织管理', perm: 'org.read', orgScoped: true },
  },
  {
    path: 'orgs/:id(\\d+)',
    name: 'org-detail',
    component: () => import('@/views/orgs/OrgView.vue'),
    meta: { title: '党组织', perm: 'org.read', orgScoped: true },
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
    path: 'members/status-reviews',
    name: 'member-status-reviews',
    component: () => import('@/views/members/StatusReviewView.vue'),
    meta: { title: '党籍状态审查', menu: true, icon: 'Bell', group: '党员管理', perm: 'member.read', orgScoped: true },
  },
  {
    path: 'recruitment',
    name: 'recruit-cases',
    component: () => import('@/views/recruit/RecruitListView.vue'),
    meta: { title: '发展党员', menu: true, icon: 'Stamp', group: '党员管理', perm: 'recruit.read', orgScoped: true },
  },
  {
    path: 'recruitment/ledger',
    name: 'recruit-ledger',
    component: () => import('@/views/recruit/RecruitLedgerView.vue'),
    meta: { title: '发展党员台账', menu: true, icon: 'Document', group: '党员管理', perm: 'recruit.read', orgScoped: true },
  },
  {
    path: 'recruitment/meeting',
    name: 'recruit-meeting',
    component: () => import('@/views/recruit/RecruitMeetingView.vue'),
    meta: { title: '记录支部大会', perm: 'recruit.write', orgScoped: true },
  },
  {
    path: 'recruitment/:id(\\d+)',
    name: 'recruit-case',
    component: () => import('@/views/recruit/RecruitCaseView.vue'),
    meta: { title: '发展党员档案', perm: 'recruit.read' },
  },
  // Letters across the instance boundary (transfer/letters/): the list and the incoming registration.
  {
    path: 'transfers/letters',
    name: 'transfer-letters',
    component: () => import('@/views/transfer/letters/LetterListView.vue'),
    meta: { title: '介绍信（系统外）', menu: true, icon: 'Document', group: '党员管理', perm: 'transfer.read', orgScoped: true },
  },
  {
    path: 'transfers/letters/incoming',
    name: 'transfer-incoming',
    component: () => import('@/views/transfer/letters/IncomingView.vue'),
    meta: { title: '接收外来组织关系', menu: true, icon: 'Stamp', group: '党员管理', perm: 'transfer.write', orgScoped: true },
  },
  {
    path: 'mobile-members',
    name: 'mobile-members',
    component: () => import('@/views/mobile/MobileListView.vue'),
    meta: { title: '流动党员', menu: true, icon: 'Position', group: '党员管理', perm: 'mobile.read', orgScoped: true },
  },
  {
    path: 'meetings',
    name: 'meetings',
    component: () => import('@/views/life/MeetingListView.vue'),
    meta: { title: '会议活动', menu: true, icon: 'Calendar', group: '组织生活', perm: 'meeting.read', orgScoped: true },
  },
  {
    path: 'meetings/:id(\\d+)',
    name: 'meeting-detail',
    component: () => import('@/views/life/MeetingDetailView.vue'),
    meta: { title: '会议详情', perm: 'meeting.read' },
  },
  {
    path: 'transfers',
    name: 'transfers',
    component: () => import('@/views/transfer/TransferListView.vue'),
    meta: { title: '组织关系转接', menu: true, icon: 'List', group: '党员管理', perm: 'transfer.read', orgScoped: true },
  },
  {
    path: 'transfers/:id(\\d+)',
    name: 'transfer-detail',
    component: () => import('@/views/transfer/TransferDetailView.vue'),
    meta: { title: '转接详情', perm: 'transfer.read' },
  },
  // 党费管理: the reports (read side of the ledger).
  {
    path: 'dues/reports',
    name: 'dues-reports',
    component: () => import('@/views/dues/DuesReportView.vue'),
    meta: { title: '党费报表', menu: true, icon: 'DataAnalysis', group: '党费管理', perm: 'dues.read', orgScoped: true },
  },
  {
    path: 'dues/arrears',
    name: 'dues-arrears',
    component: () => import('@/views/dues/DuesArrearsView.vue'),
    meta: { title: '欠缴与六个月提醒', menu: true, icon: 'Bell', group: '党费管理', perm: 'dues.read', orgScoped: true },
  },
  {
    path: 'dues/reconciliation',
    name: 'dues-reconciliation',
    component: () => import('@/views/dues/DuesReconcileView.vue'),
    meta: { title: '线上缴费对账', menu: true, icon: 'Tickets', group: '党费管理', perm: 'dues.read', orgScoped: true },
  },
  {
    path: 'life/compliance',
    name: 'life-compliance',
    component: () => import('@/views/life/ComplianceView.vue'),
    meta: { title: '组织生活合规', menu: true, icon: 'Bell', group: '组织生活', perm: 'meeting.read', orgScoped: true },
  },
  {
    path: 'life/absence',
    name: 'life-absence',
    component: () => import('@/views/life/AbsenceFlagsView.vue'),
    meta: { title: '六个月未参加组织生活', menu: true, icon: 'Bell', group: '组织生活', perm: 'meeting.read', orgScoped: true },
  },
  {
    path: 'dues',
    name: 'dues-collect',
    component: () => import('@/views/dues/DuesCollectView.vue'),
    meta: { title: '党费收缴', menu: true, icon: 'Wallet', group: '党费管理', perm: 'dues.read', orgScoped: true },
  },
  {
    path: 'dues/reductions',
    name: 'dues-reductions',
    component: () => import('@/views/dues/DuesReductionsView.vue'),
    meta: { title: '党费减免', menu: true, icon: 'Tickets', group: '党费管理', perm: 'dues.read', orgScoped: true },
  },
  {
    path: 'system/calendar',
    name: 'work-calendar',
    component: () => import('@/views/recruit/CalendarView.vue'),
    meta: { title: '工作日历', menu: true, icon: 'Calendar', group: '系统管理', perm: 'calendar.write' },
  },
  {
    path: 'dashboard',
    name: 'dashboard',
    component: () => import('@/views/dashboard/DashboardView.vue'),
    meta: { title: '统计概览', menu: true, icon: 'Histogram', perm: 'org.read', orgScoped: true },
  },
  {
    path: 'imports',
    name: 'imports',
    component: () => import('@/views/imports/ImportView.vue'),
    meta: { title: '数据导入', menu: true, icon: 'Upload', group: '党员管理', perm: ['member.import', 'org.import'] },
  },
  {
    path: 'exports',
    name: 'exports',
    component: () => import('@/views/imports/ExportView.vue'),
    meta: { title: '数据导出', menu: true, icon: 'Download', group: '党员管理', perm: ['member.export', 'org.export'], orgScoped: true },
  },
  {
    path: 'system/users',
    name: 'users',
    component: () => import('@/views/users/UserListView.vue'),
    meta: { title: '账号管理', menu: true, icon: 'User', group: '系统管理', perm: 'user.read', orgScoped: true },
  },
  {
    path: 'system/users/:id(\\d+)',
    name: 'user-detail',
    component: () => import('@/views/users/UserDetailView.vue'),
    meta: { title: '账号详情', perm: 'user.read' },
  },
  {
    path: 'system/api-keys',
    name: 'api-keys',
    component: () => import('@/views/users/ApiKeysView.vue'),
    meta: { title: 'API 密钥', menu: true, icon: 'Key', group: '系统管理', perm: 'apikey.read', orgScoped: true },
  },
  {
    path: 'system/audit',
    name: 'audit',
    component: () => import('@/views/audit/AuditView.vue'),
    meta: { title: '审计日志', menu: true, icon: 'Tickets', group: '系统管理', perm: 'audit.read' },
  },
  {
    path: 'me',
    name: 'member-home',
    component: () => import('@/views/me/MemberHomeView.vue'),
    meta: { title: '我的党员档案', menu: true, icon: 'Avatar', group: '个人中心', perm: 'member.self' },
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
    // Opened by a meeting's QR code on a phone: login first when needed (the guard), then back here.
    path: '/checkin',
    name: 'checkin',
    component: () => import('@/views/life/CheckinView.vue'),
    meta: { title: '会议签到' },
  },
  {
    path: '/change-password',
    name: 'change-password',
    component: () => import('@/views/auth/ChangePasswordView.vue'),
    meta: { title: '修改初始密码', bare: true },
  },
  // The printed introduction letter: outside the layout (no menus), A4 print styles.
  {
    path: '/transfers/:id(\\d+)/letter',
    name: 'transfer-letter-print',
    component: () => import('@/views/transfer/letters/LetterPrintView.vue'),
    meta: { title: '组织关系介绍信', perm: 'member.reveal' },
  },
  { path: '/', component: AppLayout, children: layoutChildren },
];
