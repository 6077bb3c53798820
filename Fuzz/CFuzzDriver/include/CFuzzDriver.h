// libFuzzer's driver entry (compiler-rt FuzzerInterface.h), so a SwiftPM executable, whose `main`
// SwiftPM names itself, can hand control to libFuzzer with its own test function.
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
