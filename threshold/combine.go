package threshold

import (
	"crypto/subtle"

	"github.com/raccoon-go/raccoon/ntt"
)

// Combine assembles the signature of message from the messages of all three
// rounds of a session with session id sid (any order within a round; one
// message per signer in each round, the same signers in all three). It
// combines μ = pk.Mu(message); see CombineMu.
func Combine(pk *PublicKey, sid, message []byte, r1 []*Commitment, r2 []*Reveal, r3 []*Response) ([]byte, error) {
	if !pk.valid() {
		return nil, errPublicKey
	}
	return CombineMu(pk, sid, pk.Mu(message), r1, r2, r3)
}

// CombineMu implements Combine (Alg. 8) for a precomputed μ: with w =
// ⌊Σ w_i⌉_{ν_w} and c_hash = H(μ, w) it computes the response
//
//	z = Σ_{i ∈ act} z_i - Σ_{i ∈ act} m_i = c·s + Σ_i r_i
//
// (the masks cancel: Σ_j m_j and Σ_j m*_j both sum every X_{a,b}), the hint
// h = w - ⌊A·z - 2^ν_t·c·t⌉_{ν_w} (centered mod q_w), checks the norm bound
// and returns the encoded signature (c_hash, z, h). By construction it
// passes Verify.
//
// The norm check fails when the signers are fewer than T (the Lagrange
// coefficients then do not reconstruct s) or when a signer sent an
// inconsistent message. In that case CombineMu checks every commitment
// opening (which needs sid) and returns a *PartyError naming the first
// signer whose round-2 message does not open its commitment, or an error
// naming no one: the masks hide which partial response was wrong.
//
// It uses only public values.
func CombineMu(pk *PublicKey, sid, mu []byte, r1 []*Commitment, r2 []*Reveal, r3 []*Response) ([]byte, error) {
	if !pk.valid() {
		return nil, errPublicKey
	}
	ps := pk.ps
	if len(mu) != ps.crh() {
		return nil, errMuLength
	}
	if len(sid) != ps.crh() {
		return nil, errSessionID
	}
	act, c1, c2, c3, err := combineInputs(ps, r1, r2, r3)
	if err != nil {
		return nil, err
	}

	b := getVerifyBuffers(ps)
	defer verifyPools[ps.code-1].Put(b)
	// Line 3: w = ⌊Σ w_i⌉_{ν_w}.
	w := b.w2
	sumRoundedInto(ps, w, c2)
	// Line 4: z = Σ (z_i - m_i).
	sig := &b.sig
	for i := range sig.z {
		clear(sig.z[i][:])
		for j := range act {
			ntt.Add(&sig.z[i], &sig.z[i], &c3[j].z[i])
			ntt.Sub(&sig.z[i], &sig.z[i], &c1[j].m[i])
		}
	}
	// Line 5: c = H(μ, w).
	b.vh.digest(sig.chash, mu, w)
	chalPoly(ps, &b.c, sig.chash)
	b.ch.Forward(&b.c)
	// Lines 6–7: y = ⌊A·z - 2^ν_t·c·t⌉_{ν_w}, h = w - y.
	zh := b.zh
	for i := range zh {
		zh[i].Forward(&sig.z[i])
	}
	y := b.w
	roundedCommitment(pk, y, zh, &b.ch)
	for i := range y {
		for j := range y[i] {
			sig.h[i][j] = int32(center(csub(w[i][j]+ps.qW-y[i][j], ps.qW), ps.qW))
		}
	}
	// Line 8.
	if !normOK(ps, sig.h, sig.z) {
		seh := sessionHash(ps, sid, mu, act)
		for j := range act {
			if subtle.ConstantTimeCompare(commitHash(ps, seh, c2[j].w), c1[j].cmt) != 1 {
				return nil, &PartyError{Party: act[j], Err: ErrBadOpening}
			}
		}
		return nil, errCombine
	}
	return encodeSignature(ps, sig), nil
}

// combineInputs checks the messages of the three rounds and returns the
// signer set and the messages in its order.
func combineInputs(ps *paramSet, r1 []*Commitment, r2 []*Reveal, r3 []*Response) ([]int, []*Commitment, []*Reveal, []*Response, error) {
	count := len(r1)
	if count == 0 || count > MaxParties || len(r2) != count || len(r3) != count {
		return nil, nil, nil, nil, errSigners
	}
	act := make([]int, 0, count)
	for _, m := range r1 {
		if m == nil {
			return nil, nil, nil, nil, errDuplicate
		}
		act = append(act, m.party)
	}
	act, err := checkSigners(Params{code: ps.code, t: 1, n: MaxParties}, act)
	if err != nil {
		return nil, nil, nil, nil, errDuplicate
	}
	s := &Session{ps: ps, act: act}
	c1, err := sortMessages(s, r1, func(m *Commitment) *paramSet { return m.ps })
	if err != nil {
		return nil, nil, nil, nil, err
	}
	c2, err := sortMessages(s, r2, func(m *Reveal) *paramSet { return m.ps })
	if err != nil {
		return nil, nil, nil, nil, err
	}
	c3, err := sortMessages(s, r3, func(m *Response) *paramSet { return m.ps })
	if err != nil {
		return nil, nil, nil, nil, err
	}
	for _, m := range c2 {
		if len(m.macs) != count*ps.sec() {
			return nil, nil, nil, nil, &PartyError{Party: m.party, Err: ErrBadMAC}
		}
	}
	return act, c1, c2, c3, nil
}
