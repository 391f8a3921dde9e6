#!/usr/bin/env python3
"""Checks a Safeguard audit inclusion proof with the log's public key alone, independently of Safeguard.

    scripts/verify-audit-proof.py PROOF.json LOG.pub

Written from docs/screening.md ("Audit log") only, as a second implementation of the formats: the signed
checkpoint note, the entry bytes (formats 1 and 2), RFC 9162 leaf/node hashing and inclusion verification.
Needs Python 3 and the `cryptography` package (Ed25519). Exit 0 when the proof holds, 1 when it does not,
2 on malformed input.
"""
import base64
import hashlib
import json
import sys

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey


def fail(message, code=1):
    print(f"verify-audit-proof: {message}", file=sys.stderr)
    sys.exit(code)


def read_key(text):
    name, key_hash, key = text.strip().split("+", 2)
    raw = base64.b64decode(key)
    if len(raw) != 33 or raw[0] != 1:
        fail("not an Ed25519 verifier key", 2)
    if hashlib.sha256(name.encode() + b"\n" + raw).digest()[:4].hex() != key_hash.lower():
        fail("the key's hash does not match its name and key", 2)
    return name, bytes.fromhex(key_hash), Ed25519PublicKey.from_public_bytes(raw[1:])


def open_checkpoint(note, key):
    name, key_hash, public = key
    body, sep, signatures = note.partition("\n\n")
    if not sep:
        fail("not a signed checkpoint", 2)
    body += "\n"
    for line in signatures.splitlines():
        if not line.startswith("\u2014 "):
            fail("bad signature line", 2)
        signer, blob = line[2:].split(" ", 1)
        blob = base64.b64decode(blob)
        if signer == name and blob[:4] == key_hash:
            try:
                public.verify(blob[4:], body.encode())
            except InvalidSignature:
                fail("the checkpoint's signature does not verify")
            lines = body.split("\n")[:-1]
            return lines[0], int(lines[1]), base64.b64decode(lines[2])
    fail("no signature by this key")


def entry_bytes(e):
    r, fmt = e["record"], e["format"]
    out = bytearray(f"safeguard.audit/{fmt}".encode())

    def field(text):
        data = text.encode()
        out.extend(str(len(data)).encode() + b":" + data)

    def items(values):
        if fmt == 1:
            field(",".join(values))
        else:
            out.extend(str(len(values)).encode() + b"*")
            for v in values:
                field(v)

    for f in (e["previousHash"], e["recordedAt"], r["requestID"], r["requestDigest"], r["received"],
              r["requestingState"], r["requestedState"], r["measure"], r["conduct"]):
        field(f)
    items(r["targetAttributes"])
    for f in (r["ruleSetID"], r["ruleSetVersion"], r["ruleSetDigest"], r["outcome"]):
        field(f)
    items(r["grounds"])
    items(r["conditions"])
    reasons = r["reasons"]
    if fmt == 1:
        field("\n".join(f"{x['rule']}|{x['instrument']}|{x['eId']}|{x['reason']}" for x in reasons))
    else:
        out.extend(str(len(reasons)).encode() + b"*")
        for x in reasons:
            for k in ("rule", "instrument", "eId", "reason"):
                field(x[k])
    return bytes(out)


def node(left, right):
    return hashlib.sha256(b"\x01" + left + right).digest()


def verify_inclusion(leaf, index, size, path, root):
    # RFC 9162, 2.1.3.2
    if index >= size:
        return False
    fn, sn, r = index, size - 1, leaf
    for p in path:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node(p, r)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root


def main():
    if len(sys.argv) != 3:
        fail("usage: verify-audit-proof.py PROOF.json LOG.pub", 2)
    try:
        proof = json.load(open(sys.argv[1], encoding="utf-8"))
        key = read_key(open(sys.argv[2], encoding="utf-8").read())
    except (OSError, ValueError) as error:
        fail(f"cannot read the input: {error}", 2)
    if proof.get("schema") != "safeguard.audit-inclusion/1" or not proof.get("checkpoint"):
        fail("not an inclusion proof with an embedded checkpoint", 2)
    origin, size, root = open_checkpoint(proof["checkpoint"], key)
    entry = proof["entry"]
    data = entry_bytes(entry)
    if hashlib.sha256(data).hexdigest() != entry["entryHash"]:
        fail("the entry's content does not match its hash")
    if size != proof["treeSize"] or proof["leafIndex"] != entry["sequence"] - 1:
        fail("the proof's size or index does not match the checkpoint and entry")
    leaf = hashlib.sha256(b"\x00" + data).digest()
    path = [base64.b64decode(h) for h in proof["hashes"]]
    if not verify_inclusion(leaf, proof["leafIndex"], size, path, root):
        fail("the inclusion path does not lead to the signed root")
    print(f"proof verified: entry {entry['sequence']} ({entry['record']['requestID']}, {entry['record']['outcome']}) "
          f"is in {origin} of {size} entries")


if __name__ == "__main__":
    main()
