#!/usr/bin/python3
"""The inner loops of the packed int8 kernels in an arm64 NativeAOT binary, read from its disassembly.

usage: inner_loops.py [-v] BINARY [SYMBOL_SUBSTRING ...]   (-v prints each loop's instructions)

For each kernel function (symbols from BINARY.dbg, code from BINARY), finds the innermost loop (a backward branch within
the function, with no loop inside) with the most multiply-accumulate products and prints, per 32 int8 MACs, the multiply-accumulate
instructions, the 16-byte vector loads and all instructions of one iteration. This is the paper estimate of speed on
a real core; time under qemu is not (it emulates instructions, it does not model a pipeline).
"""
import re
import subprocess
import sys

MACS = {"sdot": 16, "smull": 8, "smull2": 8}   # int8 products each instruction makes
ACCUMULATES = {"sdot", "smull", "smull2", "sadalp", "smlal", "smlal2", "addp"}


def symbols(dbg):
    out = subprocess.run(["aarch64-linux-gnu-nm", "-n", dbg], capture_output=True, text=True, check=True).stdout
    rows = [(int(a, 16), name) for a, kind, name in (l.split(maxsplit=2) for l in out.splitlines() if len(l.split()) == 3) if kind in "tT"]
    return [(start, rows[i + 1][0], name) for i, (start, name) in enumerate(rows[:-1])]


def disassemble(binary, start, stop):
    out = subprocess.run(["aarch64-linux-gnu-objdump", "-d", "--no-show-raw-insn", f"--start-address={start:#x}", f"--stop-address={stop:#x}", binary],
                         capture_output=True, text=True, check=True).stdout
    code = []
    for line in out.splitlines():
        m = re.match(r"\s*([0-9a-f]+):\s+(\S+)\s*(.*)", line)
        if m:
            code.append((int(m.group(1), 16), m.group(2), m.group(3)))
    return code


def inner_loop(code, start, stop):
    """The innermost loop (no backward branch inside its body) with the most multiply-accumulate products per iteration."""
    loops = []
    for pc, op, args in code:
        if not (op == "b" or op.startswith("b.") or op in ("cbz", "cbnz", "tbz", "tbnz")):
            continue
        m = re.search(r"\b([0-9a-f]+) <", args)
        if m and start <= int(m.group(1), 16) < pc:
            loops.append((int(m.group(1), 16), pc))
    best = None
    for target, pc in loops:
        if any(target <= t and p < pc for t, p in loops if (t, p) != (target, pc)):
            continue  # an outer loop
        body = [(p, o, a) for p, o, a in code if target <= p <= pc]
        macs = sum(MACS.get(o, 0) for _, o, _ in body)
        if macs and (best is None or macs > best[0]):
            best = (macs, body)
    return best

verbose = False


def main():
    global verbose
    args = sys.argv[1:]
    verbose = "-v" in args
    args = [a for a in args if a != "-v"]
    binary = args[0]
    wanted = args[1:] or ["Kernels_Dense__DenseSdot", "Kernels_Dense__DenseNeon"]
    print(f"{'kernel':<58} {'MACs/iter':>9} {'MAC instr/32':>12} {'loads/32':>8} {'instr/32':>8}")
    for start, stop, name in symbols(binary + ".dbg"):
        if not any(w in name for w in wanted):
            continue
        found = inner_loop(disassemble(binary, start, stop), start, stop)
        if found is None:
            continue
        macs, body = found
        per = 32 / macs
        mac_instr = sum(1 for _, o, _ in body if o in ACCUMULATES)
        loads = sum((2 if o == "ldp" else 1) for _, o, a in body if o in ("ldr", "ldur", "ldp", "ld1", "ld1r") and re.match(r"[qsd]\d+|\{?v\d+", a))
        short = name.replace("EdgeVae_Runtime_EdgeVae_Runtime_Kernels_", "").replace("NativeAotMonitor_NativeAotMonitor_", "")
        print(f"{short:<58} {macs:>9} {mac_instr * per:>12.2f} {loads * per:>8.2f} {len(body) * per:>8.2f}")
        if "-v" in sys.argv[1:2] or verbose:
            for p, o, a in body:
                print(f"    {p:x}: {o} {a}")


if __name__ == "__main__":
    main()
