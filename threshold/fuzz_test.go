package threshold

import (
	"bytes"
	"sync"
	"testing"
)

// Fuzz targets for every decoder. Each requires that decoding never panics,
// that whatever decodes re-encodes to the same bytes, and (where it applies)
// that the decoded value is usable.

// fuzzCorpus holds valid encodings from one small 2-of-2 session at κ = 128.
type fuzzCorpus struct {
	once           sync.Once
	pk             *PublicKey
	mu, sig        []byte
	share, shareD4 []byte
	r1, r2, r3     []byte
}

var corpus fuzzCorpus

func seeds(f *testing.F) *fuzzCorpus {
	s := &corpus
	s.once.Do(func() {
		pk, shares := testDeal(f, 128, 2, 2, "fuzz")
		s.pk = pk
		s.mu = pk.Mu([]byte("fuzz"))
		tr, sig := runSession(f, pk, shares, []int{0, 1}, s.mu, sessionOptions{})
		s.sig = sig
		s.share, _ = shares[0].Bytes()
		if err := shares[1].SetShares(4); err != nil {
			f.Fatal(err)
		}
		s.shareD4, _ = shares[1].Bytes()
		s.r1, _ = tr.r1[0].MarshalBinary()
		s.r2, _ = tr.r2[1].MarshalBinary()
		s.r3, _ = tr.r3[0].MarshalBinary()
	})
	return s
}

func FuzzPublicKey(f *testing.F) {
	s := seeds(f)
	f.Add(s.pk.Bytes())
	f.Add(make([]byte, 3856))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		pk, err := NewPublicKey(b)
		if err != nil {
			return
		}
		if !bytes.Equal(pk.Bytes(), b) {
			t.Fatal("public key does not re-encode to the same bytes")
		}
	})
}

func FuzzKeyShare(f *testing.F) {
	s := seeds(f)
	f.Add(s.share)
	f.Add(s.shareD4)
	f.Add(s.share[:20])
	f.Fuzz(func(t *testing.T, b []byte) {
		ks, err := NewKeyShare(b)
		if err != nil {
			return
		}
		c, err := ks.Bytes()
		if err != nil {
			t.Fatal(err)
		}
		if ks.Shares() == 1 && !bytes.Equal(c, b) {
			t.Fatal("key share does not re-encode to the same bytes")
		}
		again, err := NewKeyShare(c)
		if err != nil || again.ID() != ks.ID() || again.Params() != ks.Params() {
			t.Fatal("re-encoded key share does not decode")
		}
	})
}

// FuzzVerify runs VerifyMu on arbitrary signatures under a fixed key and
// checks that any signature that decodes re-encodes to the same bytes.
func FuzzVerify(f *testing.F) {
	s := seeds(f)
	f.Add(s.sig)
	f.Add(s.sig[:100])
	f.Add(make([]byte, 40))
	f.Fuzz(func(t *testing.T, b []byte) {
		err := VerifyMu(s.pk, s.mu, b)
		sig, derr := decodeSignature(s.pk.ps, b)
		if derr != nil {
			if err == nil {
				t.Fatal("undecodable signature verified")
			}
			return
		}
		if !bytes.Equal(encodeSignature(s.pk.ps, sig), b) {
			t.Fatal("signature does not re-encode to the same bytes")
		}
	})
}

func FuzzCommitment(f *testing.F) {
	s := seeds(f)
	f.Add(s.r1)
	f.Add(s.r1[:10])
	f.Fuzz(func(t *testing.T, b []byte) {
		var m Commitment
		if m.UnmarshalBinary(b) != nil {
			return
		}
		c, err := m.MarshalBinary()
		if err != nil || !bytes.Equal(c, b) {
			t.Fatal("round-1 message does not re-encode to the same bytes")
		}
	})
}

func FuzzReveal(f *testing.F) {
	s := seeds(f)
	f.Add(s.r2)
	f.Add(s.r2[:10])
	f.Fuzz(func(t *testing.T, b []byte) {
		var m Reveal
		if m.UnmarshalBinary(b) != nil {
			return
		}
		c, err := m.MarshalBinary()
		if err != nil || !bytes.Equal(c, b) {
			t.Fatal("round-2 message does not re-encode to the same bytes")
		}
	})
}

func FuzzResponse(f *testing.F) {
	s := seeds(f)
	f.Add(s.r3)
	f.Add(s.r3[:10])
	f.Fuzz(func(t *testing.T, b []byte) {
		var m Response
		if m.UnmarshalBinary(b) != nil {
			return
		}
		c, err := m.MarshalBinary()
		if err != nil || !bytes.Equal(c, b) {
			t.Fatal("round-3 message does not re-encode to the same bytes")
		}
	})
}
