#pragma once
#include <string>

namespace vitrine {

// `s` without leading and trailing whitespace (space, \t, \r, \n, \v, \f); "" when all blank.
std::string trim(const std::string& s);

}  // namespace vitrine
