package scheme

import (
	"crypto/rand"
	"io"

	"github.com/raccoon-go/raccoon/internal/leak"
	"github.com/raccoon-go/raccoon/internal/params"
	"github.com/raccoon-go/raccoon/masking"
	"github.com/raccoon-go/raccoon/ntt"
)

// GenerateKey implements KeyGen (Algorithm 1). Every seed comes from rbg in
// the reference order (the seed of A, then the AddRepNoise seeds of ⟦s⟧,
// then those of ⟦t⟧); g feeds ZeroEncoding and Refresh and does not change
// the result. Shares are recombined once, by the Decode of ⟦t⟧ (line 7).
func GenerateKey(p *params.Set, rbg io.Reader, g masking.Generator) (*PrivateKey, error) {
	d := p.D
	seed := make([]byte, p.SecBytes())
	if _, err := io.ReadFull(rbg, seed); err != nil {
		return nil, errRBG
	}
	a := expandA(p, seed) // line 2

	sigma := make([]byte, p.SecBytes())
	tmp := make([]ntt.Poly, d)
	defer clearPolys(tmp)

	// Lines 3–4: ⟦s⟧ ← ℓ × ZeroEncoding(d); AddRepNoise(⟦s⟧, u_t, rep),
	// then the NTT of every share.
	s := make([]ntt.NTTPoly, p.L*d)
	for i := 0; i < p.L; i++ {
		masking.ZeroEncoding(tmp, g)
		if err := masking.AddRepNoise(tmp, i, p.UT, p.Rep, rbg, g, sigma); err != nil {
			clearPolys(s)
			return nil, errRBG
		}
		for j := range tmp {
			s[i*d+j].Forward(&tmp[j])
			if leak.Enabled {
				leak.Observe(leak.KeyGenS, j, 0, s[i*d+j][:])
			}
		}
	}

	// Lines 5–8, one row of t at a time.
	t := make([]ntt.Poly, p.K)
	for i := 0; i < p.K; i++ {
		mulRow(tmp, a[i*p.L:(i+1)*p.L], s, d)
		if leak.Enabled {
			for j := range tmp {
				leak.Observe(leak.KeyGenT, j, 0, tmp[j][:])
			}
		}
		if err := masking.AddRepNoise(tmp, i, p.UT, p.Rep, rbg, g, sigma); err != nil {
			clearPolys(s)
			return nil, errRBG
		}
		masking.Decode(&t[i], tmp)
		roundPoly(&t[i], params.NuT, params.QT)
	}

	pk := newPublicKey(p, seed, t, a)
	sk := &PrivateKey{Pub: pk}
	// Keep the key compressed, under mask keys from crypto/rand: they do not
	// affect any output (Encode re-masks under keys from rbg).
	keys := make([]byte, (d-1)*p.SecBytes())
	rand.Read(keys)
	sk.compress(s, keys, g)
	clearPolys(s)
	return sk, nil
}

// mulRow sets the d shares in out to the coefficient-domain shares of
// Σ_j a[j]·v_j, where v_j has NTT-domain shares v[j*d .. j*d+d-1]. It works
// share by share.
func mulRow(out []ntt.Poly, a []ntt.MontPoly, v []ntt.NTTPoly, d int) {
	for sh := 0; sh < d; sh++ {
		acc := (*ntt.NTTPoly)(&out[sh])
		acc.DotMont(v[sh:], d, a)
		ntt.InverseInPlace(acc)
	}
}

// roundPoly replaces each coefficient x in [0, q) of f by ⌊x⌉_ν mod q_ν =
// ((x + 2^(ν-1)) >> ν) mod q_ν (specification Eq. (3)). It is constant time.
func roundPoly(f *ntt.Poly, nu uint, qnu uint64) {
	for i, x := range f {
		y := (x + 1<<(nu-1)) >> nu
		f[i] = csub(y, qnu)
	}
}

// csub returns x-m if x >= m, else x, for x < 2m <= 2^63, without branches.
func csub(x, m uint64) uint64 {
	t := x - m
	return t + (uint64(int64(t)>>63) & m)
}
