# Cross-check harness for package threshold (not run by go test; see
# README.md): checks signatures with the authors' Python reference verify
# (ThRc_Core.verify) after decoding them with a corrected decoder (the
# reference's decode_sig maps negative hints to residues mod q instead of
# centered values).
import os, sys, json
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [os.path.join(HERE, 'shim'), os.path.join(os.environ['THRC_DIR'], 'thrc-py'), HERE]
from thrc_api import TRaccoon
P = {128: dict(kappa=128, nu_t=37, nu_w=40, ell=4, k=5, omega=19),
     192: dict(kappa=192, nu_t=36, nu_w=40, ell=6, k=7, omega=31),
     256: dict(kappa=256, nu_t=35, nu_w=41, ell=7, k=8, omega=44)}
def dec(iut, s):
    ch = s[:iut.ch_sz]; bits = []
    for x in s[iut.ch_sz:]: bits += [(x >> i) & 1 for i in range(8)]
    pos = 0
    def coef(lb, mod):
        nonlocal pos
        x = sum(bits[pos+j] << j for j in range(lb)); pos += lb
        hi = 0
        while bits[pos] == 1: hi += 1; pos += 1
        pos += 1; x += hi << lb
        if x != 0:
            if bits[pos] == 1: x = -x
            pos += 1
        return x if mod is None else x % mod
    h = [[coef(1, None) for _ in range(512)] for _ in range(iut.k)]
    z = [[coef(41, iut.q) for _ in range(512)] for _ in range(iut.ell)]
    return (ch, z, h), pos
if __name__ == '__main__':
    import io, contextlib
    d = json.load(open(sys.argv[1]))
    ok = bad = 0
    lim = int(sys.argv[2]) if len(sys.argv) > 2 else 10**9
    seen = {}
    for v in d['vectors']:
        kap = v['kappa']; seen[kap] = seen.get(kap, 0) + 1
        if seen[kap] > lim: continue
        iut = TRaccoon(max_t=1024, lg_st=20, lg_swt=42, **P[kap])
        vk, _ = iut.decode_vk(bytes.fromhex(v['vk']))
        sig, nbits = dec(iut, bytes.fromhex(v['sig']))
        with contextlib.redirect_stdout(io.StringIO()):
            r = iut.verify(vk, bytes.fromhex(v['mu']), sig)
        ok += r; bad += (not r)
        print(kap, v['T'], v['N'], 'OK' if r else 'FAIL', 'bits%8 =', nbits % 8)
    print('ok', ok, 'fail', bad, file=sys.stderr)
