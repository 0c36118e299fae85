//go:build !purego

package masking

import (
	"crypto/aes"
	"crypto/cipher"
	"encoding/binary"
	"encoding/hex"
	mrand "math/rand/v2"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// requireVAES skips the test on CPUs without VAES, unless CI asks for it.
func requireVAES(t testing.TB) {
	if hasVAES() && useAVX2 {
		return
	}
	if strings.Contains(os.Getenv("RACCOON_REQUIRE_IMPL"), "masking/VAES") {
		t.Fatal("RACCOON_REQUIRE_IMPL requires masking/VAES, which this CPU does not support")
	}
	t.Skip("no VAES on this CPU")
}

// stdKeystream is AES-256-CTR from crypto/aes and crypto/cipher: n bytes of
// keystream under key from the counter block ctr (big-endian, 128 bits).
func stdKeystream(t testing.TB, key []byte, ctr uint64, n int) []byte {
	blk, err := aes.NewCipher(key)
	require.NoError(t, err)
	var iv [16]byte
	binary.BigEndian.PutUint64(iv[8:], ctr)
	out := make([]byte, n)
	cipher.NewCTR(blk, iv[:]).XORKeyStream(out, out)
	return out
}

func vaesOutput(key []byte, ctr uint64, n int) []byte {
	st := &vaesStream{ctr: ctr}
	expandKey256((*[32]byte)(key), &st.rk)
	out := make([]byte, n)
	vaesKeystream(st, out)
	return out
}

func TestVAESMatchesCryptoAES(t *testing.T) {
	requireVAES(t)
	r := mrand.New(mrand.NewPCG(5, 6))
	keys := [][]byte{make([]byte, 32), []byte(strings.Repeat("\xff", 32))}
	for range 20 {
		k := make([]byte, 32)
		for i := range k {
			k[i] = byte(r.Uint32())
		}
		keys = append(keys, k)
	}
	ctrs := []uint64{0, 1, 15, 1<<32 - 16, 1<<32 - 1, 1<<40 + 5, 1<<64 - 1<<12, r.Uint64() >> 1}
	for _, key := range keys {
		for _, ctr := range ctrs {
			for _, n := range []int{256, chunk, 4096} {
				want := stdKeystream(t, key, ctr, n)
				require.Equal(t, want, vaesOutput(key, ctr, n), "key %x, counter %d, %d bytes", key, ctr, n)
			}
		}
	}
	// Consecutive calls continue the stream.
	st := &vaesStream{}
	expandKey256((*[32]byte)(keys[3]), &st.rk)
	var got []byte
	for range 3 {
		buf := make([]byte, chunk)
		vaesKeystream(st, buf)
		got = append(got, buf...)
	}
	require.Equal(t, stdKeystream(t, keys[3], 0, 3*chunk), got)
}

// TestVAESKnownAnswers checks the kernels against values from other
// sources: the last AES-256 round key of FIPS 197 Appendix A.3, and OpenSSL's
// aes-256-ctr keystream across the 2^32 counter boundary.
func TestVAESKnownAnswers(t *testing.T) {
	requireVAES(t)
	key, _ := hex.DecodeString("603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4")
	var rk [15][16]byte
	expandKey256((*[32]byte)(key), &rk)
	require.Equal(t, "fe4890d1e6188d0b046df344706c631e", hex.EncodeToString(rk[14][:]))
	require.Equal(t, key[16:], rk[1][:])

	key, _ = hex.DecodeString("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f")
	got := vaesOutput(key, 1<<32-2, 256)
	require.Equal(t, "fd9fa3f92c22eba19a686bb924f6e674b9c2739810cba157a9fe6a108c6e569e", hex.EncodeToString(got[:32]))
	require.True(t, vaesSelfTest())
}

func FuzzVAES(f *testing.F) {
	f.Add(make([]byte, 32), uint64(0), uint8(1))
	f.Add([]byte(strings.Repeat("\xa5", 32)), uint64(1<<32-3), uint8(7))
	f.Fuzz(func(t *testing.T, key []byte, ctr uint64, n uint8) {
		if !useVAES || len(key) != 32 {
			return
		}
		ctr >>= 1 // keep ctr + blocks below 2^64
		size := 256 * (1 + int(n)%16)
		require.Equal(t, stdKeystream(t, key, ctr, size), vaesOutput(key, ctr, size))
	})
}

func BenchmarkAESSource(b *testing.B) {
	buf := new(chunkWords)
	b.Run("crypto-aes", func(b *testing.B) {
		src := &aesSource{}
		b.SetBytes(chunk)
		for b.Loop() {
			src.fill(0, buf)
		}
	})
	b.Run("VAES", func(b *testing.B) {
		requireVAES(b)
		src := &vaesSource{}
		b.SetBytes(chunk)
		for b.Loop() {
			src.fill(0, buf)
		}
	})
}
