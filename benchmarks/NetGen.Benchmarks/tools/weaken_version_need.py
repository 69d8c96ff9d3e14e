#!/usr/bin/env python3
"""Mark one ELF version requirement (a Vernaux entry of .gnu.version_r) weak in a shared library.

Why: TorchSharp 0.107.0's libLibTorchSharp.so was linked against GCC 13's libstdc++ and so lists
GLIBCXX_3.4.32 among the versions it needs from libstdc++.so.6. The only symbol bound to that version is
_ZSt21ios_base_library_initv, a marker that <iostream> references with a bare `.globl` (no relocation ever
uses it). Debian 12's libstdc++ stops at GLIBCXX_3.4.30, so the dynamic loader refuses the library at
dlopen time even though nothing would ever look that symbol up. A version need flagged VER_FLG_WEAK (0x2) is
allowed to be missing: the loader then loads the library, and every other version is still checked.

Safety checks (the script refuses, exit code 2, rather than guess):
  * the file must be ELF64 little-endian with section headers, a .gnu.version_r, .gnu.version and .dynsym;
  * the requested version must be needed from the requested library (else: the layout changed, revisit);
  * no relocation (SHT_RELA/SHT_REL against .dynsym) may refer to a symbol of that version: if one did,
    weakening the need would only move the failure from load time to a crash at run time.

Idempotent: an entry that is already weak is reported and left alone. The file is rewritten through a
temporary file and an atomic rename, so a hard link or symlink to the original (e.g. the NuGet cache) is
never written through. Point it only at an output copy.

Usage: weaken_version_need.py LIBRARY --needed-from libstdc++.so.6 --version GLIBCXX_3.4.32
"""
import argparse
import os
import struct
import sys
import tempfile

SHT_RELA, SHT_DYNSYM, SHT_REL = 4, 11, 9
SHT_GNU_VERNEED, SHT_GNU_VERSYM = 0x6FFFFFFE, 0x6FFFFFFF
VER_FLG_WEAK = 0x2


class LayoutError(Exception):
    pass


def cstr(data, offset):
    end = data.index(b"\0", offset)
    return data[offset:end].decode("ascii", "replace")


def sections(data):
    if data[:4] != b"\x7fELF":
        raise LayoutError("not an ELF file")
    if data[4] != 2 or data[5] != 1:
        raise LayoutError("not ELF64 little-endian (EI_CLASS=%d, EI_DATA=%d)" % (data[4], data[5]))
    shoff, = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 0x3A)
    if shoff == 0 or shnum == 0 or shentsize != 64:
        raise LayoutError("no usable section header table")
    result = []
    for i in range(shnum):
        name, stype, flags, addr, offset, size, link, info, align, entsize = struct.unpack_from(
            "<IIQQQQIIQQ", data, shoff + i * shentsize)
        result.append(dict(index=i, name=name, type=stype, offset=offset, size=size, link=link,
                           info=info, entsize=entsize))
    strtab = result[shstrndx]["offset"]
    for s in result:
        s["name"] = cstr(data, strtab + s["name"])
    return result


def one(secs, stype, what):
    found = [s for s in secs if s["type"] == stype]
    if len(found) != 1:
        raise LayoutError("expected one %s section, found %d" % (what, len(found)))
    return found[0]


def find_need(data, secs, needed_from, version):
    """Returns (file offset of the Vernaux entry, its flags, its version index)."""
    verneed = one(secs, SHT_GNU_VERNEED, ".gnu.version_r")
    dynstr = secs[verneed["link"]]["offset"]
    offset, files = verneed["offset"], []
    for _ in range(verneed["info"]):
        vn_version, vn_cnt, vn_file, vn_aux, vn_next = struct.unpack_from("<HHIII", data, offset)
        file_name = cstr(data, dynstr + vn_file)
        files.append(file_name)
        aux = offset + vn_aux
        for _ in range(vn_cnt):
            vna_hash, vna_flags, vna_other, vna_name, vna_next = struct.unpack_from("<IHHII", data, aux)
            if file_name == needed_from and cstr(data, dynstr + vna_name) == version:
                return aux, vna_flags, vna_other
            aux += vna_next
        if vn_next == 0:
            break
        offset += vn_next
    raise LayoutError("no need of %s from %s (needs from: %s)" % (version, needed_from, ", ".join(files)))


def symbols_of_version(data, secs, version_index):
    """Indices and names of the dynamic symbols bound to version_index (hidden bit ignored)."""
    dynsym = one(secs, SHT_DYNSYM, ".dynsym")
    versym = one(secs, SHT_GNU_VERSYM, ".gnu.version")
    dynstr = secs[dynsym["link"]]["offset"]
    count = dynsym["size"] // 24
    result = []
    for i in range(count):
        (ver,) = struct.unpack_from("<H", data, versym["offset"] + 2 * i)
        if ver & 0x7FFF == version_index:
            (name,) = struct.unpack_from("<I", data, dynsym["offset"] + 24 * i)
            result.append((i, cstr(data, dynstr + name)))
    return dynsym["index"], result


def relocations_against(data, secs, dynsym_index, symbol_indices):
    """Relocations (section name, offset) in any REL/RELA section over .dynsym that use one of the symbols."""
    wanted, hits = set(symbol_indices), []
    for s in secs:
        if s["type"] not in (SHT_RELA, SHT_REL) or s["link"] != dynsym_index:
            continue
        entsize = s["entsize"] or (24 if s["type"] == SHT_RELA else 16)
        for off in range(s["offset"], s["offset"] + s["size"], entsize):
            r_offset, r_info = struct.unpack_from("<QQ", data, off)
            if (r_info >> 32) in wanted:
                hits.append((s["name"], r_offset))
    return hits


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("library")
    parser.add_argument("--needed-from", required=True, help="DT_NEEDED name, e.g. libstdc++.so.6")
    parser.add_argument("--version", required=True, help="version name, e.g. GLIBCXX_3.4.32")
    args = parser.parse_args()
    path = args.library
    tag = "weaken_version_need: %s" % path
    try:
        with open(path, "rb") as f:
            data = bytearray(f.read())
        secs = sections(data)
        aux, flags, index = find_need(data, secs, args.needed_from, args.version)
        dynsym_index, symbols = symbols_of_version(data, secs, index)
        names = ", ".join(name for _, name in symbols) or "none"
        hits = relocations_against(data, secs, dynsym_index, [i for i, _ in symbols])
        if hits:
            raise LayoutError("%d relocation(s) use symbols of %s (%s), e.g. in %s at 0x%x: the version is really "
                              "used, weakening it would only defer the failure" % (len(hits), args.version, names,
                                                                                   hits[0][0], hits[0][1]))
    except (LayoutError, ValueError, struct.error, IndexError) as e:
        print("%s: error: %s. The TorchSharp native layout is not the one this step was written for; "
              "see benchmarks/README.md." % (tag, e), file=sys.stderr)
        return 2
    except OSError as e:
        print("%s: error: %s" % (tag, e), file=sys.stderr)
        return 2

    if flags & VER_FLG_WEAK:
        print("%s: %s from %s is already weak (symbols: %s); nothing to do" % (tag, args.version, args.needed_from, names))
        return 0
    struct.pack_into("<H", data, aux + 4, flags | VER_FLG_WEAK)
    directory = os.path.dirname(os.path.abspath(path))
    mode = os.stat(path).st_mode & 0o7777
    fd, temp = tempfile.mkstemp(prefix=".weaken-", dir=directory)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(temp, mode)
        os.replace(temp, path)  # a new inode: never writes through a hard link to the package cache
    except BaseException:
        if os.path.exists(temp):
            os.unlink(temp)
        raise
    print("%s: marked %s from %s weak (flags 0x%x -> 0x%x; symbols of that version: %s; relocations using them: 0)"
          % (tag, args.version, args.needed_from, flags, flags | VER_FLG_WEAK, names))
    return 0


if __name__ == "__main__":
    sys.exit(main())
