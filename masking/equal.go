package masking

import (
	"github.com/raccoon-go/raccoon/internal/params"
	"github.com/raccoon-go/raccoon/ntt"
)

// Equal reports whether two masked vectors encode the same value, without
// recombining either secret. a and b hold len(a)/d polynomials of d shares
// each (share j of polynomial i at index i*d+j), in the NTT domain.
//
// For each polynomial it forms the d-sharing ⟦a - b⟧ share by share,
// multiplies it by a fresh uniformly random unit ρ of R_q (public, from g),
// refreshes and decodes it: the decoded value ρ∘(a - b) is zero exactly when
// a = b and is otherwise uniform up to which values of a - b are divisible
// by q1 or q2. This Decode is an extra recombination site beside the three
// of the specification; it reveals at most that one bit plus that
// divisibility pattern of the difference.
//
// Equal is constant time with respect to the shares.
func Equal(a, b []ntt.NTTPoly, d int, g Generator) bool {
	checkShares(d)
	if len(a) != len(b) || len(a)%d != 0 {
		return false
	}
	delta := make([]ntt.NTTPoly, d)
	var rho ntt.NTTPoly
	var rhoM ntt.MontPoly
	var sum ntt.NTTPoly
	var nonzero uint64
	for i := 0; i < len(a)/d; i++ {
		randomUnits(&rho, g)
		rhoM.FromNTT(&rho)
		for j := 0; j < d; j++ {
			ntt.Sub(&delta[j], &a[i*d+j], &b[i*d+j])
			delta[j].MulMont(&delta[j], &rhoM)
		}
		Refresh(delta, g)
		Decode(&sum, delta)
		for _, x := range sum {
			nonzero |= x
		}
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
	g.Uniform(p[:])
	for i := range p {
		for p[i]%params.Q1 == 0 || p[i]%params.Q2 == 0 {
			g.Uniform(p[i : i+1])
		}
	}
}
