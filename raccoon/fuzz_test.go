package raccoon

import (
	"bytes"
	"sync"
	"testing"
)

// fuzzFixture is a key pair and a signature per security level, made once.
var fuzzFixture = sync.OnceValue(func() map[int]struct {
	pk       *PublicKey
	skb, sig []byte
} {
	out := map[int]struct {
		pk       *PublicKey
		skb, sig []byte
	}{}
	for _, level := range []int{128, 192, 256} {
		p, _ := NewParams(level, 2)
		sk, err := GenerateKey(p)
		if err != nil {
			panic(err)
		}
		sig, err := sk.Sign(nil, []byte("fuzz"), nil)
		if err != nil {
			panic(err)
		}
		out[level] = struct {
			pk       *PublicKey
			skb, sig []byte
		}{sk.PublicKey(), sk.Bytes(), sig}
	}
	return out
})

func levelOf(sel byte) int { return []int{128, 192, 256}[int(sel)%3] }

// FuzzVerify checks that Verify never panics and never accepts anything but
// the one valid signature of the fixture message.
func FuzzVerify(f *testing.F) {
	for i, level := range []int{128, 192, 256} {
		fx := fuzzFixture()[level]
		f.Add(byte(i), fx.sig, []byte("fuzz"))
		bad := bytes.Clone(fx.sig)
		bad[len(bad)/2] ^= 4
		f.Add(byte(i), bad, []byte("fuzz"))
	}
	f.Fuzz(func(t *testing.T, sel byte, sig, msg []byte) {
		fx := fuzzFixture()[levelOf(sel)]
		err := Verify(fx.pk, msg, sig)
		valid := bytes.Equal(msg, []byte("fuzz")) && bytes.Equal(sig, fx.sig)
		if err == nil && !valid {
			// Signatures are randomized and the encoding is canonical, so
			// a second valid signature would be a forgery or a malleation.
			t.Fatalf("Verify accepted an unexpected signature")
		}
		if err != nil && valid {
			t.Fatalf("Verify rejected the fixture: %v", err)
		}
	})
}

// FuzzNewPublicKey checks that parsing never panics and that every accepted
// encoding round-trips.
func FuzzNewPublicKey(f *testing.F) {
	for i, level := range []int{128, 192, 256} {
		f.Add(byte(i), fuzzFixture()[level].pk.Bytes())
	}
	f.Fuzz(func(t *testing.T, sel byte, b []byte) {
		p, _ := NewParams(levelOf(sel), 1)
		pk, err := NewPublicKey(p, b)
		if err != nil {
			return
		}
		if !bytes.Equal(pk.Bytes(), b) {
			t.Fatalf("public key does not round-trip")
		}
	})
}

// FuzzNewPrivateKey checks that parsing never panics and that an accepted
// key re-encodes to a key with the same public key and the same secret.
func FuzzNewPrivateKey(f *testing.F) {
	for i, level := range []int{128, 192, 256} {
		f.Add(byte(i), fuzzFixture()[level].skb)
	}
	f.Fuzz(func(t *testing.T, sel byte, b []byte) {
		p, _ := NewParams(levelOf(sel), 2)
		sk, err := NewPrivateKey(p, b)
		if err != nil {
			return
		}
		enc := sk.Bytes()
		if !bytes.Equal(enc[:p.PublicKeySize()], b[:p.PublicKeySize()]) {
			t.Fatalf("public key part changed")
		}
		sk2, err := NewPrivateKey(p, enc)
		if err != nil || !sk.Equal(sk2) {
			t.Fatalf("private key does not round-trip: %v", err)
		}
	})
}
