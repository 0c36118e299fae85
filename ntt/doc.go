// Package ntt implements the arithmetic of R_q = Z_q[x]/(x^512 + 1), the
// ring of the Raccoon signature scheme [Raccoon], with q = 549824583172097:
// the number-theoretic transform in the evaluation order of the reference
// implementation, and pointwise products, sums and differences.
//
// Most users should use package raccoon instead.
//
// # Implementations
//
// Every kernel has a pure-Go version (ntt_generic.go; ntt_generic32.go
// holds the transforms used on 32-bit targets) and, where it pays off, an
// assembly version chosen at run time from the CPU features:
//
//   - amd64 with AVX2 and FMA3 ("AVX2"): transforms, pointwise products,
//     Montgomery conversion, sums and differences, in double-precision
//     arithmetic modulo the full q;
//   - amd64 with AVX-512F and AVX-512 IFMA ("IFMA"): the transforms and
//     DotMont, with 52-bit
//     integer multiplications modulo the full q; preferred over AVX2 where
//     both are present, which keeps the other kernels;
//   - arm64 with NEON ("NEON"): transforms, sums and differences, in 32-bit
//     lanes modulo the two prime factors of q.
//
// The build tag purego (set by TinyGo) leaves out all assembly. Every
// implementation returns exactly the same values as the pure-Go code (all
// outputs are fully reduced), so NTT-domain values, which the secret key
// encoding stores, do not depend on the CPU. The tests run under each
// implementation in turn (internal/cryptotest.TestAllImplementations), and
// ntt/_asm/README.md describes the kernels and their bounds.
//
// # Side channels
//
// All functions are constant time with respect to the values of their
// operands: they have no branches or memory indices that depend on them,
// and use only instructions whose timing does not depend on their operands
// on the targeted processors (integer multiplication, and on amd64 double
// precision operations on normal numbers and zero; the AVX2 kernels never
// produce subnormal numbers). They are not constant time with respect to
// the selected implementation, which depends only on the CPU.
//
// [Raccoon]: https://raccoonfamily.org/
package ntt
