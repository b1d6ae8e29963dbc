// SHA-256 of a file's bytes, in lowercase hex as `sha256sum` prints it: the provenance of the
// measured files a load-test fit read, which a planner checks against their copies
// (docs/adr/0008-openssl-for-file-digests.md).
#pragma once

#include <string>

namespace gpuplan {

// Throws gpuplan::Error when the file cannot be read.
std::string FileSha256(const std::string& path);

}  // namespace gpuplan
