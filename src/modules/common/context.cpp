#include <filesystem>

#include "modules/common/context.hpp"

namespace lianxin::modules {

std::string ModuleContext::temp_directory() const {
  return temp_dir.empty() ? std::filesystem::temp_directory_path().string() : temp_dir;
}

}  // namespace lianxin::modules
