/**
 * The MMDB data section encoding (format 2.0): a control byte carrying the type (3 bits, or 0 and
 * an extended type byte) and the payload size (5 bits, or 29/30/31 and 1–3 more bytes), then the
 * payload, big-endian.
 */
export type MmdbValue = string | number | boolean | bigint | MmdbValue[] | { [key: string]: MmdbValue };

/** Type numbers from the spec; 1–7 fit the control byte, 8 and up are "extended". Pointer (1) is written by hand. */
const Type = { Utf8String: 2, Double: 3, Uint16: 5, Uint32: 6, Map: 7, Int32: 8, Uint64: 9, Uint128: 10, Array: 11, Boolean: 14 } as const;
type Type = (typeof Type)[keyof typeof Type];

const MAX_SIZE = 65821 + 0xffffff;
const UINT64_LIMIT = 1n << 64n;
const UINT128_LIMIT = 1n << 128n;

/** A growable buffer of encoded values. With `pointers`, a string written before is written again as a pointer to its first copy when that is shorter. */
export class DataEncoder {
  private buffer = Buffer.allocUnsafe(1 << 16);
  private used = 0;
  private readonly strings = new Map<string, number>();

  constructor(private readonly pointers: boolean) {}

  get length(): number {
    return this.used;
  }

  bytes(): Buffer {
    return this.buffer.subarray(0, this.used);
  }

  /** Appends a value whose types were checked by `stableKey`. */
  value(value: MmdbValue): void {
    switch (typeof value) {
      case 'string':
        return this.string(value);
      case 'boolean':
        return this.control(Type.Boolean, value ? 1 : 0);
      case 'bigint':
        return this.bigUint(value < UINT64_LIMIT ? Type.Uint64 : Type.Uint128, value);
      case 'number':
        return this.number(value);
    }
    if (Array.isArray(value)) {
      this.control(Type.Array, value.length);
      for (const item of value) this.value(item);
      return;
    }
    const keys = Object.keys(value);
    this.control(Type.Map, keys.length);
    for (const key of keys) {
      this.string(key);
      this.value(value[key]!);
    }
  }

  string(text: string): void {
    const size = Buffer.byteLength(text);
    if (this.pointers) {
      const at = this.strings.get(text);
      if (at !== undefined && pointerSize(at) < controlSize(size) + size) return this.pointer(at);
      if (at === undefined && size > 1) this.strings.set(text, this.used);
    }
    this.control(Type.Utf8String, size);
    this.reserve(size);
    this.buffer.write(text, this.used, size, 'utf8');
    this.used += size;
  }

  uint16(value: number): void {
    this.uint(Type.Uint16, value);
  }

  uint32(value: number): void {
    this.uint(Type.Uint32, value);
  }

  uint64(value: bigint): void {
    this.bigUint(Type.Uint64, value);
  }

  mapHeader(entries: number): void {
    this.control(Type.Map, entries);
  }

  arrayHeader(items: number): void {
    this.control(Type.Array, items);
  }

  private number(value: number): void {
    if (Number.isSafeInteger(value) && value >= 0) {
      if (value < 0x10000) return this.uint(Type.Uint16, value);
      if (value < 0x100000000) return this.uint(Type.Uint32, value);
      return this.bigUint(Type.Uint64, BigInt(value));
    }
    if (Number.isSafeInteger(value)) {
      this.control(Type.Int32, 4);
      this.reserve(4);
      this.used = this.buffer.writeInt32BE(value, this.used);
      return;
    }
    this.control(Type.Double, 8);
    this.reserve(8);
    this.used = this.buffer.writeDoubleBE(value, this.used);
  }

  /** An unsigned integer below 2^32 in the fewest bytes (zero takes none). */
  private uint(type: Type, value: number): void {
    const size = value === 0 ? 0 : value < 0x100 ? 1 : value < 0x10000 ? 2 : value < 0x1000000 ? 3 : 4;
    this.control(type, size);
    this.reserve(size);
    if (size) this.used = this.buffer.writeUIntBE(value, this.used, size);
  }

  private bigUint(type: Type, value: bigint): void {
    const bytes: number[] = [];
    for (let rest = value; rest > 0n; rest >>= 8n) bytes.unshift(Number(rest & 0xffn));
    this.control(type, bytes.length);
    this.reserve(bytes.length);
    for (const byte of bytes) this.buffer[this.used++] = byte;
  }

  private pointer(offset: number): void {
    this.reserve(5);
    const b = this.buffer;
    if (offset < 2048) {
      b[this.used++] = 0x20 | (offset >>> 8);
      b[this.used++] = offset & 0xff;
    } else if (offset < 526336) {
      const v = offset - 2048;
      b[this.used++] = 0x28 | (v >>> 16);
      this.used = b.writeUInt16BE(v & 0xffff, this.used);
    } else if (offset < 134744064) {
      const v = offset - 526336;
      b[this.used++] = 0x30 | (v >>> 24);
      this.used = b.writeUIntBE(v & 0xffffff, this.used, 3);
    } else {
      b[this.used++] = 0x38;
      this.used = b.writeUInt32BE(offset, this.used);
    }
  }

  private control(type: Type, size: number): void {
    if (size > MAX_SIZE) throw new Error(`MMDB value too large: ${size} bytes or items (at most ${MAX_SIZE})`);
    this.reserve(5);
    const b = this.buffer;
    const head = type <= 7 ? type << 5 : 0;
    const sizeBits = size < 29 ? size : size < 285 ? 29 : size < 65821 ? 30 : 31;
    b[this.used++] = head | sizeBits;
    if (type > 7) b[this.used++] = type - 7;
    if (sizeBits === 29) b[this.used++] = size - 29;
    else if (sizeBits === 30) this.used = b.writeUInt16BE(size - 285, this.used);
    else if (sizeBits === 31) this.used = b.writeUIntBE(size - 65821, this.used, 3);
  }

  private reserve(bytes: number): void {
    if (this.used + bytes <= this.buffer.length) return;
    let size = this.buffer.length * 2;
    while (size < this.used + bytes) size *= 2;
    const grown = Buffer.allocUnsafe(size);
    this.buffer.copy(grown, 0, 0, this.used);
    this.buffer = grown;
  }
}

/**
 * A stable, unambiguous serialisation of a value (map keys sorted), used to store identical
 * records once. Throws a TypeError for what MMDB cannot hold.
 */
export function stableKey(value: MmdbValue): string {
  switch (typeof value) {
    case 'string':
      return `s${value.length}:${value}`;
    case 'boolean':
      return value ? 'T' : 'F';
    case 'bigint':
      if (value < 0n || value >= UINT128_LIMIT) throw new TypeError(`bigint ${value} is outside uint128 (0 to 2^128-1)`);
      return `b${value};`;
    case 'number':
      if (Number.isSafeInteger(value) && value < -0x80000000) throw new TypeError(`integer ${value} is below int32's range`);
      return `n${value};`;
  }
  if (Array.isArray(value)) return `[${value.map(stableKey).join('')}]`;
  if (typeof value !== 'object' || value === null || !isPlainObject(value)) {
    throw new TypeError(`cannot store ${value === null ? 'null' : typeof value} in an MMDB (strings, numbers, booleans, bigints, arrays and plain objects only)`);
  }
  const keys = Object.keys(value).sort();
  let out = '{';
  for (const key of keys) out += `s${key.length}:${key}${stableKey(value[key]!)}`;
  return `${out}}`;
}

function isPlainObject(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function controlSize(size: number): number {
  return size < 29 ? 1 : size < 285 ? 2 : size < 65821 ? 3 : 4;
}

function pointerSize(offset: number): number {
  return offset < 2048 ? 2 : offset < 526336 ? 3 : offset < 134744064 ? 4 : 5;
}
