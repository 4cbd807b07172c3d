// Codes and Chinese labels of the registry's enumerations (as the server's domain/enums.cpp);
// filters and forms send the codes.
export const ORG_KINDS = [
  { code: 'committee', label: '党委' },
  { code: 'working_committee', label: '工委' },
  { code: 'basic_committee', label: '基层党委' },
  { code: 'general_branch', label: '党总支' },
  { code: 'branch', label: '党支部' },
  { code: 'joint_branch', label: '联合党支部' },
  { code: 'temporary_branch', label: '临时党支部' },
  { code: 'party_group', label: '党小组' },
];
export const BRANCH_KINDS = new Set(['branch', 'joint_branch', 'temporary_branch']);
export const TERM_KINDS = new Set(['basic_committee', 'general_branch', 'branch', 'joint_branch']);

export const CATEGORIES = [
  { code: 'full', label: '正式党员' },
  { code: 'probationary', label: '预备党员' },
];
export const STATUSES = [
  { code: 'normal', label: '正常' },
  { code: 'mobile', label: '流动' },
  { code: 'lost_contact', label: '失联' },
  { code: 'suspended', label: '停止党籍' },
  { code: 'expelled', label: '出党' },
  { code: 'deceased', label: '死亡' },
  { code: 'transferred_out', label: '已转出' },
];
export const GENDERS = [
  { code: 'male', label: '男' },
  { code: 'female', label: '女' },
];
export const EDUCATIONS = [
  { code: 'postgraduate', label: '研究生' },
  { code: 'bachelor', label: '大学本科' },
  { code: 'junior_college', label: '大学专科' },
  { code: 'secondary', label: '中专/高中' },
  { code: 'junior_high', label: '初中' },
  { code: 'primary', label: '小学及以下' },
];
export const EMPLOYMENTS = [
  { code: 'civil_servant', label: '公务员' },
  { code: 'public_institution', label: '事业单位人员' },
  { code: 'enterprise', label: '企业职工' },
  { code: 'self_employed', label: '个体及自由职业者' },
  { code: 'farmer', label: '农牧渔民' },
  { code: 'student', label: '学生' },
  { code: 'retired', label: '离退休人员' },
  { code: 'unemployed', label: '无固定职业' },
  { code: 'other', label: '其他' },
];
const ETHNIC_NAMES = ('汉族 蒙古族 回族 藏族 维吾尔族 苗族 彝族 壮族 布依族 朝鲜族 满族 侗族 瑶族 白族 土家族 哈尼族 '
  + '哈萨克族 傣族 黎族 傈僳族 佤族 畲族 高山族 拉祜族 水族 东乡族 纳西族 景颇族 柯尔克孜族 土族 达斡尔族 仫佬族 '
  + '羌族 布朗族 撒拉族 毛南族 仡佬族 锡伯族 阿昌族 普米族 塔吉克族 怒族 乌孜别克族 俄罗斯族 鄂温克族 德昂族 保安族 '
  + '裕固族 京族 塔塔尔族 独龙族 鄂伦春族 赫哲族 门巴族 珞巴族 基诺族').split(' ');
export const ETHNICITIES = ETHNIC_NAMES.map((label, i) => ({ code: String(i + 1).padStart(2, '0'), label }));

export const labelOf = (list, code) => list.find((x) => x.code === code)?.label || code || '—';

/** Rule ids of organization warnings and what they mean (shown beside the server's message). */
export const WARNING_RULES = {
  'R-O01': { title: '正式党员不足', explain: '党支部正式党员不足3名，按规定宜与邻近单位组建联合党支部。' },
  'R-O03': { title: '党员人数过多', explain: '党支部党员超过50名，可考虑分设党支部或成立党总支。' },
  'R-O06': { title: '应设支部委员会', explain: '正式党员达到7名的党支部应设立支部委员会。' },
  'R-O09': { title: '未登记任期', explain: '尚未登记本届委员会（或书记）的选举日期与任期。' },
  'R-O11': { title: '任期已届满', explain: '本届任期已届满，未按期换届，应尽快组织换届选举。' },
  'R-O12': { title: '即将届满', explain: '本届任期即将届满，请提前做好换届准备。' },
};
