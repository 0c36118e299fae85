# Cross-check harness for package threshold (not run by go test; see
# README.md): recomputes, with the authors' Python reference (ThRc_Core
# internals), the session hash, commitments, row masks, the round-1 digest and
# the MACs of transcripts made by the Go package, and runs the reference's
# combine on the Go messages (which also checks the column masks: otherwise
# the masks would not cancel) and its encoder on the result.
import os, sys, json, io, contextlib
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [os.path.join(HERE, 'shim'), os.path.join(os.environ['THRC_DIR'], 'thrc-py'), HERE]
from thrc_api import TRaccoon
from polyr import vec_add, vec_sub, vec_center
P = {128: dict(kappa=128, nu_t=37, nu_w=40, ell=4, k=5, omega=19),
     192: dict(kappa=192, nu_t=36, nu_w=40, ell=6, k=7, omega=31),
     256: dict(kappa=256, nu_t=35, nu_w=41, ell=7, k=8, omega=44)}
from pyverify import dec
allok = True
for tr in json.load(open(sys.argv[1])):
    iut = TRaccoon(max_t=1024, lg_st=20, lg_swt=42, **P[tr['kappa']])
    act = tr['act']; sid = bytes.fromhex(tr['sid']); mu = bytes.fromhex(tr['mu'])
    seh = iut._hash_vec(sid + mu, act)
    parties = {p['id']: p for p in tr['parties']}
    checks = {}
    ctrb_1 = [None]*tr['N']; ctrb_2 = [None]*tr['N']; ctrb_3 = [None]*tr['N']
    for j, p in parties.items():
        ctrb_1[j] = (bytes.fromhex(p['cmt']), p['m'])
        ctrb_2[j] = (p['w'], [bytes.fromhex(x) for x in p['macs']])
        ctrb_3[j] = p['z']
    for j, p in parties.items():
        checks[f'cmt{j}'] = iut._hcom(seh, p['w']) == bytes.fromhex(p['cmt'])
        m = None
        for i in act:
            x = iut._mask_prf(j, i, bytes.fromhex(p['seed_in'][i]), seh)
            m = x if m is None else vec_add(m, x)
        checks[f'rowmask{j}'] = m == p['m']
    D = iut._hash_ctrb_1(seh, act, ctrb_1)
    for j, p in parties.items():
        for idx, i in enumerate(act):
            checks[f'mac{j}->{i}'] = iut._sig_mac_ctrb_1(i, j, bytes.fromhex(p['seed_out'][i]), D) == bytes.fromhex(p['macs'][idx])
    with contextlib.redirect_stdout(io.StringIO()):
        sig = iut.combine(iut.decode_vk(bytes.fromhex(tr['vk']))[0], sid, mu, act, ctrb_1, ctrb_2, ctrb_3)
    ours, _ = dec(iut, bytes.fromhex(tr['sig']))
    checks['combine'] = sig is not None and sig[0] == ours[0] and sig[1] == ours[1] and sig[2] == ours[2]
    checks['encode'] = iut.encode_sig(sig) == bytes.fromhex(tr['sig'])
    bad = [k for k, v in checks.items() if not v]
    allok &= not bad
    print(tr['kappa'], f"{tr['T']}-of-{tr['N']}", len(checks), 'checks,', 'all OK' if not bad else f'FAILED: {bad}')
print('ALL OK' if allok else 'FAILURES')
