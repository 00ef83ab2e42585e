// Data flow: included first by every file compiled for several SIMD targets with Highway
// (foreach_target.h), and by the choice of target (simd_target.cpp), so all agree on which targets
// the build holds.
#pragma once

// Which of Highway's targets are compiled besides those it always builds: SSE4 (x86-64-v2, the
// vector baseline of every x86-64 processor still in use; run only when forced, since without
// gathers it measured no faster than the scalar kernels), AVX2 and AVX-512 (Highway's AVX3) on
// x86-64; NEON, SVE and SVE2 on Arm where the compiler can target them; and the portable baseline
// (EMU128) everywhere. Left out: SSSE3, for processors older than SSE4.2 (2008), and AVX3_DL (Ice
// Lake, Zen 4), whose extra instructions (byte compress, VNNI) the kernels do not use, so AVX3 runs
// there instead.
#define HWY_DISABLED_TARGETS (HWY_SSSE3 | HWY_AVX3_DL)
