// Package threshold implements Threshold Raccoon (TRaccoon), the T-of-N
// lattice threshold signature of del Pino, Katsumata, Maller, Mouhartem,
// Prest and Saarinen [TRaccoon], with the parameters, hashing and encodings
// of the authors' reference implementation [ec24-thrc].
//
// A trusted dealer ([Deal], Alg. 4) shares the secret key with Shamir's
// scheme over R_q among N parties (1 <= T <= N <= 1024) and gives every
// ordered pair of parties a seed. Any T or more parties then sign in three
// rounds, each party running a [Session] ([Session.Round1],
// [Session.Round2], [Session.Round3]; ShareSign_1–3, Alg. 5–7) and
// exchanging the messages [Commitment], [Reveal] and [Response]; anyone
// holding the public key combines them ([Combine], Alg. 8) into a signature
// that [Verify] (Alg. 3) checks without knowing T, N or the signers. The
// transport is the caller's: the messages are values with binary encodings.
// The security levels κ = 128, 192, 256 are chosen with [NewParams].
//
// # Compatibility with the reference
//
// Public keys, signatures and the verification equation are those of
// ec24-thrc: Verify accepts the reference's signatures (the vectors of its
// Python implementation, in the tests), and the reference's verification
// accepts ours (checked outside the tests with its Python verifier at every
// level and its C verifier at κ = 128). The hashes of the protocol
// (hash_vec, the session hash, the commitment, the MACs, the mask PRF,
// ChalPoly), SampleQ (SHAKE128) and ExpandA follow the reference too, and the
// round messages carry the reference's contrib_1..3 bodies behind a 4-byte
// header (6 for round 2); running rounds against a reference party has not
// been tried. Key shares have an encoding of their own. Three things differ
// on purpose:
//
//   - The Gaussian sampler is constant time (package internal/gauss): a
//     discrete Gaussian D_{Z,σ} by table lookup, uniform bucket and
//     rejection with a fixed-point exponential, within statistical distance
//     2^-58 of the ideal and within relative error 2^-76 of the reference's
//     rounded Gaussian. The reference uses floating point.
//   - Sessions refuse a session id that the key share has used before
//     ([SessionStore]); the reference does not check.
//   - The signature decoder is strict and never reads past the end. The
//     encoding is the reference's (variable length, zero-padded to a whole
//     byte); the reference's C decoder reads one byte too far when the bit
//     stream ends on a byte boundary (about 1 signature in 8):
//     [ReferenceDecodable] tells whether a signature avoids that case.
//
// The message representative is μ = SHAKE256(tr ‖ msg) with tr =
// SHAKE256(vk), both truncated to 2κ/8 bytes ([PublicKey.Mu]): hashing the
// public key first binds a signature to the key. Functions ending in Mu take
// a precomputed μ.
//
// # Masked key shares
//
// Beyond the paper, a party can hold its Shamir share in d additive shares
// (d ∈ {1, 2, 4, 8, 16, 32}, [KeyShare.SetShares]) with the gadgets of
// package masking. The shares are refreshed after every use and when
// encoded. The only place where they are recombined is the computation of
// the partial response z_j = λ·c·s_j + r_j + m*_j in Round3: λ·c·s_j is
// computed share by share, r_j and the mask m*_j are added to one share, and
// the shares are refreshed and then decoded; the decoded value is the public
// round-3 message, which the one-time mask m*_j hides. Signatures do not
// depend on d. The nonce r_j is not masked (the sampler works on plain
// values).
//
// # Side channels
//
// Constant time with respect to secrets: the Gaussian sampler, SampleQ,
// the NTT-domain arithmetic, the Shamir evaluation, the masking gadgets, the
// MAC and key comparisons (crypto/subtle), key share decoding. Not constant
// time, on public data only: the Lagrange coefficients (they depend on the
// signer set), signature encoding and decoding, Verify, Combine. Rejection
// loops (SampleQ, the sampler) reveal only how many discarded candidates
// there were.
//
// [TRaccoon]: https://eprint.iacr.org/2024/184
// [ec24-thrc]: https://github.com/masksign/ec24-thrc
package threshold
