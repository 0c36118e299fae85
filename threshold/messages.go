package threshold

import (
	"encoding/binary"
	"errors"

	"github.com/raccoon-go/raccoon/internal/encoding"
	"github.com/raccoon-go/raccoon/ntt"
)

// The three round messages. Their encodings start with a small header: a
// tag byte ('1', '2', '3'), the level code (1, 2, 3 for κ = 128, 192, 256)
// and the sender's party index (2 bytes, little endian); the round-2 header
// also holds the number of MACs (2 bytes). The body is the reference
// encoding of contrib_1, contrib_2 and contrib_3 (thrc_encode_ctrb_*), with
// every polynomial of R_q packed at 49 bits per coefficient. Decoding is
// strict: exact length, known tag and level, party index below MaxParties,
// coefficients below q.

var errMessage = errors.New("threshold: malformed round message")

const (
	tagCommitment = '1'
	tagReveal     = '2'
	tagResponse   = '3'
	msgHeader     = 4
	revealHeader  = 6
)

// Commitment is the round-1 message contrib_1 = (cmt_j, m_j) of party j
// (ShareSign_1, Alg. 5): the commitment cmt_j = H(seh, w_j) to its nonce
// commitment w_j and its row mask m_j = Σ_{i ∈ act} X_{j,i} ∈ R_q^ℓ.
type Commitment struct {
	ps    *paramSet
	party int
	cmt   []byte     // 2κ/8 bytes
	m     []ntt.Poly // ℓ polynomials in [0, q)
}

// Reveal is the round-2 message contrib_2 = (w_j, σ_j) of party j
// (ShareSign_2, Alg. 6): the opening w_j = A·r_j + e'_j ∈ R_q^k of its
// commitment and one MAC σ_{j→i} per signer i (in increasing order of i)
// over the digest of all round-1 messages, keyed with seed[j][i].
type Reveal struct {
	ps    *paramSet
	party int
	w     []ntt.Poly // k polynomials in [0, q)
	macs  []byte     // |act| MACs of κ/8 bytes
}

// Response is the round-3 message contrib_3 = z_j of party j (ShareSign_3,
// Alg. 7): its masked partial response z_j = λ_{act,j}·c·s_j + r_j + m*_j ∈
// R_q^ℓ.
type Response struct {
	ps    *paramSet
	party int
	z     []ntt.Poly // ℓ polynomials in [0, q)
}

// Party returns the index of the sending party.
func (m *Commitment) Party() int { return m.party }

// Party returns the index of the sending party.
func (m *Reveal) Party() int { return m.party }

// Party returns the index of the sending party.
func (m *Response) Party() int { return m.party }

func commitmentSize(ps *paramSet) int { return msgHeader + ps.crh() + ps.l*polyBytes }

func revealSize(ps *paramSet, signers int) int {
	return revealHeader + ps.k*polyBytes + signers*ps.sec()
}

func responseSize(ps *paramSet) int { return msgHeader + ps.l*polyBytes }

func putHeader(b []byte, tag byte, ps *paramSet, party int) {
	b[0] = tag
	b[1] = ps.code
	binary.LittleEndian.PutUint16(b[2:], uint16(party))
}

// parseHeader checks the tag, level and party of an encoded message.
func parseHeader(b []byte, tag byte) (*paramSet, int, error) {
	if len(b) < msgHeader || b[0] != tag {
		return nil, 0, errMessage
	}
	ps := setByCode(b[1])
	party := int(binary.LittleEndian.Uint16(b[2:]))
	if ps == nil || party >= MaxParties {
		return nil, 0, errMessage
	}
	return ps, party, nil
}

func packPolys(b []byte, v []ntt.Poly) []byte {
	for i := range v {
		b = encoding.Pack(b, (*[n]uint64)(&v[i]), qBits)
	}
	return b
}

// unpackPolys decodes len(v) polynomials with coefficients below q.
func unpackPolys(v []ntt.Poly, b []byte) ([]byte, bool) {
	for i := range v {
		var ok bool
		if b, ok = encoding.Unpack((*[n]uint64)(&v[i]), b, qBits, q); !ok {
			return b, false
		}
	}
	return b, true
}

// MarshalBinary implements encoding.BinaryMarshaler.
func (m *Commitment) MarshalBinary() ([]byte, error) { return m.AppendBinary(nil) }

// AppendBinary implements encoding.BinaryAppender.
func (m *Commitment) AppendBinary(b []byte) ([]byte, error) {
	if m.ps == nil {
		return nil, errMessage
	}
	size := commitmentSize(m.ps)
	b = append(b, make([]byte, size)...)
	out := b[len(b)-size:]
	putHeader(out, tagCommitment, m.ps, m.party)
	copy(out[msgHeader:], m.cmt)
	packPolys(out[msgHeader+m.ps.crh():], m.m)
	return b, nil
}

// UnmarshalBinary implements encoding.BinaryUnmarshaler; it accepts exactly
// the encodings that MarshalBinary produces.
func (m *Commitment) UnmarshalBinary(b []byte) error {
	ps, party, err := parseHeader(b, tagCommitment)
	if err != nil || len(b) != commitmentSize(ps) {
		return errMessage
	}
	v := &Commitment{ps: ps, party: party, m: make([]ntt.Poly, ps.l)}
	v.cmt = append([]byte(nil), b[msgHeader:msgHeader+ps.crh()]...)
	if _, ok := unpackPolys(v.m, b[msgHeader+ps.crh():]); !ok {
		return errMessage
	}
	*m = *v
	return nil
}

// MarshalBinary implements encoding.BinaryMarshaler.
func (m *Reveal) MarshalBinary() ([]byte, error) { return m.AppendBinary(nil) }

// AppendBinary implements encoding.BinaryAppender.
func (m *Reveal) AppendBinary(b []byte) ([]byte, error) {
	if m.ps == nil {
		return nil, errMessage
	}
	signers := len(m.macs) / m.ps.sec()
	size := revealSize(m.ps, signers)
	b = append(b, make([]byte, size)...)
	out := b[len(b)-size:]
	putHeader(out, tagReveal, m.ps, m.party)
	binary.LittleEndian.PutUint16(out[4:], uint16(signers))
	rest := packPolys(out[revealHeader:], m.w)
	copy(rest, m.macs)
	return b, nil
}

// UnmarshalBinary implements encoding.BinaryUnmarshaler; it accepts exactly
// the encodings that MarshalBinary produces.
func (m *Reveal) UnmarshalBinary(b []byte) error {
	ps, party, err := parseHeader(b, tagReveal)
	if err != nil || len(b) < revealHeader {
		return errMessage
	}
	signers := int(binary.LittleEndian.Uint16(b[4:]))
	if signers < 1 || signers > MaxParties || len(b) != revealSize(ps, signers) {
		return errMessage
	}
	v := &Reveal{ps: ps, party: party, w: make([]ntt.Poly, ps.k)}
	rest, ok := unpackPolys(v.w, b[revealHeader:])
	if !ok {
		return errMessage
	}
	v.macs = append([]byte(nil), rest...)
	*m = *v
	return nil
}

// MarshalBinary implements encoding.BinaryMarshaler.
func (m *Response) MarshalBinary() ([]byte, error) { return m.AppendBinary(nil) }

// AppendBinary implements encoding.BinaryAppender.
func (m *Response) AppendBinary(b []byte) ([]byte, error) {
	if m.ps == nil {
		return nil, errMessage
	}
	size := responseSize(m.ps)
	b = append(b, make([]byte, size)...)
	out := b[len(b)-size:]
	putHeader(out, tagResponse, m.ps, m.party)
	packPolys(out[msgHeader:], m.z)
	return b, nil
}

// UnmarshalBinary implements encoding.BinaryUnmarshaler; it accepts exactly
// the encodings that MarshalBinary produces.
func (m *Response) UnmarshalBinary(b []byte) error {
	ps, party, err := parseHeader(b, tagResponse)
	if err != nil || len(b) != responseSize(ps) {
		return errMessage
	}
	v := &Response{ps: ps, party: party, z: make([]ntt.Poly, ps.l)}
	if _, ok := unpackPolys(v.z, b[msgHeader:]); !ok {
		return errMessage
	}
	*m = *v
	return nil
}

// equalCommitment reports whether two round-1 messages are identical.
func equalCommitment(a, b *Commitment) bool {
	if a.ps != b.ps || a.party != b.party || string(a.cmt) != string(b.cmt) {
		return false
	}
	for i := range a.m {
		if a.m[i] != b.m[i] {
			return false
		}
	}
	return true
}

// equalReveal reports whether two round-2 messages are identical.
func equalReveal(a, b *Reveal) bool {
	if a.ps != b.ps || a.party != b.party || string(a.macs) != string(b.macs) {
		return false
	}
	for i := range a.w {
		if a.w[i] != b.w[i] {
			return false
		}
	}
	return true
}
