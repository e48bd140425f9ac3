#include "CTestSupport.h"
#include <malloc.h>

size_t twinkit_heap_bytes_in_use(void) { return mallinfo2().uordblks; }
