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

// Row i holds Msg i; Tr() checks this on every lookup. Two tables keep each file readable:
// the toolkit's messages (messages.cc) and those of the run and plan reports
// (messages_report.cc), whose row i holds Msg kFirstReportMsg + i.
extern const std::array<MessageRow, kFirstReportMsg> kMessageTable;
extern const std::array<MessageRow, kMsgCount - kFirstReportMsg> kReportMessageTable;

}  // namespace gpuplan::report
