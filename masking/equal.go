package masking

import (
	"github.com/raccoon-go/raccoon/internal/params"
	"github.com/raccoon-go/raccoon/ntt"
)

// Equal reports whether two d-sharings a and b (d = len(a) = len(b), NTT
// domain) encode the same polynomial, without recombining either secret.
//
// It forms the d-sharing ⟦a - b⟧ share by share, multiplies it by a fresh
// uniformly random unit ρ of R_q (public, from g), refreshes and decodes it:
// the decoded value ρ∘(a - b) is zero exactly when a = b, and otherwise
// uniform up to which NTT coefficients of a - b are divisible by q1 or q2.
// This Decode is an extra recombination site beside the three of the
// specification; it reveals at most that one bit and that divisibility
// pattern of the difference.
//
// Equal is constant time with respect to the shares.
func Equal(a, b []ntt.NTTPoly, g Generator) bool {
	d := len(a)
	checkShares(d)
	if len(b) != d {
		return false
	}
	delta := make([]ntt.NTTPoly, d)
	var rho ntt.NTTPoly
	var rhoM ntt.MontPoly
	var sum ntt.NTTPoly
	randomUnits(&rho, g)
	rhoM.FromNTT(&rho)
	for j := 0; j < d; j++ {
		ntt.Sub(&delta[j], &a[j], &b[j])
		delta[j].MulMont(&delta[j], &rhoM)
	}
	Refresh(delta, g)
	Decode(&sum, delta)
	var nonzero uint64
	for _, x := range sum {
		nonzero |= x
	}
	for i := range delta {
		clear(delta[i][:])
	}
	return nonzero == 0
}

// randomUnits fills p with uniform values that are invertible modulo q
// (nonzero modulo q1 and q2). The resampling depends only on discarded
// public values.
func randomUnits(p *ntt.NTTPoly, g Generator) {
	g.Uniform(0, p[:])
	for i := range p {
		for p[i]%params.Q1 == 0 || p[i]%params.Q2 == 0 {
			g.Uniform(0, p[i:i+1])
		}
	}
}
