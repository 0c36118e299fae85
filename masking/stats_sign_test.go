package masking_test

// The χ² share tests (stats_test.go) on the shares that the shipped Sign
// stores: a key whose secret is s = -1 (every NTT coefficient q - 1, the
// test's fixed secret) is signed with repeatedly, and after each signature
// the re-masked stored form (X, mask keys) is expanded with MaskDecompress;
// every coefficient of every polynomial of s is a sample. The test lives in
// package masking_test because internal/scheme imports masking.

import (
	"crypto/rand"
	"testing"

	"github.com/raccoon-go/raccoon/internal/encoding"
	"github.com/raccoon-go/raccoon/internal/params"
	"github.com/raccoon-go/raccoon/internal/scheme"
	"github.com/raccoon-go/raccoon/masking"
	"github.com/raccoon-go/raccoon/ntt"
	"github.com/stretchr/testify/require"
)

// constantSecretKey returns a valid key of p whose secret has every NTT
// coefficient equal to masking.ChiSecret (s = -1 in the coefficient
// domain), stored compressed from the worst-case sharing (ŝ, 0, …, 0), and
// with t = ⌊A·s⌉_νt (no noise: the rounding error plays the part of e).
func constantSecretKey(t *testing.T, p *params.Set) *scheme.PrivateKey {
	require.Equal(t, uint64(params.Q-1), uint64(masking.ChiSecret))
	raw := make([]byte, p.PublicKeySize)
	rand.Read(raw[:p.SecBytes()])
	pk0, err := scheme.ParsePublicKey(p, raw) // t = 0, to expand A
	require.NoError(t, err)
	var sHat ntt.NTTPoly
	for c := range sHat {
		sHat[c] = masking.ChiSecret
	}
	rest := raw[p.SecBytes():]
	for i := 0; i < p.K; i++ {
		var acc, prod ntt.NTTPoly
		for j := 0; j < p.L; j++ {
			prod.MulMont(&sHat, &pk0.A[i*p.L+j])
			ntt.Add(&acc, &acc, &prod)
		}
		tc := ntt.InverseInPlace(&acc)
		for c, x := range tc {
			tc[c] = ((x + 1<<(params.NuT-1)) >> params.NuT) % params.QT
		}
		rest = encoding.Pack(rest, (*[512]uint64)(tc), params.TBits)
	}
	pk, err := scheme.ParsePublicKey(p, raw)
	require.NoError(t, err)
	sk := &scheme.PrivateKey{Pub: pk, X: make([]ntt.NTTPoly, p.L), Keys: make([]byte, (p.D-1)*p.SecBytes())}
	rand.Read(sk.Keys)
	for i := range sk.X {
		sh := make([]ntt.NTTPoly, p.D)
		sh[0] = sHat
		masking.MaskCompress(&sk.X[i], sh, i, sk.Keys)
	}
	return sk
}

func TestSignStoredShareUniformity(t *testing.T) {
	g := masking.NewGenerator()
	for _, d := range []int{2, 4, 8} {
		var p *params.Set
		for i := range params.Table {
			if params.Table[i].Kappa == 128 && params.Table[i].D == d {
				p = &params.Table[i]
			}
		}
		sk := constantSecretKey(t, p)
		mu := make([]byte, p.CRHBytes())
		// The key is consistent: its signatures verify.
		_, err := sk.Sign(mu, rand.Reader, g, &scheme.SignOptions{VerifyBeforeRelease: true})
		require.NoError(t, err, "d=%d", d)
		vals := make([][]uint64, d)
		sh := make([]ntt.NTTPoly, d)
		for len(vals[0]) < masking.ChiSamples() {
			rand.Read(mu)
			_, err := sk.Sign(mu, rand.Reader, g, nil)
			require.NoError(t, err)
			for i := range sk.X {
				masking.MaskDecompress(sh, &sk.X[i], i, sk.Keys)
				for j := range sh {
					vals[j] = append(vals[j], sh[j][:]...)
				}
			}
		}
		masking.CheckShareUniformity(t, "shares stored by Sign", d, vals)
	}
}
