// Boost.Context 1.74 context switching for TwinKit's coroutine processes (Debian: libboost-context-dev).
// Internal interop module: it provides no stable Swift API of its own.
//
// Boost declares these two functions in a C++ header (boost/context/detail/fcontext.hpp) with C
// linkage; libboost_context exports them under their plain C names. This header restates the two
// prototypes in C so that Swift can call them. `twinkit_fcontext_transfer` has the layout of Boost's
// `transfer_t` (two pointers, returned in registers).
#ifndef TWINKIT_CBOOSTCONTEXT_SHIM_H
#define TWINKIT_CBOOSTCONTEXT_SHIM_H

#include <stddef.h>

/// What a context switch carries: the context that was left (to switch back to later) and a pointer.
typedef struct twinkit_fcontext_transfer {
  void *fctx;
  void *data;
} twinkit_fcontext_transfer;

/// Suspends the running context and resumes `to`, handing it `vp`; returns when something switches back.
twinkit_fcontext_transfer jump_fcontext(void *const to, void *vp);

/// Prepares a context on the stack whose top is `sp` (growing down, `size` bytes) that runs `fn` when
/// first switched to. `fn` must never return.
void *make_fcontext(void *sp, size_t size, void (*fn)(twinkit_fcontext_transfer));

#endif
