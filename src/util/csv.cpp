#include "util/csv.hpp"

#include <iconv.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <stdexcept>

namespace lianxin::util {

namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

// Length of the UTF-8 sequence starting at s[i], or 0 when it is malformed (overlong forms,
// surrogates and code points above U+10FFFF included).
size_t utf8_sequence_length(std::string_view s, size_t i) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = byte(i);
  if (c < 0x80) return 1;
  size_t len = 0;
  unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
  if (c >= 0xC2 && c <= 0xDF) len = 2;
  else if (c >= 0xE0 && c <= 0xEF) len = 3, lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
  else if (c >= 0xF0 && c <= 0xF4) len = 4, lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
  else return 0;
  if (i + len > s.size() || byte(i + 1) < lo || byte(i + 1) > hi) return 0;
  for (size_t k = i + 2; k < i + len; ++k)
    if ((byte(k) & 0xC0) != 0x80) return 0;
  return len;
}

// Converts with glibc iconv, strictly: any invalid or incomplete input is an error.
std::string convert(std::string_view in, const char* from, const char* to) {
  iconv_t cd = iconv_open(to, from);
  if (cd == reinterpret_cast<iconv_t>(-1)) throw std::runtime_error(std::string("iconv cannot convert from ") + from);
  std::string out(in.size() * 2 + 16, '\0');
  char* src = const_cast<char*>(in.data());  // iconv's signature is not const-correct
  size_t src_left = in.size();
  size_t done = 0;
  for (;;) {
    char* dst = out.data() + done;
    size_t dst_left = out.size() - done;
    const size_t rc = iconv(cd, &src, &src_left, &dst, &dst_left);
    done = out.size() - dst_left;
    if (rc != static_cast<size_t>(-1)) break;
    if (errno != E2BIG) {
      iconv_close(cd);
      throw std::invalid_argument(std::string("text is not valid ") + from + " (byte " +
                                  std::to_string(in.size() - src_left) + ")");
    }
    out.resize(out.size() * 2);
  }
  iconv_close(cd);
  out.resize(done);
  return out;
}

}  // namespace

bool is_valid_utf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    // Runs of ASCII (digits, dates, commas: half of a member file) 8 bytes at a time; the check
    // runs over the whole upload before anything else can start.
    uint64_t word;
    if (i + 8 <= s.size() && (std::memcpy(&word, s.data() + i, 8), (word & 0x8080808080808080ULL) == 0)) {
      i += 8;
      continue;
    }
    const size_t len = utf8_sequence_length(s, i);
    if (len == 0) return false;
    i += len;
  }
  return true;
}

size_t utf8_length(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

Charset detect_charset(std::string_view bytes) {
  if (bytes.starts_with(kBom)) return Charset::utf8_bom;
  return is_valid_utf8(bytes) ? Charset::utf8 : Charset::gb18030;
}

const char* charset_name(Charset c) {
  switch (c) {
    case Charset::utf8: return "UTF-8";
    case Charset::utf8_bom: return "UTF-8 (BOM)";
    case Charset::gb18030: return "GB18030";
  }
  return "unknown";
}

std::string to_utf8(std::string_view bytes, Charset c) {
  if (c == Charset::gb18030) return convert(bytes, "GB18030", "UTF-8");
  // As utf8_bom: drop a BOM if there is one and check, whatever detect_charset was or was not asked.
  return std::string(utf8_view(bytes, Charset::utf8_bom));
}

std::string_view utf8_view(std::string_view bytes, Charset c) {
  if (c == Charset::gb18030) throw std::logic_error("utf8_view: GB18030 text must be converted");
  if (c == Charset::utf8) return bytes;
  if (bytes.starts_with(kBom)) bytes.remove_prefix(kBom.size());
  if (!is_valid_utf8(bytes)) throw std::invalid_argument("text is not valid UTF-8");
  return bytes;
}

std::string utf8_to_gb18030(std::string_view utf8) {
  if (!is_valid_utf8(utf8)) throw std::invalid_argument("text is not valid UTF-8");
  return convert(utf8, "UTF-8", "GB18030");
}

namespace {

class CsvParser {
public:
  explicit CsvParser(std::string_view s) : s_(s) {}

  std::vector<CsvRecord> run() {
    std::vector<CsvRecord> records;
    while (i_ < s_.size()) {
      if (at_line_end()) {  // blank line
        skip_line_end();
        continue;
      }
      CsvRecord rec;
      rec.line = line_;
      for (;;) {
        rec.fields.push_back(field());
        if (i_ >= s_.size() || s_[i_] != ',') break;
        ++i_;
      }
      skip_line_end();
      records.push_back(std::move(rec));
    }
    return records;
  }

private:
  bool at_line_end() const { return s_[i_] == '\n' || s_[i_] == '\r'; }

  void skip_line_end() {
    if (i_ < s_.size() && s_[i_] == '\r') ++i_;
    if (i_ < s_.size() && s_[i_] == '\n') ++i_;
    ++line_;
  }

  // One field; stops before the delimiter or line end.
  std::string field() {
    std::string out;
    if (i_ < s_.size() && s_[i_] == '"') quoted(out);
    // Text after a closing quote is kept as Excel does ("ab"c -> abc) rather than rejected.
    while (i_ < s_.size() && s_[i_] != ',' && !at_line_end()) out += s_[i_++];
    return out;
  }

  void quoted(std::string& out) {
    const size_t start_line = line_;
    for (++i_;; ++i_) {
      if (i_ >= s_.size())
        throw std::invalid_argument("CSV 第" + std::to_string(start_line) + "行：引号未闭合");
      const char c = s_[i_];
      if (c == '"' && i_ + 1 < s_.size() && s_[i_ + 1] == '"') {
        out += '"';
        ++i_;
      } else if (c == '"') {
        ++i_;
        return;
      } else {
        const bool crlf = c == '\r' && i_ + 1 < s_.size() && s_[i_ + 1] == '\n';
        if (c == '\n' || (c == '\r' && !crlf)) ++line_;
        out += c;
      }
    }
  }

  std::string_view s_;
  size_t i_ = 0;
  size_t line_ = 1;
};

}  // namespace

std::vector<CsvRecord> parse_csv(std::string_view utf8) {
  if (utf8.starts_with(kBom)) utf8.remove_prefix(kBom.size());  // tolerate a BOM left in by the caller
  return CsvParser(utf8).run();
}

std::string csv_field(std::string_view value) {
  std::string v;
  // A leading = + - @ (or tab / CR, which some spreadsheets strip first) would run as a formula.
  if (!value.empty() && std::string_view("=+-@\t\r").find(value.front()) != std::string_view::npos) v = "'";
  v += value;
  if (v.find_first_of(",\"\r\n") == std::string::npos) return v;
  std::string quoted = "\"";
  for (char c : v) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

std::string csv_line(const std::vector<std::string>& fields) {
  std::string line;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i) line += ',';
    line += csv_field(fields[i]);
  }
  return line + "\r\n";
}

}  // namespace lianxin::util
