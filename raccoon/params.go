package raccoon

import (
	"errors"
	"fmt"

	"github.com/raccoon-go/raccoon/internal/params"
)

// Params is one of the 18 Raccoon parameter sets. The zero value is invalid.
// Params values are comparable: two Params are equal if and only if they name
// the same parameter set, so they can be used in switch statements and as
// map keys.
type Params struct {
	id uint8 // 1-based index into params.Table
}

var errParams = errors.New("raccoon: invalid parameter set")

// ParamsByName returns the parameter set with the given name, such as
// "Raccoon-128-1" or "Raccoon-256-32".
func ParamsByName(name string) (Params, error) {
	for i := range params.Table {
		if params.Table[i].Name == name {
			return Params{uint8(i + 1)}, nil
		}
	}
	return Params{}, fmt.Errorf("raccoon: unknown parameter set %q", name)
}

// NewParams returns the parameter set of the given security level (128, 192
// or 256) and number of shares (1, 2, 4, 8, 16 or 32).
func NewParams(level, shares int) (Params, error) {
	for i := range params.Table {
		if params.Table[i].Kappa == level && params.Table[i].D == shares {
			return Params{uint8(i + 1)}, nil
		}
	}
	return Params{}, fmt.Errorf("raccoon: no parameter set with level %d and %d shares", level, shares)
}

// AllParams returns the 18 parameter sets in specification order,
// Raccoon-128-1 to Raccoon-256-32.
func AllParams() []Params {
	out := make([]Params, len(params.Table))
	for i := range out {
		out[i] = Params{uint8(i + 1)}
	}
	return out
}

// set returns the table entry of p, or nil for an invalid p.
func (p Params) set() *params.Set { return params.ByID(int(p.id)) }

// String returns the name of the parameter set, such as "Raccoon-192-8", or
// "Raccoon-invalid" for the zero value.
func (p Params) String() string {
	if s := p.set(); s != nil {
		return s.Name
	}
	return "Raccoon-invalid"
}

// SecurityLevel returns κ: 128, 192 or 256 (0 for the zero value).
func (p Params) SecurityLevel() int { return p.get(func(s *params.Set) int { return s.Kappa }) }

// Shares returns the number of shares d of the private key (0 for the zero
// value).
func (p Params) Shares() int { return p.get(func(s *params.Set) int { return s.D }) }

// PublicKeySize returns the size in bytes of an encoded public key.
func (p Params) PublicKeySize() int { return p.get(func(s *params.Set) int { return s.PublicKeySize }) }

// PrivateKeySize returns the size in bytes of an encoded private key.
func (p Params) PrivateKeySize() int {
	return p.get(func(s *params.Set) int { return s.PrivateKeySize })
}

// SignatureSize returns the size in bytes of a signature.
func (p Params) SignatureSize() int { return p.get(func(s *params.Set) int { return s.SignatureSize }) }

func (p Params) get(f func(*params.Set) int) int {
	if s := p.set(); s != nil {
		return f(s)
	}
	return 0
}
