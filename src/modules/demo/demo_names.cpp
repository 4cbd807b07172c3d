#include "modules/demo/demo_names.hpp"

#include <array>
#include <string_view>

namespace lianxin::modules::demo {

namespace {

using SV = std::string_view;

// Weights roughly follow the published frequency of the most common surnames (per mille).
constexpr Weighted<SV> kSurnames[] = {
    {"王", 72}, {"李", 72},  {"张", 68},  {"刘", 54}, {"陈", 45}, {"杨", 31}, {"黄", 22}, {"赵", 22}, {"吴", 21},
    {"周", 20}, {"徐", 15},  {"孙", 14},  {"马", 13}, {"朱", 13}, {"胡", 12}, {"郭", 12}, {"何", 11}, {"林", 10},
    {"高", 10}, {"罗", 10},  {"郑", 9},   {"梁", 9},  {"谢", 8},  {"宋", 8},  {"唐", 8},  {"许", 7},  {"韩", 7},
    {"冯", 7},  {"邓", 7},   {"曹", 7},   {"彭", 6},  {"曾", 6},  {"肖", 6},  {"田", 6},  {"董", 6},  {"袁", 5},
    {"潘", 5},  {"于", 5},   {"蒋", 5},   {"蔡", 5},  {"余", 5},  {"杜", 5},  {"叶", 5},  {"程", 5},  {"苏", 4},
    {"魏", 4},  {"吕", 4},   {"丁", 4},   {"任", 4},  {"沈", 4},  {"姚", 4},  {"卢", 4},  {"姜", 4},  {"崔", 4},
    {"钟", 4},  {"谭", 3},   {"陆", 3},   {"汪", 3},  {"范", 3},  {"金", 3},  {"石", 3},  {"廖", 3},  {"贾", 3},
    {"夏", 3},  {"欧阳", 1}, {"司马", 1},
};

constexpr SV kMaleGiven[] = {
    "伟", "强", "磊", "军", "勇", "杰", "涛", "斌", "超", "明", "刚", "平", "辉", "鹏", "华", "飞", "鑫", "波",
    "宇", "浩", "凯", "健", "俊", "帆", "旭", "宁", "龙", "林", "建", "国", "峰", "亮", "成", "海", "东", "志",
    "文", "振", "兴", "德", "福", "生", "春", "宏", "庆", "晨", "博", "然", "昊", "哲", "立", "新", "永", "忠",
};
constexpr SV kFemaleGiven[] = {
    "芳", "娜", "敏", "静", "丽", "艳", "娟", "霞", "燕", "玲", "婷", "秀", "英", "慧", "巧", "美", "红", "梅",
    "琳", "颖", "雪", "倩", "洁", "琴", "云", "莉", "兰", "萍", "凤", "晶", "月", "丹", "欣", "悦", "佳", "雯",
};
constexpr SV kPlaceChars[] = {
    "东", "西", "南", "北", "新", "安", "和", "平", "青", "山", "河", "林", "石", "桥", "庄", "集", "阳", "丰",
    "康", "宁", "泉", "柳", "杨", "龙", "凤", "花", "园", "湖", "溪", "云", "桃", "枣", "杏", "白", "金", "双",
    "前", "后", "上", "中", "高", "长", "大", "望", "兴", "永", "宝", "福", "寿", "清", "明", "光", "华", "盛",
};

constexpr SV kGovernment[] = {
    "人民政府办公室", "发展和改革局",     "教育局",     "财政局",     "公安局",     "人力资源和社会保障局",
    "自然资源局",     "住房和城乡建设局", "交通运输局", "农业农村局", "卫生健康局", "市场监督管理局",
    "税务局",         "人民法院",         "人民检察院", "水利局",     "民政局"};
constexpr SV kInstitution[] = {"人民医院",         "中医医院",   "妇幼保健院",       "第一中学",
                               "第二中学",         "实验中学",   "职业中等专业学校", "实验小学",
                               "疾病预防控制中心", "融媒体中心", "第一人民医院"};
constexpr SV kEnterprise[] = {
    "建设集团有限公司",         "农村商业银行", "供电公司",     "自来水有限公司", "食品有限公司",
    "机械制造有限公司",         "纺织有限公司", "化工有限公司", "物流有限公司",   "文化旅游发展有限公司",
    "城市投资发展集团有限公司", "热电有限公司"};
constexpr SV kSmallUnits[] = {"档案馆", "文化馆", "图书馆",   "科学技术协会", "残疾人联合会", "供销合作社",
                              "气象局", "地震局", "红十字会", "工商业联合会", "档案史志中心", "老干部活动中心"};

template <size_t N>
SV any(Rng& rng, const SV (&items)[N]) {
  return items[rng.below(N)];
}

}  // namespace

std::string person_name(Rng& rng, bool male) {
  std::string name(pick_weighted(rng, std::span<const Weighted<SV>>(kSurnames)));
  const bool two = rng.chance(0.7);
  for (int i = 0; i < (two ? 2 : 1); ++i) name += male ? any(rng, kMaleGiven) : any(rng, kFemaleGiven);
  return name;
}

std::string place_name(Rng& rng) {
  std::string a(any(rng, kPlaceChars));
  SV b = any(rng, kPlaceChars);
  while (a == b) b = any(rng, kPlaceChars);
  return a + std::string(b);
}

std::string chinese_number(int n) {
  static constexpr std::array<SV, 10> kDigits = {"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
  if (n < 1 || n > 99) return std::to_string(n);
  if (n < 10) return std::string(kDigits[static_cast<size_t>(n)]);
  std::string out = n >= 20 ? std::string(kDigits[static_cast<size_t>(n / 10)]) : std::string();
  out += "十";
  if (n % 10) out += kDigits[static_cast<size_t>(n % 10)];
  return out;
}

std::string unit_name(Rng& rng, Sector sector, const std::string& county) {
  switch (sector) {
    case Sector::government:
      return county + std::string(any(rng, kGovernment));
    case Sector::institution:
      return county + std::string(any(rng, kInstitution));
    default:
      return county.substr(0, county.size() - 3) + place_name(rng) + std::string(any(rng, kEnterprise));
  }
}

std::string small_unit_name(Rng& rng, const std::string& county) { return county + std::string(any(rng, kSmallUnits)); }

}  // namespace lianxin::modules::demo
