package scheme

import (
	"io"

	"github.com/raccoon-go/raccoon/internal/encoding"
	"github.com/raccoon-go/raccoon/internal/params"
	"github.com/raccoon-go/raccoon/internal/xof"
	"github.com/raccoon-go/raccoon/masking"
	"github.com/raccoon-go/raccoon/ntt"
)

// SigParams returns the signature encoding parameters of p's security level.
func SigParams(p *params.Set) *encoding.SigParams {
	return &encoding.SigParams{
		K: p.K, L: p.L, CHBytes: p.CRHBytes(), Size: p.SignatureSize,
		HintMax: p.BInfH(), RespMax: p.BInf,
	}
}

// Mu returns μ = H(tr ‖ msg) (Algorithm 2, line 2).
func (pk *PublicKey) Mu(msg []byte) []byte {
	mu := make([]byte, pk.P.CRHBytes())
	xof.Mu(mu, pk.Tr, msg)
	return mu
}

// Sign implements Sign (Algorithm 2) on the message hash mu = H(H(vk) ‖ msg)
// and returns the encoded signature of p.SignatureSize bytes. It repeats from
// line 4 while CheckBounds fails or the encoding does not fit, as the
// reference does. Every seed comes from rbg in the reference order; g feeds
// ZeroEncoding and Refresh and does not change the result.
//
// Shares are recombined only by the Decode of ⟦w⟧ (line 8) and of ⟦z⟧ (line
// 16). ⟦s⟧ is refreshed in place (line 12), so the shares stored in sk change.
func (sk *PrivateKey) Sign(mu []byte, rbg io.Reader, g masking.Generator) ([]byte, error) {
	pk := sk.Pub
	p := pk.P
	d, k, l := p.D, p.K, p.L

	r := make([]ntt.NTTPoly, l*d) // ⟦r⟧, then ⟦z⟧
	tmp := make([]ntt.Poly, d)
	sigma := make([]byte, p.SecBytes())
	defer clearPolys(r)
	defer clearPolys(tmp)

	w := make([]ntt.Poly, k)
	h := make([][n]int32, k)
	z := make([]ntt.Poly, l)
	zh := make([]ntt.NTTPoly, l)
	y := make([]ntt.NTTPoly, k)
	chash := make([]byte, p.CRHBytes())
	scratch := make([]byte, k*n)
	var c ntt.Poly
	var ch ntt.NTTPoly
	var cm ntt.MontPoly
	sig := make([]byte, p.SignatureSize)
	sp := SigParams(p)

	for {
		// Lines 4–5: ⟦r⟧ ← ℓ × ZeroEncoding(d); AddRepNoise(⟦r⟧, u_w, rep).
		for i := 0; i < l; i++ {
			masking.ZeroEncoding(tmp, g)
			if err := masking.AddRepNoise(tmp, i, p.UW, p.Rep, rbg, g, sigma); err != nil {
				return nil, errRBG
			}
			for j := range tmp {
				r[i*d+j].Forward(&tmp[j])
			}
		}
		// Lines 6–9: ⟦w⟧ = A·⟦r⟧; AddRepNoise; w = ⌊Decode(⟦w⟧)⌉_νw.
		for i := 0; i < k; i++ {
			mulRow(tmp, pk.A[i*l:(i+1)*l], r, d)
			if err := masking.AddRepNoise(tmp, i, p.UW, p.Rep, rbg, g, sigma); err != nil {
				return nil, errRBG
			}
			masking.Decode(&w[i], tmp)
			roundPoly(&w[i], params.NuW, params.QW)
		}
		// Lines 10–11.
		xof.ChalHash(chash, mu, w, scratch)
		chalPoly(&c, chash, p.Omega)
		cm.FromNTT(ch.Forward(&c))

		// Lines 12–16, one polynomial at a time.
		for i := 0; i < l; i++ {
			si, ri := sk.S[i*d:(i+1)*d], r[i*d:(i+1)*d]
			masking.Refresh(si, g)
			masking.Refresh(ri, g)
			for j := range ri {
				ri[j].MulAddMont(&si[j], &cm, &ri[j]) // ⟦z⟧ = c·⟦s⟧ + ⟦r⟧
			}
			masking.Refresh(ri, g)
			masking.Decode(&zh[i], ri)
			z[i].Inverse(&zh[i])
		}

		// Lines 17–18: y = A·z - 2^νt·c·t; h = w - ⌊y⌉_νw mod q_w.
		commitment(y, pk, zh, &ch)
		for i := 0; i < k; i++ {
			yc := ntt.InverseInPlace(&y[i])
			roundPoly(yc, params.NuW, params.QW)
			for j := range h[i] {
				h[i][j] = center(csub(w[i][j]+params.QW-yc[j], params.QW), params.QW)
			}
		}

		// Lines 19–20.
		if !checkBounds(p, h, z) {
			continue
		}
		if encoding.EncodeSignature(sig, sp, chash, h, z) {
			return sig, nil
		}
	}
}

// commitment sets y[i] = Σ_j A[i][j]∘zh[j] - ch∘NTT(2^νt·t[i]) in the NTT
// domain (Algorithm 2 line 17, Algorithm 3 line 6).
func commitment(y []ntt.NTTPoly, pk *PublicKey, zh []ntt.NTTPoly, ch *ntt.NTTPoly) {
	l := pk.P.L
	var u ntt.NTTPoly
	for i := range y {
		y[i].MulMont(&zh[0], &pk.A[i*l])
		for j := 1; j < l; j++ {
			y[i].MulAddMont(&zh[j], &pk.A[i*l+j], &y[i])
		}
		u.MulMont(ch, &pk.T2[i])
		ntt.Sub(&y[i], &y[i], &u)
	}
}

// chalPoly sets c to ChalPoly(c_hash) (Algorithm 10) with coefficients in
// [0, q).
func chalPoly(c *ntt.Poly, chash []byte, omega int) {
	var idx [64]int
	var neg [64]bool
	xof.ChalPoly(idx[:omega], neg[:omega], chash, omega)
	clear(c[:])
	for t := 0; t < omega; t++ {
		if neg[t] {
			c[idx[t]] = q - 1
		} else {
			c[idx[t]] = 1
		}
	}
}

// center maps x in [0, m) to the centered representative in
// [-⌊m/2⌋, ⌈m/2⌉) (ref-c polyr_center).
func center(x, m uint64) int32 {
	c := m >> 1
	return int32(int64(csub(x+c, m)) - int64(c))
}

// checkBounds implements CheckBounds (Algorithm 4) on decoded h (centered)
// and z (residues in [0, q)), with the reference's arithmetic: the ℓ2 check
// compares 2^(2νw-64)·‖h‖² + Σ⌊|z_i|/2^32⌋² with 2^-64·B2².
//
// It is not constant time: h and z are public.
func checkBounds(p *params.Set, h [][n]int32, z []ntt.Poly) bool {
	var h22, hoo uint64
	for i := range h {
		for _, x := range h[i] {
			a := uint64(x)
			if x < 0 {
				a = uint64(-x)
			}
			hoo = max(hoo, a)
			h22 += a * a
		}
	}
	var z22, zoo uint64
	for i := range z {
		for _, x := range z[i] {
			a := x
			if a > q/2 {
				a = q - a
			}
			zoo = max(zoo, a)
			a >>= 32
			z22 += a * a
		}
	}
	if hoo > p.BInfH() || zoo > p.BInf {
		return false
	}
	return h22<<(2*params.NuW-64)+z22 <= p.B22
}
