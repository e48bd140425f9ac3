// Test-only helpers from the C library that Swift's Glibc module does not expose.
#ifndef TWINKIT_CTESTSUPPORT_H
#define TWINKIT_CTESTSUPPORT_H
#include <stddef.h>

/// Bytes currently allocated through malloc (glibc mallinfo2().uordblks), for leak tests.
size_t twinkit_heap_bytes_in_use(void);

#endif
