package main

import (
	"bufio"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"time"

	"github.com/raccoon-go/raccoon/threshold"
)

// The coordinator–party protocol of "raccoon threshold party" and
// "raccoon threshold sign": the coordinator connects to every party over
// TCP and relays the broadcast messages (a star). Each connection carries
// one signing session as a sequence of frames
//
//	kind (1 byte) ‖ length (4 bytes, little endian) ‖ payload
//
// party → coordinator  'H' hello: level code, T, N, party index (2 bytes
//                          each, little endian, the level code in one byte)
//                          and SHA-256 of the public key
// coordinator → party  'S' start: session id (2-byte length + bytes),
//                          signers (2-byte count + 2 bytes each), message
// party → coordinator  'M' the party's round message (threshold encoding)
// coordinator → party  'A' all round messages of the previous round
//                          (2-byte count, then 4-byte length + bytes each)
// party → coordinator  'E' an error message (UTF-8), after which the party
//                          closes the connection
//
// in the order H, S, M (round 1), A (round-1 messages), M (round 2), A
// (round-2 messages), M (round 3). The protocol is a demonstration of the
// threshold package over real sockets: it has no authentication or
// encryption (run it on loopback or inside a secure channel).

const (
	frameHello = 'H'
	frameStart = 'S'
	frameMsg   = 'M'
	frameAll   = 'A'
	frameErr   = 'E'

	// maxMessage bounds one round message: a round-2 message at κ = 256
	// with 1024 signers is 6 + 25088 + 1024·32 bytes.
	maxMessage = 6 + 25088 + threshold.MaxParties*32
	// maxFrame bounds a frame: all messages of one round.
	maxFrame = 2 + threshold.MaxParties*(4+maxMessage)
	// frameTimeout bounds the wait for any frame.
	frameTimeout = 5 * time.Minute
)

var errFrame = errors.New("malformed frame")

// conn is one framed connection.
type conn struct {
	c net.Conn
	r *bufio.Reader
}

func newConn(c net.Conn) *conn { return &conn{c: c, r: bufio.NewReaderSize(c, 1<<16)} }

func (c *conn) send(kind byte, payload []byte) error {
	var h [5]byte
	h[0] = kind
	binary.LittleEndian.PutUint32(h[1:], uint32(len(payload)))
	c.c.SetWriteDeadline(time.Now().Add(frameTimeout))
	if _, err := c.c.Write(append(h[:], payload...)); err != nil {
		return err
	}
	return nil
}

// recv reads one frame of the given kind. A party's 'E' frame becomes an
// error carrying its text.
func (c *conn) recv(kind byte) ([]byte, error) {
	c.c.SetReadDeadline(time.Now().Add(frameTimeout))
	var h [5]byte
	if _, err := io.ReadFull(c.r, h[:]); err != nil {
		return nil, err
	}
	size := binary.LittleEndian.Uint32(h[1:])
	if size > maxFrame {
		return nil, errFrame
	}
	payload := make([]byte, size)
	if _, err := io.ReadFull(c.r, payload); err != nil {
		return nil, err
	}
	if h[0] == frameErr && kind != frameErr {
		return nil, fmt.Errorf("peer: %s", payload)
	}
	if h[0] != kind {
		return nil, fmt.Errorf("%w: got %q, want %q", errFrame, h[0], kind)
	}
	return payload, nil
}

// hello is the first frame of a party.
type hello struct {
	level, t, n, id int
	pkHash          [32]byte
}

func encodeHello(ks *threshold.KeyShare) []byte {
	p := ks.Params()
	b := make([]byte, 7, 7+32)
	b[0] = byte(p.Level() / 64)
	binary.LittleEndian.PutUint16(b[1:], uint16(p.T()))
	binary.LittleEndian.PutUint16(b[3:], uint16(p.N()))
	binary.LittleEndian.PutUint16(b[5:], uint16(ks.ID()))
	h := sha256.Sum256(ks.PublicKey().Bytes())
	return append(b, h[:]...)
}

func decodeHello(b []byte) (hello, error) {
	if len(b) != 7+32 {
		return hello{}, errFrame
	}
	h := hello{
		level: int(b[0]) * 64,
		t:     int(binary.LittleEndian.Uint16(b[1:])),
		n:     int(binary.LittleEndian.Uint16(b[3:])),
		id:    int(binary.LittleEndian.Uint16(b[5:])),
	}
	copy(h.pkHash[:], b[7:])
	return h, nil
}

func encodeStart(sid []byte, signers []int, msg []byte) []byte {
	b := binary.LittleEndian.AppendUint16(nil, uint16(len(sid)))
	b = append(b, sid...)
	b = binary.LittleEndian.AppendUint16(b, uint16(len(signers)))
	for _, s := range signers {
		b = binary.LittleEndian.AppendUint16(b, uint16(s))
	}
	return append(b, msg...)
}

func decodeStart(b []byte) (sid []byte, signers []int, msg []byte, err error) {
	if len(b) < 2 {
		return nil, nil, nil, errFrame
	}
	l := int(binary.LittleEndian.Uint16(b))
	b = b[2:]
	if len(b) < l+2 {
		return nil, nil, nil, errFrame
	}
	sid, b = b[:l], b[l:]
	c := int(binary.LittleEndian.Uint16(b))
	b = b[2:]
	if c > threshold.MaxParties || len(b) < 2*c {
		return nil, nil, nil, errFrame
	}
	for i := 0; i < c; i++ {
		signers = append(signers, int(binary.LittleEndian.Uint16(b[2*i:])))
	}
	return sid, signers, b[2*c:], nil
}

func encodeAll(msgs [][]byte) []byte {
	b := binary.LittleEndian.AppendUint16(nil, uint16(len(msgs)))
	for _, m := range msgs {
		b = binary.LittleEndian.AppendUint32(b, uint32(len(m)))
		b = append(b, m...)
	}
	return b
}

func decodeAll(b []byte) ([][]byte, error) {
	if len(b) < 2 {
		return nil, errFrame
	}
	c := int(binary.LittleEndian.Uint16(b))
	b = b[2:]
	if c > threshold.MaxParties {
		return nil, errFrame
	}
	out := make([][]byte, 0, c)
	for i := 0; i < c; i++ {
		if len(b) < 4 {
			return nil, errFrame
		}
		l := binary.LittleEndian.Uint32(b)
		b = b[4:]
		if l > maxMessage || uint32(len(b)) < l {
			return nil, errFrame
		}
		out = append(out, b[:l])
		b = b[l:]
	}
	if len(b) != 0 {
		return nil, errFrame
	}
	return out, nil
}

// decodeMessages decodes a list of encoded round messages into values of
// type M (a pointer type with UnmarshalBinary).
func decodeMessages[M any, PM interface {
	*M
	UnmarshalBinary([]byte) error
}](raw [][]byte) ([]*M, error) {
	out := make([]*M, len(raw))
	for i, b := range raw {
		m := PM(new(M))
		if err := m.UnmarshalBinary(b); err != nil {
			return nil, fmt.Errorf("message %d: %w", i, err)
		}
		out[i] = (*M)(m)
	}
	return out, nil
}
