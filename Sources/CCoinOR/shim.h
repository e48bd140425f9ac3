// COIN-OR Clp (LP) and Cbc (MILP) C interfaces (Debian: coinor-libcbc-dev, coinor-libclp-dev).
// Internal interop module: it provides no stable Swift API of its own.
#ifndef TWINKIT_CCOINOR_SHIM_H
#define TWINKIT_CCOINOR_SHIM_H
#include <coin/Clp_C_Interface.h>
#include <coin/Cbc_C_Interface.h>
#endif
