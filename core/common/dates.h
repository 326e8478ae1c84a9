#pragma once
#include <optional>
#include <string>

namespace vitrine {

// What the catalog year of a free-text artwork date is, and how it was found.
struct DateReading {
  std::optional<int> year;  // proleptic Gregorian/Julian year; BCE years negative ("490 BC" -> -490,
                            // no year zero: 1 BC is -1); nullopt when no year could be read safely
  std::string note;         // empty when the text was read plainly; otherwise one sentence saying
                            // why there is no year, or what was converted (e.g. from the Hijri year)
};

// Reads the year an artwork date starts in. Rules (docs/data-policies.md, "Dates"):
//  - The first year in reading order wins: "c. 1631" -> 1631, "1868–70" -> 1868, "1890s" -> 1890,
//    "c. 1470/75–by 1533" -> 1470, "15 March 1672" and "1672-03-15" -> 1672.
//  - Era markers before or after a number: BC, BCE, B.C., B.C.E., "v. Chr.", "av. J.-C.", "a.C."
//    make it negative; AD, CE, A.D., C.E., "n. Chr.", "ap. J.-C.", "d.C." keep it positive. A marker
//    after a range covers both ends ("490–480 BC" -> -490). With an explicit era a year may have
//    1 to 6 digits ("AD 79", "ca. 15000 BCE"); without one it needs 3 or 4 digits (100..2100).
//  - Numbers marked as another calendar are skipped for a Gregorian one in the same text
//    ("A.H. 1083/A.D. 1672" -> 1672, "Meiji 5 (1872)" -> 1872). Alone they are converted with a
//    note: Hijri (A.H.) to the year its first day falls in, Buddhist era (B.E.) minus 543, the
//    Japanese eras Meiji, Taisho, Showa and Heisei.
//  - Centuries ("19th century", "5th c. BC"), "BP", "n.d." and any text without a readable year
//    give no year and a note; a year is never guessed into the wrong era.
DateReading readDate(const std::string& text);

}  // namespace vitrine
