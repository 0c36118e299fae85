// Package masking implements the arithmetic masking gadgets of Raccoon
// (specification, Sections 2.2 and 2.4.5–2.5.3): a secret x in R_q is held as
// d shares x_0..x_{d-1} with x = Σ x_i mod q.
//
// Most users don't need this package; use package raccoon instead.
//
// The gadgets are ZeroEncoding (Algorithm 12), Refresh (Algorithm 11),
// AddRepNoise (Algorithm 8), Decode (Algorithm 13) and the secret-key
// serialization MaskCompress / MaskDecompress (Algorithms 14 and 15; their
// Vec forms handle consecutive polynomials of a vector at once, so that the
// expansions of the mask keys fill the lanes of the multi-stream Keccak). Their
// randomness comes from two separate sources: the random bit generator
// (RBG, an io.Reader), which draws every seed that determines keys and
// signatures, and the masking random generator (a Generator), which only
// feeds ZeroEncoding and never changes any output.
//
// One rule for reviewers: Decode is the only function that sums the shares
// of a secret. A search for "Decode(" finds every place where shares are
// recombined.
//
// All functions are constant time with respect to share values.
package masking
