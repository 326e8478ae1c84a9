#pragma once
#include <stdexcept>
#include <string>

namespace vitrine {

// Every error a user can cause carries what caused it (file, line, id) in its message.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace vitrine
