// The message table behind Tr(): internal to reports/, read through locale.h.
#pragma once

#include <array>
#include <string_view>

#include "reports/messages.h"

namespace gpuplan::report {

struct MessageRow {
  Msg id;
  std::string_view key;  // stable dotted name
  std::string_view en;
  std::string_view ja;
};

// Row i holds Msg i; Tr() checks this on every lookup.
extern const std::array<MessageRow, kMsgCount> kMessageTable;

}  // namespace gpuplan::report
