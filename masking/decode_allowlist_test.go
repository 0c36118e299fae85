package masking

// Decode is the only function that recombines shares. This test keeps the
// list of its callers exact: it parses every non-test Go file of the module
// (all build tags, since an instrumented or platform-specific file counts
// too) and finds every reference to masking.Decode, through any import name
// or a dot import, and to Decode inside package masking. Each reference is
// identified by its file, its enclosing function and its first argument
// (the destination), and must appear in DECODE_ALLOWLIST with a reason.
//
// The resolution is syntactic (go/parser's per-file identifier resolution):
// a local variable that shadows the import name is recognised and skipped;
// calling Decode through a variable of function type assigned elsewhere is
// caught at the assignment, which is itself a reference.
//
// A cheaper second check, shareSums, flags functions outside package
// masking that add or subtract two shares of the same masked vector, or
// accumulate its shares in a loop, without Decode. Such partial
// recombinations must also be listed in DECODE_ALLOWLIST (lines starting
// with "partial:"), with the same exactness rule. The heuristic is
// syntactic: a masked vector is an expression passed as the shares of a
// masking gadget in the same function, and a share is an element of it.

import (
	"bufio"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

const (
	modulePath  = "github.com/raccoon-go/raccoon"
	maskingPath = modulePath + "/masking"
)

// A decodeSite is one reference to Decode.
type decodeSite struct {
	file, fn, arg string
	pos           token.Position
}

func (s decodeSite) key() string { return s.file + " | " + s.fn + " | " + s.arg }

// moduleRoot returns the directory holding go.mod.
func moduleRoot(t *testing.T) string {
	dir, err := os.Getwd()
	require.NoError(t, err)
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		require.NotEqual(t, parent, dir, "go.mod not found")
		dir = parent
	}
}

// moduleSources returns every non-test .go file of the module, keyed by
// its slash-separated path relative to root. Like the go tool, it skips
// testdata, vendor and directories starting with "." or "_", and nested
// modules.
func moduleSources(t *testing.T, root string) map[string][]byte {
	files := map[string][]byte{}
	err := filepath.WalkDir(root, func(path string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := e.Name()
		if e.IsDir() {
			if path == root {
				return nil
			}
			if name == "testdata" || name == "vendor" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") {
				return filepath.SkipDir
			}
			if _, err := os.Stat(filepath.Join(path, "go.mod")); err == nil {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(root, path)
		if err != nil {
			return err
		}
		files[filepath.ToSlash(rel)] = b
		return nil
	})
	require.NoError(t, err)
	return files
}

// funcName names a function declaration as the allowlist does.
func funcName(fd *ast.FuncDecl) string {
	if fd.Recv == nil || len(fd.Recv.List) == 0 {
		return fd.Name.Name
	}
	recv := fd.Recv.List[0].Type
	star := ""
	if s, ok := recv.(*ast.StarExpr); ok {
		star, recv = "*", s.X
	}
	switch r := recv.(type) {
	case *ast.IndexExpr: // generic receiver T[P]
		recv = r.X
	case *ast.IndexListExpr:
		recv = r.X
	}
	if star != "" {
		return "(*" + types.ExprString(recv) + ")." + fd.Name.Name
	}
	return types.ExprString(recv) + "." + fd.Name.Name
}

// maskingImportName returns the name under which file imports package
// masking: "" if it does not, "." for a dot import.
func maskingImportName(f *ast.File) string {
	for _, imp := range f.Imports {
		p, err := strconv.Unquote(imp.Path.Value)
		if err != nil || p != maskingPath {
			continue
		}
		if imp.Name != nil {
			if imp.Name.Name == "_" {
				return ""
			}
			return imp.Name.Name
		}
		return "masking"
	}
	return ""
}

// enclosing returns the name of the function declaration containing pos.
func enclosing(f *ast.File, pos token.Pos) string {
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Pos() <= pos && pos < fd.End() {
			return funcName(fd)
		}
	}
	return "<package scope>"
}

// parseSources parses the files, keyed by path relative to the module
// root.
func parseSources(t *testing.T, files map[string][]byte) (*token.FileSet, map[string]*ast.File) {
	fset := token.NewFileSet()
	parsed := map[string]*ast.File{}
	for path, src := range files {
		f, err := parser.ParseFile(fset, path, src, 0)
		require.NoError(t, err, path)
		parsed[path] = f
	}
	return fset, parsed
}

// decodeSites finds every reference to masking.Decode in the parsed files.
func decodeSites(fset *token.FileSet, parsed map[string]*ast.File) []decodeSite {
	var sites []decodeSite
	paths := make([]string, 0, len(parsed))
	for p := range parsed {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, path := range paths {
		f := parsed[path]
		inMasking := f.Name.Name == "masking" && filepath.ToSlash(filepath.Dir(path)) == "masking"
		imp := maskingImportName(f)
		// Arguments of the calls, to name each site by its destination.
		callArg := map[ast.Expr]string{}
		selIdent := map[*ast.Ident]bool{}
		declIdent := map[*ast.Ident]bool{}
		ast.Inspect(f, func(nd ast.Node) bool {
			switch x := nd.(type) {
			case *ast.CallExpr:
				fun := x.Fun
				// Explicit instantiation: Decode[ntt.Poly](…).
				switch ix := fun.(type) {
				case *ast.IndexExpr:
					fun = ix.X
				case *ast.IndexListExpr:
					fun = ix.X
				}
				arg := "<no argument>"
				if len(x.Args) > 0 {
					arg = types.ExprString(x.Args[0])
				}
				callArg[fun] = arg
			case *ast.SelectorExpr:
				selIdent[x.Sel] = true
			case *ast.FuncDecl:
				declIdent[x.Name] = true
			case *ast.KeyValueExpr:
				if id, ok := x.Key.(*ast.Ident); ok {
					selIdent[id] = true // a struct field name
				}
			}
			return true
		})
		add := func(ref ast.Expr) {
			arg, ok := callArg[ref]
			if !ok {
				arg = "<reference>"
			}
			pos := fset.Position(ref.Pos())
			sites = append(sites, decodeSite{file: path, fn: enclosing(f, ref.Pos()), arg: arg, pos: pos})
		}
		ast.Inspect(f, func(nd ast.Node) bool {
			switch x := nd.(type) {
			case *ast.SelectorExpr:
				id, ok := x.X.(*ast.Ident)
				if ok && imp != "" && imp != "." && id.Name == imp && id.Obj == nil && x.Sel.Name == "Decode" {
					add(x)
				}
			case *ast.Ident:
				if x.Name != "Decode" || selIdent[x] || declIdent[x] {
					return true
				}
				if x.Obj != nil && x.Obj.Kind != ast.Fun {
					return true // a local name
				}
				if inMasking || imp == "." {
					add(x)
				}
			}
			return true
		})
	}
	return sites
}

// An allowEntry is one line of DECODE_ALLOWLIST.
type allowEntry struct {
	key, reason string
	line        int
}

// partialPrefix starts the lines of DECODE_ALLOWLIST that list partial
// recombinations found by shareSums rather than Decode calls.
const partialPrefix = "partial:"

// readAllowlist returns the Decode entries and the partial-recombination
// entries of the allowlist file.
func readAllowlist(t *testing.T, path string) (decode, partial []allowEntry) {
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for ln := 1; sc.Scan(); ln++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		out := &decode
		if rest, ok := strings.CutPrefix(line, partialPrefix); ok {
			line, out = strings.TrimSpace(rest), &partial
		}
		parts := strings.SplitN(line, " | ", 4)
		require.Len(t, parts, 4, "%s:%d: want file | function | argument | reason", path, ln)
		for i := range parts {
			parts[i] = strings.TrimSpace(parts[i])
		}
		reason := parts[3]
		lower := strings.ToLower(reason)
		require.False(t, reason == "" || strings.Contains(lower, "todo") || strings.Contains(lower, "tbd") ||
			strings.Contains(lower, "fixme") || strings.Contains(lower, "placeholder") || len(reason) < 20,
			"%s:%d: every entry needs a real reason", path, ln)
		*out = append(*out, allowEntry{key: strings.Join(parts[:3], " | "), reason: reason, line: ln})
	}
	require.NoError(t, sc.Err())
	return decode, partial
}

// compareSites returns the problems between the sites in the code and the
// allowlist: calls not listed, and listed calls that are gone.
func compareSites(sites []decodeSite, allow []allowEntry) []string {
	return compareKeys("Decode call", "", sites, allow)
}

// compareKeys matches sites against entries by key, with multiplicity.
func compareKeys(what, prefix string, sites []decodeSite, allow []allowEntry) []string {
	want := map[string]int{}
	for _, e := range allow {
		want[e.key]++
	}
	have := map[string]int{}
	var problems []string
	for _, s := range sites {
		have[s.key()]++
		if have[s.key()] > want[s.key()] {
			problems = append(problems, fmt.Sprintf("%s: %s not in masking/DECODE_ALLOWLIST: %s%s (add it with its reason, or remove it from the code)", s.pos, what, prefix, s.key()))
		}
	}
	for _, e := range allow {
		if have[e.key] < want[e.key] {
			problems = append(problems, fmt.Sprintf("masking/DECODE_ALLOWLIST:%d: listed %s not found in the code: %s (remove the entry)", e.line, what, e.key))
			have[e.key]++ // report each missing entry once
		}
	}
	return problems
}

// TestDecodeAllowlist checks that the Decode calls of the module are
// exactly those of DECODE_ALLOWLIST.
func TestDecodeAllowlist(t *testing.T) {
	root := moduleRoot(t)
	files := moduleSources(t, root)
	require.Contains(t, files, "masking/gadgets.go")
	fset, parsed := parseSources(t, files)
	sites := decodeSites(fset, parsed)
	allow, _ := readAllowlist(t, filepath.Join(root, "masking", "DECODE_ALLOWLIST"))
	for _, s := range sites {
		t.Logf("%s: %s", s.pos, s.key())
	}
	for _, p := range compareSites(sites, allow) {
		t.Error(p)
	}
}

// TestDecodeAllowlistDetects runs the scanner on made-up sources: it must
// find calls through every kind of import and inside package masking, skip
// shadowed names, and report both new and missing calls.
func TestDecodeAllowlistDetects(t *testing.T) {
	files := map[string][]byte{
		"masking/extra.go": []byte(`package masking

func leak(x []P) { var y P; Decode(&y, x) }

type T struct{}

func (T) Decode() {}

func notACall(t T) { t.Decode() }
`),
		"a/a.go": []byte(`package a

import m "github.com/raccoon-go/raccoon/masking"

func (k *Key) Sum(x []P) { var y P; m.Decode(&y, x) }

var f = m.Decode

func shadow() { m := struct{ Decode func() }{}; m.Decode() }
`),
		"b/b.go": []byte(`package b

import . "github.com/raccoon-go/raccoon/masking"

func g[T any](x []T) { var y T; Decode[T](&y, x) }
`),
		"c/c.go": []byte(`package c

import "github.com/raccoon-go/raccoon/masking"

func ok(x []P) { var z P; masking.Decode(&z, x) }

type codec struct{}

func (codec) Decode() {}

func h() { var c codec; c.Decode() }
`),
	}
	fset, parsed := parseSources(t, files)
	sites := decodeSites(fset, parsed)
	var keys []string
	for _, s := range sites {
		keys = append(keys, s.key())
	}
	require.ElementsMatch(t, []string{
		"masking/extra.go | leak | &y",
		"a/a.go | (*Key).Sum | &y",
		"a/a.go | <package scope> | <reference>",
		"b/b.go | g | &y",
		"c/c.go | ok | &z",
	}, keys)
	allow := []allowEntry{
		{key: "c/c.go | ok | &z", line: 1},
		{key: "c/c.go | gone | &w", line: 2},
	}
	problems := compareSites(sites, allow)
	require.Len(t, problems, 5, "4 unlisted calls and 1 missing one: %v", problems)
	require.Contains(t, strings.Join(problems, "\n"), "not found in the code: c/c.go | gone | &w")
}

// shareSums flags, outside package masking, an ntt.Add or ntt.Sub (or a
// + or - expression) whose two operands are elements of the same masked
// vector, and an accumulation z = z ± v[…] of a masked vector's elements in
// a loop. A masked vector is one passed as the shares of a masking gadget
// (Refresh, ZeroEncoding, AddRepNoise, Decode, MaskCompress, MaskDecompress,
// their Vec forms, Equal) in the same function; its elements are indexed by share.
//
// Each finding is named like a Decode site, with the masked vector in place
// of the argument, and must be listed in DECODE_ALLOWLIST after
// "partial:".
func shareSums(fset *token.FileSet, parsed map[string]*ast.File) []decodeSite {
	sharesArg := map[string][]int{
		"Refresh": {0}, "ZeroEncoding": {0}, "AddRepNoise": {0}, "Decode": {1},
		"MaskCompress": {1}, "MaskDecompress": {0}, "Equal": {0, 1},
		"MaskCompressVec": {1}, "MaskDecompressVec": {0},
	}
	var out []decodeSite
	for path, f := range parsed {
		if filepath.ToSlash(filepath.Dir(path)) == "masking" {
			continue
		}
		imp := maskingImportName(f)
		if imp == "" {
			continue
		}
		nttName := "ntt"
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			masked := map[string]bool{}
			ast.Inspect(fd.Body, func(nd ast.Node) bool {
				call, ok := nd.(*ast.CallExpr)
				if !ok {
					return true
				}
				sel, ok := call.Fun.(*ast.SelectorExpr)
				if !ok {
					return true
				}
				if id, ok := sel.X.(*ast.Ident); !ok || id.Name != imp {
					return true
				}
				for _, i := range sharesArg[sel.Sel.Name] {
					if i < len(call.Args) {
						masked[baseOf(call.Args[i])] = true
					}
				}
				return true
			})
			if len(masked) == 0 {
				continue
			}
			elem := func(e ast.Expr) string {
				if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
					e = u.X
				}
				for {
					ix, ok := e.(*ast.IndexExpr)
					if !ok {
						return ""
					}
					if b := types.ExprString(ix.X); masked[b] {
						return b
					}
					e = ix.X
				}
			}
			report := func(pos token.Pos, vec string) {
				out = append(out, decodeSite{file: path, fn: funcName(fd), arg: vec, pos: fset.Position(pos)})
			}
			var walk func(nd ast.Node, inLoop bool)
			walk = func(nd ast.Node, inLoop bool) {
				ast.Inspect(nd, func(n ast.Node) bool {
					switch x := n.(type) {
					case *ast.ForStmt:
						if x != nd {
							walk(x.Body, true)
							return false
						}
					case *ast.RangeStmt:
						if x != nd {
							walk(x.Body, true)
							return false
						}
					case *ast.CallExpr:
						sel, ok := x.Fun.(*ast.SelectorExpr)
						if !ok || len(x.Args) != 3 {
							return true
						}
						if id, ok := sel.X.(*ast.Ident); !ok || id.Name != nttName || (sel.Sel.Name != "Add" && sel.Sel.Name != "Sub") {
							return true
						}
						a, b := elem(x.Args[1]), elem(x.Args[2])
						if a != "" && a == b {
							report(x.Pos(), a)
						} else if inLoop && types.ExprString(x.Args[0]) == types.ExprString(x.Args[1]) && b != "" {
							report(x.Pos(), b)
						}
					case *ast.BinaryExpr:
						if x.Op == token.ADD || x.Op == token.SUB {
							if a, b := elem(x.X), elem(x.Y); a != "" && a == b {
								report(x.Pos(), a)
							}
						}
					}
					return true
				})
			}
			walk(fd.Body, false)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].pos.String() < out[j].pos.String() })
	return out
}

// baseOf strips slicing and address-of from a shares argument: the
// masked vector ks.s[i*d:(i+1)*d] is ks.s.
func baseOf(e ast.Expr) string {
	for {
		switch x := e.(type) {
		case *ast.SliceExpr:
			e = x.X
		case *ast.UnaryExpr:
			e = x.X
		case *ast.ParenExpr:
			e = x.X
		default:
			return types.ExprString(e)
		}
	}
}

// TestNoShareSums runs shareSums on the module, and on made-up sources to
// show it can fail.
func TestNoShareSums(t *testing.T) {
	root := moduleRoot(t)
	fset, parsed := parseSources(t, moduleSources(t, root))
	_, allow := readAllowlist(t, filepath.Join(root, "masking", "DECODE_ALLOWLIST"))
	sums := shareSums(fset, parsed)
	for _, s := range sums {
		t.Logf("%s: shares summed: %s", s.pos, s.key())
	}
	for _, p := range compareKeys("partial recombination (shares of one masked vector summed)", partialPrefix+" ", sums, allow) {
		t.Error(p)
	}

	bad := map[string][]byte{"x/x.go": []byte(`package x

import (
	"github.com/raccoon-go/raccoon/masking"
	"github.com/raccoon-go/raccoon/ntt"
)

func pair(s []ntt.Poly, g masking.Generator) {
	masking.Refresh(s, g)
	var y ntt.Poly
	ntt.Add(&y, &s[0], &s[1])
}

func loop(ks *K, i, d int) {
	masking.Refresh(ks.s[i*d:(i+1)*d], ks.g)
	var acc ntt.Poly
	for j := 0; j < d; j++ {
		ntt.Add(&acc, &acc, &ks.s[i*d+j])
	}
}

func coeff(s []ntt.Poly, g masking.Generator) uint64 {
	masking.Refresh(s, g)
	return s[0][3] + s[1][3]
}

func fine(s []ntt.Poly, u []ntt.Poly, g masking.Generator) {
	masking.Refresh(s, g)
	for j := range s {
		ntt.Add(&s[j], &s[j], &u[j])
	}
}
`)}
	fset, parsed = parseSources(t, bad)
	got := shareSums(fset, parsed)
	require.Len(t, got, 3, "%v", got)
}
