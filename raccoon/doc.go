// Package raccoon implements the Raccoon lattice-based signature scheme, as
// submitted to the NIST Additional Signatures process, round 1 [Raccoon]
// (version 1.0 of the specification, with the known-answer tests of the
// reference implementation).
//
// Raccoon is designed to be masked: the private key is held as d additive
// shares and every step of key generation and signing works on shares, so
// that an attacker who observes up to d-1 intermediate values learns
// nothing about the key. There are 18 parameter sets: three security levels
// (128, 192 and 256 bits) times six numbers of shares (1, 2, 4, 8, 16, 32).
// Public keys and signatures depend only on the security level; the number
// of shares changes the private key and the cost of signing.
//
// Most applications should use Raccoon-128-1 when side channels are not a
// concern, and a masked set (d > 1) to protect the private key against
// side-channel analysis at a higher cost. See SECURITY.md in the module for
// exactly what is and is not claimed.
//
// [Raccoon]: https://raccoonfamily.org/
package raccoon
