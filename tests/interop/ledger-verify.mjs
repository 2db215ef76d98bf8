// A second, independent verifier of DataPort's audit ledger, written from docs/ledger-format.md alone, with another
// SM3/SM2 implementation (sm-crypto) than the server's (BouncyCastle).
//
//   node ledger-verify.mjs EXPORT.jsonl [ENTRY-WITH-PROOF.json]
//
// Recomputes every entry hash from its event (canonical JSON, the DPL1 encoding, SM3 chaining), every checkpoint's
// Merkle root, and every checkpoint's SM2 signature; with a proof (GET /api/ledger/entries/{position}), checks that the
// entry is in the signed tree. Prints one JSON line with the verdict; exits 0 only when everything holds.
import { readFileSync } from "node:fs";
import smCrypto from "sm-crypto";

const { sm2, sm3 } = smCrypto;
const hex = bytes => Buffer.from(bytes).toString("hex");
const fromHex = text => Uint8Array.from(Buffer.from(text, "hex"));
const concat = (...parts) => Uint8Array.from(Buffer.concat(parts.map(p => Buffer.from(p))));
const hash = (...parts) => fromHex(sm3(Array.from(concat(...parts))));

// --- Canonical JSON (format §2): members sorted by UTF-16 code units, no whitespace, minimal string escapes,
// numbers exactly as written. Parsed here by hand, because JSON.parse would rewrite numbers (1.10 → 1.1).
function canonicalJson(text) {
    let i = 0;
    const ws = () => { while (" \t\r\n".includes(text[i])) i++; };
    const value = () => {
        ws();
        const c = text[i];
        if (c === "{") {
            i++; const members = []; ws();
            if (text[i] === "}") { i++; return "{}"; }
            for (;;) {
                ws(); const key = string(); ws(); i++; /* : */
                members.push([key, value()]); ws();
                if (text[i++] === "}") break;
            }
            members.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
            return "{" + members.map(([k, v]) => quote(k) + ":" + v).join(",") + "}";
        }
        if (c === "[") {
            i++; const items = []; ws();
            if (text[i] === "]") { i++; return "[]"; }
            for (;;) { items.push(value()); ws(); if (text[i++] === "]") break; }
            return "[" + items.join(",") + "]";
        }
        if (c === '"') return quote(string());
        const literal = /^(true|false|null|-?\d+(\.\d+)?([eE][+-]?\d+)?)/.exec(text.slice(i))[0];
        i += literal.length;
        return literal;
    };
    const string = () => {
        const start = i; i++;
        while (text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
        i++;
        return JSON.parse(text.slice(start, i));
    };
    const quote = s => {
        let out = '"';
        for (const ch of s) {
            const code = ch.codePointAt(0);
            if (ch === '"') out += '\\"';
            else if (ch === "\\") out += "\\\\";
            else if (ch === "\b") out += "\\b";
            else if (ch === "\f") out += "\\f";
            else if (ch === "\n") out += "\\n";
            else if (ch === "\r") out += "\\r";
            else if (ch === "\t") out += "\\t";
            else if (code < 0x20) out += "\\u" + code.toString(16).padStart(4, "0");
            else out += ch;
        }
        return out + '"';
    };
    return value();
}

// --- The entry encoding (format §3).
const i64 = n => { const b = Buffer.alloc(8); b.writeBigInt64BE(BigInt(n)); return b; };
const str = s => { const bytes = Buffer.from(s, "utf8"); const len = Buffer.alloc(4); len.writeUInt32BE(bytes.length); return Buffer.concat([len, bytes]); };
const opt = s => (s === null || s === undefined ? Buffer.from([0xff, 0xff, 0xff, 0xff]) : str(s));
const micros = iso => {
    const [, whole, fraction] = /^(.*T\d\d:\d\d:\d\d)\.(\d{6})Z$/.exec(iso);
    return BigInt(Date.parse(whole + "Z")) * 1000n + BigInt(fraction);
};

function encode(position, event, rawData, rawHeaders) {
    return concat(
        Buffer.from("DPL1", "ascii"), i64(position), str(event.streamId), i64(event.version), str(event.type),
        str(canonicalJson(rawData)), opt(event.correlationId), opt(event.causationId), opt(event.actor),
        opt(rawHeaders === null ? null : canonicalJson(rawHeaders)), i64(micros(event.timestamp)));
}

// The raw text of a member inside one export line, so numbers keep their spelling.
function rawMember(line, name) {
    const key = `"${name}":`;
    const start = line.indexOf(key, line.indexOf('"event":')) + key.length;
    let depth = 0, i = start, inString = false;
    for (; i < line.length; i++) {
        const c = line[i];
        if (inString) { if (c === "\\") i++; else if (c === '"') inString = false; continue; }
        if (c === '"') inString = true;
        else if (c === "{" || c === "[") depth++;
        else if (c === "}" || c === "]") { if (depth === 0) break; depth--; }
        else if (c === "," && depth === 0) break;
    }
    return line.slice(start, i);
}

// --- The Merkle tree (format §4, RFC 9162 with SM3), grown leaf by leaf: its right edge is the roots of its perfect
// subtrees, largest first, and the root folds them from the right. A range export starts from such an edge (§7).
const leafHash = h => hash([0x00], h);
const nodeHash = (l, r) => hash([0x01], l, r);
class Frontier {
    constructor(size = 0, roots = []) {
        this.size = size;
        this.subtrees = [];
        let i = 0;
        for (let bit = 62n; bit >= 0n; bit--) {
            const subtreeSize = 1n << bit;
            if ((BigInt(size) & subtreeSize) !== 0n) this.subtrees.push([subtreeSize, roots[i++]]);
        }
        if (i !== roots.length) throw new Error(`a tree of ${size} leaves has ${i} perfect subtrees, not ${roots.length}`);
    }
    append(leaf) {
        this.subtrees.push([1n, leaf]);
        this.size++;
        while (this.subtrees.length >= 2 && this.subtrees.at(-1)[0] === this.subtrees.at(-2)[0]) {
            const [right, left] = [this.subtrees.pop(), this.subtrees.pop()];
            this.subtrees.push([left[0] * 2n, nodeHash(left[1], right[1])]);
        }
    }
    root() {
        let r = this.subtrees.at(-1)[1];
        for (let i = this.subtrees.length - 2; i >= 0; i--) r = nodeHash(this.subtrees[i][1], r);
        return r;
    }
}
function verifyInclusion(leaf, index, size, path, expectedRoot) {
    let fn = BigInt(index), sn = BigInt(size) - 1n, r = leaf;
    for (const p of path) {
        if (sn === 0n) return false;
        if ((fn & 1n) === 1n || fn === sn) {
            r = nodeHash(p, r);
            if ((fn & 1n) === 0n) { while ((fn & 1n) === 0n && fn !== 0n) { fn >>= 1n; sn >>= 1n; } }
        } else {
            r = nodeHash(r, p);
        }
        fn >>= 1n; sn >>= 1n;
    }
    return sn === 0n && hex(r) === hex(expectedRoot);
}

// --- Read and check the export: header, an optional range start, keys, checkpoints, then entries in order.
const [exportPath, proofPath] = process.argv.slice(2);
const lines = readFileSync(exportPath, "utf8").split("\n").filter(l => l.length > 0);
const keys = new Map(), checkpoints = new Map(), hashes = [];
let previous = new Uint8Array(32), frontier = new Frontier(), firstSeq = 0, problem = null, entries = 0, signedCheckpoints = 0;
for (const line of lines) {
    const record = JSON.parse(line);
    if (record.kind === "range") {
        firstSeq = record.fromSeq;
        previous = fromHex(record.previousHash);
        frontier = new Frontier(record.fromSeq, record.subtrees.map(fromHex));
    } else if (record.kind === "key") keys.set(record.id, record.publicKey);
    else if (record.kind === "checkpoint") {
        const signed = `dataport-ledger-checkpoint/1\n${record.treeSize}\n${record.root}\n${micros(record.timestamp)}\n${record.keyId}\n`;
        const publicKey = keys.get(record.keyId);
        if (!publicKey || !sm2.doVerifySignature(signed, record.signature, publicKey, { der: true, hash: true })) {
            problem ??= `checkpoint ${record.treeSize}: SM2 signature does not verify`;
        }
        if (record.treeSize > firstSeq) checkpoints.set(record.treeSize, record.root);
    } else if (record.kind === "entry" && record.seq !== null) {
        if (record.event === null) { problem ??= `position ${record.position}: the event is gone`; continue; }
        if (record.seq !== frontier.size) { problem ??= `position ${record.position}: entry #${record.seq} where #${frontier.size} belongs`; continue; }
        const headers = record.event.headers === null ? null : rawMember(line, "headers");
        const computed = hash(previous, encode(record.position, record.event, rawMember(line, "data"), headers));
        if (hex(computed) !== record.hash) problem ??= `position ${record.position}: entry hash differs`;
        previous = computed;
        hashes[record.seq] = computed;
        frontier.append(leafHash(computed));
        entries++;
        if (checkpoints.has(frontier.size)) {
            if (hex(frontier.root()) !== checkpoints.get(frontier.size)) problem ??= `checkpoint ${frontier.size}: Merkle root differs`;
            checkpoints.delete(frontier.size);
            signedCheckpoints++;
        }
    }
}
for (const size of checkpoints.keys()) problem ??= `checkpoint ${size}: covers entries that are not in the export`;
let proof = null;
if (proofPath) {
    const { entry, proof: p, checkpoint } = JSON.parse(readFileSync(proofPath, "utf8"));
    const inExport = hashes[p.seq] !== undefined && hex(hashes[p.seq]) === p.entryHash;
    const included = verifyInclusion(leafHash(fromHex(p.entryHash)), p.seq, p.treeSize, p.path.map(fromHex), fromHex(checkpoint.rootHash));
    const signedBy = keys.get(checkpoint.keyId);
    const signed = signedBy !== undefined && sm2.doVerifySignature(checkpoint.signedText, checkpoint.signature, signedBy, { der: true, hash: true });
    proof = { position: entry.position, inExport, included, signed };
    if (!(inExport && included && signed)) problem ??= `the proof of position ${entry.position} does not hold`;
}
console.log(JSON.stringify({ intact: problem === null, entries, checkpoints: signedCheckpoints, proof, problem }));
process.exitCode = problem === null ? 0 : 1;
