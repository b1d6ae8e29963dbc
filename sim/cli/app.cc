#include "sim/cli/app.h"

#include <cstdio>

namespace gpuplan {

int RunApp(int /*argc*/, char** /*argv*/) {
  std::puts("gpuplan: under construction");
  return 0;
}

}  // namespace gpuplan
