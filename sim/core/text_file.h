// Reading a whole text file, the way every reader of user input does it: the bytes as they are,
// or a located diagnostic naming what the file was expected to be.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace gpuplan {

// The file's bytes; nullopt when it cannot be opened.
std::optional<std::string> ReadWholeFile(const std::string& path);

// The file's bytes; a ConfigError "PATH: cannot read the file; expected <expected>" (exit code 2)
// when it cannot be opened.
std::string ReadInputFile(const std::string& path, std::string_view expected);

}  // namespace gpuplan
