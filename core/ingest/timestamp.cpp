#include "ingest/timestamp.h"

#include <cmath>
#include <cstdint>
#include <cstdlib>

namespace vitrine {

namespace {

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return {};
  return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

bool isDigit(char c) { return c >= '0' && c <= '9'; }

// Exactly `n` digits at s[i..], advancing i.
bool digits(const std::string& s, size_t& i, int n, int& out) {
  if (i + static_cast<size_t>(n) > s.size()) return false;
  int v = 0;
  for (int k = 0; k < n; ++k) {
    const char c = s[i + static_cast<size_t>(k)];
    if (!isDigit(c)) return false;
    v = v * 10 + (c - '0');
  }
  i += static_cast<size_t>(n);
  out = v;
  return true;
}

bool leapYear(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int daysInMonth(int y, int m) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && leapYear(y) ? 29 : kDays[m - 1];
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
int64_t daysFromCivil(int64_t y, int m, int d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

std::optional<ParsedTimestamp> failWith(std::string* why, const std::string& reason) {
  if (why) *why = reason;
  return std::nullopt;
}

bool looksNumeric(const std::string& t) {
  size_t i = 0;
  if (i < t.size() && (t[i] == '+' || t[i] == '-')) ++i;
  bool digit = false, dot = false;
  for (; i < t.size(); ++i) {
    if (isDigit(t[i]))
      digit = true;
    else if (t[i] == '.' && !dot)
      dot = true;
    else
      return false;
  }
  return digit;
}

}  // namespace

std::string toString(TimestampForm f) {
  switch (f) {
    case TimestampForm::EpochSeconds:
      return "epoch seconds";
    case TimestampForm::EpochMilliseconds:
      return "epoch milliseconds";
    case TimestampForm::Date:
      return "date (midnight UTC)";
    case TimestampForm::DateTimeUtc:
      return "date-time (UTC)";
    case TimestampForm::DateTimeOffset:
      return "date-time with UTC offset";
  }
  return "?";
}

std::optional<ParsedTimestamp> parseTimestamp(const std::string& text, std::string* why) {
  const std::string t = trim(text);
  if (t.empty()) return failWith(why, "empty timestamp");

  if (looksNumeric(t)) {
    const double v = std::strtod(t.c_str(), nullptr);
    if (!std::isfinite(v)) return failWith(why, "timestamp is not a finite number");
    ParsedTimestamp p;
    const double a = std::fabs(v);
    if (a < 1e11) {
      p.seconds = v;
      p.form = TimestampForm::EpochSeconds;
    } else if (a < 1e14) {
      p.seconds = v / 1000.0;
      p.form = TimestampForm::EpochMilliseconds;
    } else {
      return failWith(why,
                      "number too large for epoch seconds or milliseconds "
                      "(microseconds and nanoseconds are not supported)");
    }
    return p;
  }

  // ISO 8601: YYYY-MM-DD[(T| )HH:MM[:SS[.fff]][Z|+hh:mm|-hh:mm|+hhmm|-hhmm|+hh]]
  const std::string expected = "expected epoch seconds/milliseconds or YYYY-MM-DD[THH:MM[:SS]][Z|+hh:mm|+hhmm]";
  size_t i = 0;
  int year = 0, month = 0, day = 0;
  if (!digits(t, i, 4, year) || i >= t.size() || t[i] != '-') return failWith(why, expected);
  ++i;
  if (!digits(t, i, 2, month) || i >= t.size() || t[i] != '-') return failWith(why, expected);
  ++i;
  if (!digits(t, i, 2, day)) return failWith(why, expected);
  if (month < 1 || month > 12) return failWith(why, "month " + std::to_string(month) + " is not 1-12");
  if (day < 1 || day > daysInMonth(year, month))
    return failWith(why, "day " + std::to_string(day) + " does not exist in " + t.substr(0, 7));
  ParsedTimestamp p;
  const int64_t days = daysFromCivil(year, month, day);
  if (i == t.size()) {
    p.seconds = static_cast<double>(days) * 86400.0;
    p.form = TimestampForm::Date;
    return p;
  }
  if (t[i] != 'T' && t[i] != 't' && t[i] != ' ') return failWith(why, expected);
  ++i;
  int hour = 0, minute = 0, second = 0;
  double fraction = 0;
  if (!digits(t, i, 2, hour) || i >= t.size() || t[i] != ':') return failWith(why, expected);
  ++i;
  if (!digits(t, i, 2, minute)) return failWith(why, expected);
  if (i < t.size() && t[i] == ':') {
    ++i;
    if (!digits(t, i, 2, second)) return failWith(why, expected);
    if (i < t.size() && (t[i] == '.' || t[i] == ',')) {
      ++i;
      double scale = 0.1;
      const size_t start = i;
      while (i < t.size() && isDigit(t[i])) {
        fraction += (t[i] - '0') * scale;
        scale /= 10;
        ++i;
      }
      if (i == start) return failWith(why, expected);
    }
  }
  if (hour > 23 || minute > 59 || second > 60)
    return failWith(why, "time of day " + t.substr(11, 8) + " is out of range");
  int offsetSeconds = 0;
  if (i < t.size()) {
    const char z = t[i];
    if ((z == 'Z' || z == 'z') && i + 1 == t.size()) {
      p.hadZone = true;
    } else if (z == '+' || z == '-') {
      ++i;
      int oh = 0, om = 0;
      if (!digits(t, i, 2, oh)) return failWith(why, "malformed UTC offset (expected +hh:mm or +hhmm)");
      if (i < t.size() && t[i] == ':') {
        ++i;
        if (!digits(t, i, 2, om)) return failWith(why, "malformed UTC offset (expected +hh:mm or +hhmm)");
      } else if (i < t.size() && !digits(t, i, 2, om)) {
        return failWith(why, "malformed UTC offset (expected +hh:mm or +hhmm)");
      }
      if (i != t.size()) return failWith(why, "unexpected text after the UTC offset");
      if (oh > 23 || om > 59) return failWith(why, "UTC offset out of range");
      offsetSeconds = (z == '-' ? -1 : 1) * (oh * 3600 + om * 60);
      p.hadZone = true;
    } else {
      return failWith(why, "unexpected text after the time (expected Z or a UTC offset)");
    }
  }
  // Local time = UTC + offset, so UTC = local time - offset.
  p.seconds = static_cast<double>(days) * 86400.0 + hour * 3600.0 + minute * 60.0 + second + fraction - offsetSeconds;
  p.form = offsetSeconds != 0 ? TimestampForm::DateTimeOffset : TimestampForm::DateTimeUtc;
  return p;
}

}  // namespace vitrine
