package threshold

import (
	"crypto/sha3"
	"encoding/binary"
)

// sampleQ is the single-stream reference of sampleQLanes: it sets f to a uniform polynomial expanded from SHAKE128(hdr ‖ parts):
// each candidate is 7 bytes, masked to 49 bits and kept if below q
// (xof_sample_q with RACC_VER = 2, which uses SHAKE128).
//
// It is constant time with respect to the accepted coefficients; rejections
// depend only on discarded output.
func sampleQ(f *[n]uint64, hdr [8]byte, parts ...[]byte) {
	h := sha3.NewSHAKE128()
	h.Write(hdr[:])
	for _, b := range parts {
		h.Write(b)
	}
	// 168 is the SHAKE128 rate; 24 candidates fill 168 bytes exactly. One
	// spare byte lets each candidate be read as a little-endian uint64.
	const chunk = 168 * 4
	var buf [chunk + 1]byte
	for i := 0; i < n; {
		h.Read(buf[:chunk])
		for off := 0; off < chunk && i < n; off += qBytes {
			x := binary.LittleEndian.Uint64(buf[off:]) & (1<<qBits - 1)
			if x < q {
				f[i] = x
				i++
			}
		}
	}
	clear(buf[:])
}
