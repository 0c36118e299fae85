package scheme

import (
	"bytes"
	"math/rand/v2"
	"testing"

	"github.com/raccoon-go/raccoon/internal/encoding"
	"github.com/raccoon-go/raccoon/internal/params"
	"github.com/raccoon-go/raccoon/masking"
	"github.com/raccoon-go/raccoon/ntt"
	"github.com/stretchr/testify/require"
)

func TestRound(t *testing.T) {
	// ⌊x⌉_ν = ⌊(x + 2^(ν-1)) / 2^ν⌋ mod q_ν, checked on edge values.
	for _, tc := range []struct {
		nu  uint
		qnu uint64
	}{{params.NuT, params.QT}, {params.NuW, params.QW}} {
		for _, x := range []uint64{0, 1, 1<<(tc.nu-1) - 1, 1 << (tc.nu - 1), 1<<tc.nu - 1, 1 << tc.nu, q - 1, q - 1<<(tc.nu-1), q - 1<<(tc.nu-1) - 1} {
			var f ntt.Poly
			f[0] = x
			roundPoly(&f, tc.nu, tc.qnu)
			want := ((x + 1<<(tc.nu-1)) >> tc.nu) % tc.qnu
			require.Equal(t, want, f[0], "x=%d nu=%d", x, tc.nu)
		}
	}
}

// TestUseHint checks useHint against its definition, (⌊y⌉_νw + h) mod q_w,
// for y at the rounding edges and every hint with |h| < q_w.
func TestUseHint(t *testing.T) {
	const nu, half = params.NuW, uint64(1) << (params.NuW - 1)
	ys := []uint64{0, 1, half - 1, half, 1<<nu - 1, 1 << nu, 3<<nu + half - 1, 3<<nu + half, q - 1, q - half, q - half - 1}
	out := make([]byte, n)
	for _, v := range ys {
		var y ntt.Poly
		var h [n]int32
		for j := range y {
			y[j], h[j] = v, int32(j%(2*params.QW-1))-(params.QW-1)
		}
		useHint(out, &y, &h)
		for j := range y {
			want := (int64((y[j]+half)>>nu) + int64(h[j])) % params.QW
			want = (want + params.QW) % params.QW
			require.Equal(t, byte(want), out[j], "y=%d h=%d", y[j], h[j])
		}
	}
}

func TestCenter(t *testing.T) {
	for x := uint64(0); x < params.QW; x++ {
		c := center(x, params.QW)
		require.True(t, c >= -15 && c <= 15)
		require.Equal(t, x, uint64((int64(c)+params.QW)%params.QW))
	}
}

// TestCheckBounds checks each bound of Algorithm 4 at and just above its
// limit.
func TestCheckBounds(t *testing.T) {
	for _, p := range []*params.Set{&params.Table[0], &params.Table[6], &params.Table[12]} {
		h := make([][n]int32, p.K)
		z := make([]ntt.Poly, p.L)
		require.True(t, checkBounds(p, h, z))

		h[0][3] = int32(p.BInfH())
		require.True(t, checkBounds(p, h, z))
		h[0][3] = -int32(p.BInfH()) - 1
		require.False(t, checkBounds(p, h, z))
		h[0][3] = 0

		z[1][7] = p.BInf
		require.True(t, checkBounds(p, h, z))
		z[1][7] = p.BInf + 1
		require.False(t, checkBounds(p, h, z))
		z[1][7] = q - p.BInf
		require.True(t, checkBounds(p, h, z))
		z[1][7] = q - p.BInf - 1
		require.False(t, checkBounds(p, h, z))
		z[1][7] = 0

		// ℓ2: fill z with values v such that Σ⌊v/2^32⌋² crosses B22.
		const each = 5000 * 5000
		v := uint64(1) << 32 * 5000 // each contributes 5000² (and v < B∞)
		cnt := int(p.B22/each) + 1
		total := 0
		for i := range z {
			for j := range z[i] {
				if total < cnt {
					z[i][j] = v
					total++
				}
			}
		}
		require.Equal(t, cnt, total)
		require.False(t, checkBounds(p, h, z))
		// Remove entries until the sum is at most B22.
		for i := range z {
			for j := range z[i] {
				if z[i][j] != 0 && uint64(total)*each > p.B22 {
					z[i][j] = 0
					total--
				}
			}
		}
		require.True(t, checkBounds(p, h, z), "%s: %d·5000² <= %d", p.Name, total, p.B22)
		// A hint of 1 adds 2^24 to the scaled sum.
		slack := p.B22 - uint64(total)*each
		if slack < 1<<24 {
			h[0][0] = 1
			require.False(t, checkBounds(p, h, z))
		}
	}
}

// TestMaskingGeneratorDoesNotMatter signs with two different masking
// generators and the same RBG stream: the signatures are identical.
func TestMaskingGeneratorDoesNotMatter(t *testing.T) {
	p := &params.Table[3] // Raccoon-128-8
	seed := bytes.Repeat([]byte{1}, 48)
	run := func(g masking.Generator) ([]byte, []byte) {
		rbg := rand.NewChaCha8([32]byte(seed[:32]))
		sk, err := GenerateKey(p, rbg, g)
		require.NoError(t, err)
		skb, err := sk.Encode(rbg, g)
		require.NoError(t, err)
		sig, err := sk.Sign(sk.Pub.Mu([]byte("m")), rbg, g, nil)
		require.NoError(t, err)
		return skb, sig
	}
	sk1, sig1 := run(masking.NewGenerator())
	sk2, sig2 := run(masking.NewGenerator())
	require.Equal(t, sk1, sk2)
	require.Equal(t, sig1, sig2)
}

// TestVerifyChecksL2 checks that verification applies the ℓ2 bound of
// CheckBounds (Algorithm 4): a valid signature verifies under parameters
// whose bound 2^-64·B2² is lowered to the signature's own scaled squared
// norm, and fails one below it.
func TestVerifyChecksL2(t *testing.T) {
	for _, p := range []*params.Set{&params.Table[0], &params.Table[6], &params.Table[12]} {
		sk, err := GenerateKey(p, rand.NewChaCha8([32]byte{21}), masking.NewGenerator())
		require.NoError(t, err)
		msg := []byte("l2")
		sig, err := sk.SignMessage(msg, rand.NewChaCha8([32]byte{23}), masking.NewGenerator(), nil)
		require.NoError(t, err)
		h := make([][n]int32, p.K)
		z := make([]ntt.Poly, p.L)
		_, err = encoding.DecodeSignature(make([]byte, p.CRHBytes()), h, z, sig, &sk.Pub.sigParams)
		require.NoError(t, err)
		// The scaled squared norm, computed from h and z directly.
		var norm uint64
		for i := range h {
			for _, x := range h[i] {
				norm += uint64(int64(x)*int64(x)) << (2*params.NuW - 64)
			}
		}
		for i := range z {
			for _, x := range z[i] {
				a := min(x, q-x) >> 32
				norm += a * a
			}
		}
		require.Less(t, norm, p.B22)
		for _, tc := range []struct {
			b22 uint64
			ok  bool
		}{{norm, true}, {norm - 1, false}} {
			lowered := *p
			lowered.B22 = tc.b22
			pk := *sk.Pub
			pk.P = &lowered
			require.Equal(t, tc.ok, pk.VerifyMessage(msg, sig), "%s, B22 = %d, norm %d", p.Name, tc.b22, norm)
		}
	}
}
