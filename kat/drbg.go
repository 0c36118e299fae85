package kat

import (
	"crypto/aes"
	"crypto/cipher"
)

// DRBG is the AES-256 CTR DRBG of the NIST PQC known-answer-test generator
// (PQCgenKAT_sign.c, rng.c: randombytes_init and randombytes), without
// derivation function or prediction resistance. Each Read call is one
// randombytes call: the generator state is updated after every call, so the
// output depends on how the requested bytes are split into calls.
//
// It is deterministic and for testing only: never use it to generate keys.
type DRBG struct {
	key [32]byte
	v   [16]byte
	blk cipher.Block
}

// NewDRBG returns a DRBG instantiated with the 48-byte entropy input, as
// randombytes_init(entropy, NULL, 256) does.
func NewDRBG(entropy *[48]byte) *DRBG {
	d := new(DRBG)
	d.setKey()
	d.update(entropy[:])
	return d
}

func (d *DRBG) setKey() {
	b, err := aes.NewCipher(d.key[:])
	if err != nil {
		panic("kat: internal error: " + err.Error())
	}
	d.blk = b
}

// increment adds one to V, a 128-bit big-endian counter.
func (d *DRBG) increment() {
	for i := len(d.v) - 1; i >= 0; i-- {
		d.v[i]++
		if d.v[i] != 0 {
			return
		}
	}
}

// update is AES256_CTR_DRBG_Update: three counter blocks, XORed with the
// optional 48 bytes of provided data, become the new key and V.
func (d *DRBG) update(provided []byte) {
	var tmp [48]byte
	for i := 0; i < 3; i++ {
		d.increment()
		d.blk.Encrypt(tmp[16*i:], d.v[:])
	}
	for i := range provided {
		tmp[i] ^= provided[i]
	}
	copy(d.key[:], tmp[:32])
	copy(d.v[:], tmp[32:])
	d.setKey()
}

// Read fills b with the output of one randombytes call. It never fails.
func (d *DRBG) Read(b []byte) (int, error) {
	var blk [16]byte
	for off := 0; off < len(b); off += 16 {
		d.increment()
		d.blk.Encrypt(blk[:], d.v[:])
		copy(b[off:], blk[:])
	}
	d.update(nil)
	return len(b), nil
}
