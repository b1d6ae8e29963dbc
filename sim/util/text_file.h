// Reading user input files, the way every reader does it: only regular files (a FIFO or a device
// such as /dev/zero would block forever or never end), and whole files only up to a size the
// simulator can hold; problems are located diagnostics naming what the file was expected to be.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace gpuplan {

// The largest file a reader loads whole (YAML, JSON, CSV results, bundles): 1 GiB. Traces are
// streamed and have no size limit.
inline constexpr uint64_t kMaxWholeFileBytes = uint64_t{1} << 30;

// Why `path` cannot be read as an input file, or nullopt when it can: it does not exist, is a
// directory, a FIFO, a device or a socket, or (with `max_bytes` > 0) is larger than max_bytes.
// A symbolic link is judged by what it points to.
std::optional<std::string> InputFileProblem(const std::string& path,
                                            uint64_t max_bytes = kMaxWholeFileBytes);

// The file's bytes; nullopt when InputFileProblem finds one or it cannot be opened.
std::optional<std::string> ReadWholeFile(const std::string& path);

// The file's bytes; a ConfigError "PATH: <problem>; expected <expected>" (exit code 2) when it
// cannot be read.
std::string ReadInputFile(const std::string& path, std::string_view expected);

// Line endings: gpuplan's readers take LF and CRLF. A carriage return not followed by a line
// feed (a file saved with classic Mac OS line endings, or a stray CR) is refused by every reader
// with this message, located at the CR, rather than read differently by each (yaml-cpp would see
// one long line, the streamed readers one long record).
inline constexpr std::string_view kLoneCarriageReturnMessage =
    "a carriage return (CR) without a line feed; expected LF or CRLF line endings (old Mac line "
    "endings can be converted with: tr '\\r' '\\n')";

// The 1-based line and column of the byte at `offset` in `text` (lines end at LF; an offset past
// the end counts from the last line's start): how every reader locates a problem it found by
// offset.
std::pair<int, int> LineColumnOfByte(std::string_view text, size_t offset);

// The offset of the first CR in `text` not followed by LF; nullopt when there is none.
std::optional<size_t> FindLoneCarriageReturn(std::string_view text);

}  // namespace gpuplan
