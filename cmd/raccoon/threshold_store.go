package main

import (
	"bufio"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"

	"github.com/raccoon-go/raccoon/threshold"
)

// fileSessionStore is a threshold.SessionStore kept in an append-only text
// file, one "share-hex sid-hex" line per used session id, synced to disk
// before Use returns. It survives restarts of the party process.
type fileSessionStore struct {
	mu   sync.Mutex
	f    *os.File
	used map[string]bool
}

// openFileSessionStore opens (or creates) the store at path and loads the
// ids recorded so far.
func openFileSessionStore(path string) (*fileSessionStore, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return nil, err
	}
	st := &fileSessionStore{f: f, used: map[string]bool{}}
	sc := bufio.NewScanner(f)
	line := 0
	for sc.Scan() {
		line++
		fields := strings.Fields(sc.Text())
		if len(fields) != 2 {
			f.Close()
			return nil, fmt.Errorf("%s:%d: malformed session id record", path, line)
		}
		st.used[fields[0]+" "+fields[1]] = true
	}
	if err := sc.Err(); err != nil {
		f.Close()
		return nil, err
	}
	return st, nil
}

// Use implements threshold.SessionStore.
func (st *fileSessionStore) Use(share, sid []byte) error {
	k := hex.EncodeToString(share) + " " + hex.EncodeToString(sid)
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.used[k] {
		return threshold.ErrSessionReused
	}
	if _, err := st.f.WriteString(k + "\n"); err != nil {
		return errors.Join(errors.New("session id store"), err)
	}
	if err := st.f.Sync(); err != nil {
		return errors.Join(errors.New("session id store"), err)
	}
	st.used[k] = true
	return nil
}

func (st *fileSessionStore) Close() error { return st.f.Close() }
