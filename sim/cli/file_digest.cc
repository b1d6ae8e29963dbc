#include "sim/cli/file_digest.h"

#include <fmt/format.h>
#include <openssl/evp.h>

#include <memory>

#include "sim/core/error.h"
#include "sim/util/text_file.h"

namespace gpuplan {

std::string FileSha256(const std::string& path) {
  const std::string bytes = ReadInputFile(path, "the measured result");
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  const std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(),
                                                                    EVP_MD_CTX_free);
  GPUPLAN_CHECK(ctx != nullptr && EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) == 1 &&
                    EVP_DigestUpdate(ctx.get(), bytes.data(), bytes.size()) == 1 &&
                    EVP_DigestFinal_ex(ctx.get(), digest, &length) == 1,
                "OpenSSL SHA-256 failed");
  std::string hex;
  for (unsigned int i = 0; i < length; ++i) hex += fmt::format("{:02x}", digest[i]);
  return hex;
}

}  // namespace gpuplan
