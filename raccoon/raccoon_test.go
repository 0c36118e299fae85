package raccoon

import (
	"crypto"
	"crypto/sha256"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// testParams returns all 18 sets, or one per security level with -short.
func testParams(t testing.TB) []Params {
	if testing.Short() {
		var out []Params
		for _, name := range []string{"Raccoon-128-1", "Raccoon-192-2", "Raccoon-256-4"} {
			p, err := ParamsByName(name)
			require.NoError(t, err)
			out = append(out, p)
		}
		return out
	}
	return AllParams()
}

func TestParams(t *testing.T) {
	all := AllParams()
	require.Len(t, all, 18)
	seen := map[Params]bool{}
	for _, p := range all {
		require.False(t, seen[p])
		seen[p] = true
		q, err := ParamsByName(p.String())
		require.NoError(t, err)
		require.Equal(t, p, q)
		r, err := NewParams(p.SecurityLevel(), p.Shares())
		require.NoError(t, err)
		require.Equal(t, p, r)

		// Sizes recomputed from the formulas of Section 2.5.
		kappa, d := p.SecurityLevel(), p.Shares()
		k := map[int]int{128: 5, 192: 7, 256: 9}[kappa]
		l := map[int]int{128: 4, 192: 5, 256: 7}[kappa]
		pk := kappa/8 + k*512*(49-42)/8
		require.Equal(t, pk, p.PublicKeySize(), p.String())
		require.Equal(t, pk+(d-1)*kappa/8+l*512*49/8, p.PrivateKeySize(), p.String())
		require.Equal(t, map[int]int{128: 11524, 192: 14544, 256: 20330}[kappa], p.SignatureSize())
	}
	_, err := ParamsByName("Raccoon-128-3")
	require.Error(t, err)
	_, err = NewParams(128, 3)
	require.Error(t, err)
	var zero Params
	require.Equal(t, "Raccoon-invalid", zero.String())
	require.Zero(t, zero.PublicKeySize())
	_, err = GenerateKey(zero)
	require.Error(t, err)
	_, err = NewPublicKey(zero, nil)
	require.Error(t, err)
	_, err = NewPrivateKey(zero, nil)
	require.Error(t, err)
}

func TestSignVerify(t *testing.T) {
	for _, p := range testParams(t) {
		t.Run(p.String(), func(t *testing.T) {
			sk, err := GenerateKey(p)
			require.NoError(t, err)
			msg := []byte("message to " + p.String())
			sig, err := sk.Sign(nil, msg, crypto.Hash(0))
			require.NoError(t, err)
			require.Len(t, sig, p.SignatureSize())
			require.NoError(t, Verify(sk.PublicKey(), msg, sig))

			// A second signature of the same message differs (randomized).
			sig2, err := sk.Sign(nil, msg, nil)
			require.NoError(t, err)
			require.NotEqual(t, sig, sig2)
			require.NoError(t, Verify(sk.PublicKey(), msg, sig2))

			// Wrong message.
			require.Error(t, Verify(sk.PublicKey(), []byte("another message"), sig))
			require.Error(t, Verify(sk.PublicKey(), msg[:len(msg)-1], sig))
			// Wrong key.
			other, err := GenerateKey(p)
			require.NoError(t, err)
			require.Error(t, Verify(other.PublicKey(), msg, sig))
			// Truncated and extended signatures.
			require.Error(t, Verify(sk.PublicKey(), msg, sig[:len(sig)-1]))
			require.Error(t, Verify(sk.PublicKey(), msg, append(sig[:len(sig):len(sig)], 0)))
			require.Error(t, Verify(sk.PublicKey(), msg, nil))
		})
	}
}

// TestVerifyDependsOnLevelOnly checks that a signature made with any number
// of shares verifies under the public key parsed with any set of the same
// level.
func TestVerifyDependsOnLevelOnly(t *testing.T) {
	p1, _ := ParamsByName("Raccoon-128-1")
	p8, _ := ParamsByName("Raccoon-128-8")
	sk, err := GenerateKey(p8)
	require.NoError(t, err)
	sig, err := sk.Sign(nil, []byte("m"), nil)
	require.NoError(t, err)
	pk1, err := NewPublicKey(p1, sk.PublicKey().Bytes())
	require.NoError(t, err)
	require.NoError(t, Verify(pk1, []byte("m"), sig))
	require.True(t, pk1.Equal(sk.PublicKey()))
	require.Equal(t, p1, pk1.Params())
}

func TestSignOptions(t *testing.T) {
	p, _ := ParamsByName("Raccoon-128-1")
	sk, err := GenerateKey(p)
	require.NoError(t, err)
	_, err = sk.Sign(nil, make([]byte, 32), crypto.SHA256)
	require.Error(t, err)
	var signer crypto.Signer = sk
	pub, ok := signer.Public().(*PublicKey)
	require.True(t, ok)
	require.True(t, pub.Equal(sk.PublicKey()))
}

func TestEncodingRoundTrip(t *testing.T) {
	for _, p := range testParams(t) {
		t.Run(p.String(), func(t *testing.T) {
			sk, err := GenerateKey(p)
			require.NoError(t, err)
			pkb := sk.PublicKey().Bytes()
			require.Len(t, pkb, p.PublicKeySize())
			pk, err := NewPublicKey(p, pkb)
			require.NoError(t, err)
			require.Equal(t, pkb, pk.Bytes())
			require.True(t, pk.Equal(sk.PublicKey()))
			mb, err := pk.MarshalBinary()
			require.NoError(t, err)
			require.Equal(t, pkb, mb)

			skb := sk.Bytes()
			require.Len(t, skb, p.PrivateKeySize())
			require.Equal(t, pkb, skb[:p.PublicKeySize()], "sk starts with pk")
			sk2, err := NewPrivateKey(p, skb)
			require.NoError(t, err)
			require.True(t, sk.Equal(sk2))
			require.True(t, sk2.Equal(sk))
			require.True(t, sk2.PublicKey().Equal(sk.PublicKey()))
			if p.Shares() > 1 {
				// The masked encoding is re-randomised on every call.
				require.NotEqual(t, skb, sk.Bytes())
			} else {
				require.Equal(t, skb, sk.Bytes())
			}
			// A parsed key signs for the same public key.
			sig, err := sk2.Sign(nil, []byte("x"), nil)
			require.NoError(t, err)
			require.NoError(t, Verify(pk, []byte("x"), sig))

			other, err := GenerateKey(p)
			require.NoError(t, err)
			require.False(t, sk.Equal(other))
			require.False(t, sk.PublicKey().Equal(other.PublicKey()))
			require.False(t, sk.Equal(nil))
		})
	}
}

// TestPrivateKeyEqualSecret checks that Equal compares the secrets, not
// only the public keys.
func TestPrivateKeyEqualSecret(t *testing.T) {
	p, _ := ParamsByName("Raccoon-128-4")
	sk, err := GenerateKey(p)
	require.NoError(t, err)
	skb := sk.Bytes()
	// Change one coefficient of the packed share x (the last bytes): the
	// public key part is unchanged.
	b := append([]byte(nil), skb...)
	b[len(b)-10] ^= 1
	sk2, err := NewPrivateKey(p, b)
	require.NoError(t, err)
	require.True(t, sk.PublicKey().Equal(sk2.PublicKey()))
	require.False(t, sk.Equal(sk2))
}

func TestZeroKeys(t *testing.T) {
	var sk PrivateKey
	_, err := sk.Sign(nil, []byte("m"), nil)
	require.Error(t, err)
	require.Nil(t, sk.Bytes())
	require.Nil(t, sk.PublicKey())
	require.False(t, sk.Equal(&sk))
	var pk PublicKey
	require.Nil(t, pk.Bytes())
	require.Error(t, Verify(&pk, []byte("m"), make([]byte, 11524)))
	require.Error(t, Verify(nil, []byte("m"), make([]byte, 11524)))
	require.False(t, pk.Equal(&pk))
	var nilKey *PrivateKey
	_, err = nilKey.Sign(nil, nil, nil)
	require.Error(t, err)
	nilKey.Destroy()

	p, _ := ParamsByName("Raccoon-128-2")
	k, err := GenerateKey(p)
	require.NoError(t, err)
	pub := k.PublicKey()
	k.Destroy()
	_, err = k.Sign(nil, []byte("m"), nil)
	require.Error(t, err)
	require.Nil(t, k.Bytes())
	require.NotNil(t, pub.Bytes(), "the public key outlives Destroy")
}

func TestPublicKeyRejects(t *testing.T) {
	for _, p := range testParams(t) {
		sk, err := GenerateKey(p)
		require.NoError(t, err)
		pkb := sk.PublicKey().Bytes()
		_, err = NewPublicKey(p, pkb[:len(pkb)-1])
		require.Error(t, err)
		_, err = NewPublicKey(p, append(pkb[:len(pkb):len(pkb)], 0))
		require.Error(t, err)
		// t coefficients are 7-bit values below q_t = 125: set the first
		// coefficient of t to 125, 126 and 127.
		seed := p.SecurityLevel() / 8
		for _, v := range []byte{125, 126, 127} {
			b := append([]byte(nil), pkb...)
			b[seed] = b[seed]&^0x7f | v
			_, err = NewPublicKey(p, b)
			require.Error(t, err, "coefficient %d", v)
		}
		// And the last coefficient, in the top 7 bits of the last byte.
		b := append([]byte(nil), pkb...)
		b[len(b)-1] |= 0xfe
		_, err = NewPublicKey(p, b)
		require.Error(t, err)
	}
}

func TestPrivateKeyRejects(t *testing.T) {
	p, _ := ParamsByName("Raccoon-192-2")
	sk, err := GenerateKey(p)
	require.NoError(t, err)
	skb := sk.Bytes()
	_, err = NewPrivateKey(p, skb[:len(skb)-1])
	require.Error(t, err)
	_, err = NewPrivateKey(p, append(skb, 0))
	require.Error(t, err)
	// Keys of another number of shares have another length.
	p4, _ := ParamsByName("Raccoon-192-4")
	_, err = NewPrivateKey(p4, skb)
	require.Error(t, err)
	// A share coefficient ≥ q: the last 49-bit coefficient occupies the top
	// 49 bits of the last 7 bytes; set them all.
	b := append([]byte(nil), skb...)
	for i := len(b) - 6; i < len(b); i++ {
		b[i] = 0xff
	}
	b[len(b)-7] |= 0x80
	_, err = NewPrivateKey(p, b)
	require.Error(t, err)
	// An invalid embedded public key.
	b = append([]byte(nil), skb...)
	b[p.SecurityLevel()/8] |= 0x7f
	_, err = NewPrivateKey(p, b)
	require.Error(t, err)
}

// signatureFixture returns a key pair and a valid signature for p.
func signatureFixture(t testing.TB, p Params) (*PublicKey, []byte, []byte) {
	sk, err := GenerateKey(p)
	require.NoError(t, err)
	msg := []byte("fixture")
	sig, err := sk.Sign(nil, msg, nil)
	require.NoError(t, err)
	return sk.PublicKey(), msg, sig
}

// TestSignatureMalleability flips bits of valid signatures: no flip gives
// another valid signature (the encoding is canonical and the challenge
// covers every coefficient).
func TestSignatureMalleability(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, p := range testParams(t) {
		pk, msg, sig := signatureFixture(t, p)
		flips := 300
		if testing.Short() {
			flips = 60
		}
		for i := 0; i < flips; i++ {
			b := append([]byte(nil), sig...)
			bit := r.IntN(8 * len(b))
			if i < 8 { // always include the last byte (padding)
				bit = 8*(len(b)-1) + i
			}
			b[bit/8] ^= 1 << (bit % 8)
			require.Error(t, Verify(pk, msg, b), "%s: bit %d", p, bit)
		}
	}
}

// TestSignatureNonzeroPadding sets a bit after the end of the encoding.
func TestSignatureNonzeroPadding(t *testing.T) {
	p, _ := ParamsByName("Raccoon-128-1")
	pk, msg, sig := signatureFixture(t, p)
	end := len(sig)
	for end > 0 && sig[end-1] == 0 {
		end--
	}
	require.Less(t, end, len(sig), "expected zero padding")
	for _, i := range []int{end, len(sig) - 1} {
		b := append([]byte(nil), sig...)
		b[i] = 0x80
		require.Error(t, Verify(pk, msg, b))
	}
	// The highest unused bit of the last used byte.
	last := sig[end-1]
	top := 7
	for top >= 0 && last>>top&1 == 0 {
		top--
	}
	if top < 7 {
		b := append([]byte(nil), sig...)
		b[end-1] |= 0x80
		require.Error(t, Verify(pk, msg, b))
	}
}

func TestVerifyOtherLevel(t *testing.T) {
	p128, _ := ParamsByName("Raccoon-128-1")
	p192, _ := ParamsByName("Raccoon-192-1")
	_, msg, sig := signatureFixture(t, p128)
	sk, err := GenerateKey(p192)
	require.NoError(t, err)
	require.Error(t, Verify(sk.PublicKey(), msg, sig))
	_, err = NewPublicKey(p192, make([]byte, p128.PublicKeySize()))
	require.Error(t, err)
}

// TestNoPanics feeds arbitrary bytes to every parser and to Verify.
func TestNoPanics(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, p := range testParams(t) {
		pk, msg, _ := signatureFixture(t, p)
		for i := 0; i < 50; i++ {
			for _, size := range []int{0, 1, p.PublicKeySize(), p.PrivateKeySize(), p.SignatureSize(), p.SignatureSize() + 1} {
				b := make([]byte, size)
				for j := range b {
					b[j] = byte(r.Uint32())
				}
				NewPublicKey(p, b)
				NewPrivateKey(p, b)
				require.Error(t, Verify(pk, msg, b))
			}
		}
		// Signature-sized inputs of all-ones and structured patterns.
		for _, fill := range []byte{0x00, 0xff, 0x55, 0xaa} {
			b := make([]byte, p.SignatureSize())
			for j := range b {
				b[j] = fill
			}
			require.Error(t, Verify(pk, msg, b))
		}
	}
}

// TestConcurrentUse signs and verifies from several goroutines on one key
// (run with -race).
func TestConcurrentUse(t *testing.T) {
	p, _ := ParamsByName("Raccoon-128-2")
	sk, err := GenerateKey(p)
	require.NoError(t, err)
	pk := sk.PublicKey()
	errs := make(chan error, 8)
	for i := 0; i < 4; i++ {
		go func(i int) {
			msg := sha256.Sum256([]byte{byte(i)})
			sig, err := sk.Sign(nil, msg[:], nil)
			if err == nil {
				err = Verify(pk, msg[:], sig)
			}
			errs <- err
		}(i)
		go func() {
			_ = sk.Bytes()
			errs <- nil
		}()
	}
	for i := 0; i < 8; i++ {
		require.NoError(t, <-errs)
	}
}

// TestConcurrentVerify verifies with one public key from many goroutines
// (run with -race).
func TestConcurrentVerify(t *testing.T) {
	p, _ := ParamsByName("Raccoon-192-1")
	sk, err := GenerateKey(p)
	require.NoError(t, err)
	pk := sk.PublicKey()
	sig, err := sk.Sign(nil, []byte("shared"), nil)
	require.NoError(t, err)
	errs := make(chan error, 16)
	for i := 0; i < 16; i++ {
		go func(i int) {
			var err error
			for j := 0; j < 5 && err == nil; j++ {
				if i%2 == 0 {
					err = Verify(pk, []byte("shared"), sig)
				} else if Verify(pk, []byte("other"), sig) == nil {
					err = errInvalidSignature // must not verify
				}
				_ = pk.Bytes()
				_ = pk.Equal(sk.PublicKey())
			}
			errs <- err
		}(i)
	}
	for i := 0; i < 16; i++ {
		require.NoError(t, <-errs)
	}
}
