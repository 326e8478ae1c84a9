#include "common/dates.h"

#include <cmath>
#include <cstdlib>
#include <regex>
#include <vector>

namespace vitrine {
namespace {

enum class Era { None, Bce, Ce, Hijri, Buddhist, Meiji, Taisho, Showa, Heisei, Reiwa, BeforePresent };

struct Number {
  size_t begin = 0, end = 0;  // byte range in the normalised text
  long long value = 0;
  int digits = 0;
  bool ordinal = false;  // "5th", "19th": a century or a day, not a year
  Era era = Era::None;
};

// Lower-case ASCII, Unicode dashes and minus to '-', non-breaking space to ' ', "12,000" -> "12000".
std::string normalise(const std::string& in) {
  std::string s;
  for (size_t i = 0; i < in.size(); ++i) {
    const auto c = static_cast<unsigned char>(in[i]);
    // U+2010..U+2015 (hyphens, dashes) are E2 80 90..95; U+2212 (minus) is E2 88 92.
    if (c == 0xE2 && i + 2 < in.size()) {
      const auto c1 = static_cast<unsigned char>(in[i + 1]), c2 = static_cast<unsigned char>(in[i + 2]);
      if ((c1 == 0x80 && c2 >= 0x90 && c2 <= 0x95) || (c1 == 0x88 && c2 == 0x92)) {
        s += '-';
        i += 2;
        continue;
      }
    }
    if (c == 0xC2 && i + 1 < in.size() && static_cast<unsigned char>(in[i + 1]) == 0xA0) {
      s += ' ';
      ++i;
      continue;
    }
    // "ō" (U+014D, C5 8D) in Taishō/Shōwa.
    if (c == 0xC5 && i + 1 < in.size() && static_cast<unsigned char>(in[i + 1]) == 0x8D) {
      s += 'o';
      ++i;
      continue;
    }
    s += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : static_cast<char>(c);
  }
  static const std::regex thousands(R"(([0-9]),([0-9]{3})(?![0-9]))");
  return std::regex_replace(s, thousands, "$1$2");
}

// Era written right after a number ("490 BC", "1083 AH").
Era eraAfter(const std::string& rest) {
  static const std::vector<std::pair<std::regex, Era>> patterns = [] {
    const char* end = R"((?![a-z]))";
    std::vector<std::pair<std::regex, Era>> p;
    auto add = [&](const std::string& re, Era e) { p.emplace_back(std::regex(R"(^\s*)" + re + end), e); };
    add(R"(b\.?\s?c\.?\s?e\.?)", Era::Bce);
    add(R"(b\.?\s?c\.?)", Era::Bce);
    add(R"((v\.|vor)\s?chr(\.|istus)?)", Era::Bce);
    add(R"(av\.?\s?j\.?-?\s?c\.?)", Era::Bce);
    add(R"(a\.\s?c\.(\s?n\.)?)", Era::Bce);
    add(R"(a\.?\s?d\.?)", Era::Ce);
    add(R"(c\.?\s?e\.?)", Era::Ce);
    add(R"((n\.|nach)\s?chr(\.|istus)?)", Era::Ce);
    add(R"(ap\.?\s?j\.?-?\s?c\.?)", Era::Ce);
    add(R"(d\.\s?c\.)", Era::Ce);
    add(R"(a\.?\s?h\.?)", Era::Hijri);
    add(R"(h\.?)", Era::Hijri);
    add(R"(b\.?\s?e\.?)", Era::Buddhist);
    add(R"(b\.?\s?p\.?)", Era::BeforePresent);
    add(R"(years?\s+(ago|before\s+present))", Era::BeforePresent);
    return p;
  }();
  for (const auto& [re, era] : patterns)
    if (std::regex_search(rest, re)) return era;
  return Era::None;
}

// Era written right before a number ("AD 79", "A.H. 1083", "Meiji 5").
Era eraBefore(const std::string& before) {
  static const std::vector<std::pair<std::regex, Era>> patterns = [] {
    std::vector<std::pair<std::regex, Era>> p;
    auto add = [&](const std::string& re, Era e) { p.emplace_back(std::regex(R"((^|[^a-z.]))" + re + R"(\s*$)"), e); };
    add(R"(b\.?\s?c\.?(\s?e\.?)?)", Era::Bce);
    add(R"(a\.?\s?d\.?)", Era::Ce);
    add(R"(c\.\s?e\.|ce)", Era::Ce);
    add(R"(anno\s+domini)", Era::Ce);
    add(R"(a\.?\s?h\.?|hijri|hegira)", Era::Hijri);
    add(R"(b\.\s?e\.)", Era::Buddhist);
    add(R"(meiji)", Era::Meiji);
    add(R"(taisho)", Era::Taisho);
    add(R"(showa)", Era::Showa);
    add(R"(heisei)", Era::Heisei);
    add(R"(reiwa)", Era::Reiwa);
    return p;
  }();
  for (const auto& [re, era] : patterns)
    if (std::regex_search(before, re)) return era;
  return Era::None;
}

bool gregorian(Era e) { return e == Era::None || e == Era::Bce || e == Era::Ce; }

const char* calendarName(Era e) {
  switch (e) {
    case Era::Hijri:
      return "Hijri (A.H.)";
    case Era::Buddhist:
      return "Buddhist era (B.E.)";
    case Era::Meiji:
      return "Meiji";
    case Era::Taisho:
      return "Taisho";
    case Era::Showa:
      return "Showa";
    case Era::Heisei:
      return "Heisei";
    case Era::Reiwa:
      return "Reiwa";
    default:
      return "";
  }
}

std::optional<int> toGregorian(Era e, long long n) {
  switch (e) {
    case Era::Hijri:
      // 1 A.H. began on 16 July 622 (Julian); a Hijri year is 354.367 days long.
      return static_cast<int>(std::floor(622.54 + double(n - 1) * (354.367 / 365.2425)));
    case Era::Buddhist:
      return static_cast<int>(n - 543);
    case Era::Meiji:
      return static_cast<int>(1867 + n);
    case Era::Taisho:
      return static_cast<int>(1911 + n);
    case Era::Showa:
      return static_cast<int>(1925 + n);
    case Era::Heisei:
      return static_cast<int>(1988 + n);
    case Era::Reiwa:
      return static_cast<int>(2018 + n);
    default:
      return std::nullopt;
  }
}

bool isDigit(char c) { return c >= '0' && c <= '9'; }

std::vector<Number> scanNumbers(const std::string& s) {
  std::vector<Number> out;
  for (size_t i = 0; i < s.size();) {
    if (!isDigit(s[i])) {
      ++i;
      continue;
    }
    Number n;
    n.begin = i;
    while (i < s.size() && isDigit(s[i])) ++i;
    n.end = i;
    n.digits = static_cast<int>(n.end - n.begin);
    n.value = n.digits <= 9 ? std::stoll(s.substr(n.begin, n.digits)) : -1;
    const std::string suffix = s.substr(i, 2);
    n.ordinal = suffix == "st" || suffix == "nd" || suffix == "rd" || suffix == "th";
    out.push_back(n);
  }
  return out;
}

std::string quoted(const std::string& text) { return "\"" + text + "\""; }

}  // namespace

DateReading readDate(const std::string& text) {
  DateReading r;
  const std::string s = normalise(text);
  if (s.find_first_not_of(" \t\r\n") == std::string::npos) return r;
  std::vector<Number> nums = scanNumbers(s);
  for (auto& n : nums) {
    if (n.ordinal) continue;
    n.era = eraAfter(s.substr(n.end, 24));
    if (n.era == Era::None) n.era = eraBefore(s.substr(0, n.begin));
  }
  // "490–480 BC", "between 1500 and 1400 BC", "490/89 BC": an era after the second number
  // covers the first. Walk right to left so chains ("2000-1900-1800 BC") carry through.
  static const std::regex connector(R"(^\s*(-|/|to|and|or|bis|au)\s*$)");
  for (size_t k = nums.size(); k-- > 1;) {
    Number& a = nums[k - 1];
    const Number& b = nums[k];
    if (a.ordinal || a.era != Era::None || b.ordinal || (b.era != Era::Bce && b.era != Era::Ce)) continue;
    if (std::regex_search(s.substr(a.end, b.begin - a.end), connector)) a.era = b.era;
  }
  // A leading minus sign on the whole date: "-490" is 490 BCE.
  const size_t first = s.find_first_not_of(" \t");
  if (!nums.empty() && first != std::string::npos && s[first] == '-' && nums[0].begin == first + 1 &&
      nums[0].era == Era::None)
    nums[0].era = Era::Bce;

  bool century = false;
  const Number* otherCalendar = nullptr;
  const Number* beforePresent = nullptr;
  for (size_t k = 0; k < nums.size(); ++k) {
    const Number& n = nums[k];
    if (n.ordinal) {
      century = true;
      continue;
    }
    if (n.value < 0) continue;  // more than 9 digits: an inventory number, not a year
    if (n.era == Era::BeforePresent) {
      if (!beforePresent) beforePresent = &n;
      continue;
    }
    if (!gregorian(n.era)) {
      if (!otherCalendar) otherCalendar = &n;
      continue;
    }
    if (n.era == Era::Bce) {
      if (n.value >= 1 && n.value <= 999999) {
        r.year = static_cast<int>(-n.value);
        return r;
      }
      continue;
    }
    if (n.era == Era::Ce) {
      if (n.value >= 1 && n.value <= 2100) {
        r.year = static_cast<int>(n.value);
        return r;
      }
      continue;
    }
    if (n.digits < 3 || n.digits > 4 || n.value < 100 || n.value > 2100) continue;
    // "1083/1672": two unmarked years centuries apart are two calendars, not "either year".
    if (k + 1 < nums.size()) {
      const Number& m = nums[k + 1];
      const bool slash = s.substr(n.end, m.begin - n.end).find('/') != std::string::npos &&
                         s.substr(n.end, m.begin - n.end).find_first_not_of(" /") == std::string::npos;
      if (slash && m.era == Era::None && m.digits == 4 && std::llabs(m.value - n.value) > 300) {
        r.note = "date " + quoted(text) + " holds " + s.substr(n.begin, m.end - n.begin) +
                 ", two years centuries apart (two calendars?); mark the eras, e.g. A.H. 1083/A.D. 1672";
        return r;
      }
    }
    r.year = static_cast<int>(n.value);
    return r;
  }
  if (otherCalendar) {
    r.year = toGregorian(otherCalendar->era, otherCalendar->value);
    if (r.year && *r.year >= -9999 && *r.year <= 2100 && *r.year != 0) {
      r.note = "date " + quoted(text) + ": the " + calendarName(otherCalendar->era) + " year " +
               std::to_string(otherCalendar->value) + " was converted to " + std::to_string(*r.year) +
               " (the Gregorian year it begins in)";
      return r;
    }
    r.year.reset();
  }
  if (beforePresent) {
    r.note = "date " + quoted(text) + " counts years before present, which give no calendar year";
  } else if (century) {
    r.note = "date " + quoted(text) + " names a century, not a year";
  } else {
    r.note = "no year could be read from the date " + quoted(text);
  }
  return r;
}

}  // namespace vitrine
