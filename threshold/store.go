package threshold

import (
	"errors"
	"sync"
)

// ErrSessionReused is returned when a key share is asked to start a second
// session with a session id it has already used. Answering two challenges
// with the same nonce r_j would reveal the party's share of the key (as
// with Schnorr nonce reuse), so a session id is spent as soon as Round1
// starts, whether or not the session completes.
var ErrSessionReused = errors.New("threshold: session id already used by this key share")

// A SessionStore records the session ids that key shares have used
// (ConsistCheck1 of Alg. 5 requires a fresh sid). Implementations must be
// safe for concurrent use, must make the record durable before Use returns
// nil if they are meant to survive restarts, and must return
// ErrSessionReused (possibly wrapped) for a pair they have seen before.
type SessionStore interface {
	// Use atomically checks that the session id sid has not been recorded
	// for the key share identified by share (32 bytes, derived from the
	// public key and the party index) and records it.
	Use(share, sid []byte) error
}

// MemorySessionStore is a SessionStore that keeps the used session ids in
// memory. It forgets them when the process exits. The zero value is ready to
// use.
type MemorySessionStore struct {
	mu   sync.Mutex
	used map[string]struct{}
}

// NewMemorySessionStore returns an empty in-memory store.
func NewMemorySessionStore() *MemorySessionStore { return &MemorySessionStore{} }

// Use implements SessionStore.
func (st *MemorySessionStore) Use(share, sid []byte) error {
	k := string(share) + "\x00" + string(sid)
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.used == nil {
		st.used = make(map[string]struct{})
	}
	if _, ok := st.used[k]; ok {
		return ErrSessionReused
	}
	st.used[k] = struct{}{}
	return nil
}

// defaultStore is the store of key shares without SetSessionStore. It is
// shared by the whole process, so two KeyShare values decoded from the same
// bytes still refuse each other's session ids.
var defaultStore SessionStore = NewMemorySessionStore()
