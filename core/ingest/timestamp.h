#pragma once
#include <optional>
#include <string>

namespace vitrine {

// How a timestamp text was read (docs/data-policies.md, "Timestamps").
enum class TimestampForm {
  EpochSeconds,       // a number below 1e11 in magnitude: seconds since 1970-01-01T00:00:00Z
  EpochMilliseconds,  // a number from 1e11 up to (not incl.) 1e14: milliseconds, divided by 1000
  Date,               // YYYY-MM-DD: midnight UTC of that day
  DateTimeUtc,        // YYYY-MM-DD[T ]HH:MM[:SS[.fff]] with Z, or with no zone (read as UTC)
  DateTimeOffset,     // the same with +hh:mm, -hh:mm, +hhmm, -hhmm or +hh: the offset is applied
};

struct ParsedTimestamp {
  double seconds = 0;  // since 1970-01-01T00:00:00Z (UTC)
  TimestampForm form = TimestampForm::EpochSeconds;
  bool hadZone = false;  // a date-time with Z or an offset (false: no zone given, read as UTC)
};

// Reads one timestamp (surrounding spaces ignored). Numbers: |v| < 1e11 are epoch seconds (1e11 s
// is the year 5138), 1e11 <= |v| < 1e14 are epoch milliseconds (1e11 ms is 1973-03-03), larger
// values (micro- or nanoseconds) are refused. ISO 8601 date-times are checked field by field
// (month 1-12, day within the month, hour 0-23, minute 0-59, second 0-60, offset up to 23:59).
// On failure returns nullopt and, when `why` is given, the reason in plain words.
std::optional<ParsedTimestamp> parseTimestamp(const std::string& text, std::string* why = nullptr);

std::string toString(TimestampForm f);

}  // namespace vitrine
