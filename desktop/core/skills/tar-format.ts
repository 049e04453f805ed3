/**
 * The ustar subset skill archives use: regular files only, fixed owner, mode and mtime,
 * so the same files always give the same bytes.
 */

const BLOCK = 512;
/** 2000-01-01T00:00:00Z: a fixed mtime (0 upsets some extractors). */
const FIXED_MTIME = 946_684_800;

export interface TarEntry {
  readonly path: string;
  readonly contents: Buffer;
  readonly executable: boolean;
}

function writeString(header: Buffer, value: string, offset: number, length: number): void {
  header.write(value, offset, Math.min(Buffer.byteLength(value), length), 'utf8');
}

function writeOctal(header: Buffer, value: number, offset: number, length: number): void {
  writeString(header, `${value.toString(8).padStart(length - 1, '0')}\0`, offset, length);
}

/** ustar keeps names in a 100-byte field plus a 155-byte prefix split at a `/`. */
function splitName(path: string): { name: string; prefix: string } {
  if (Buffer.byteLength(path) <= 100) return { name: path, prefix: '' };
  const cut = path.lastIndexOf('/', 155);
  const name = path.slice(cut + 1);
  if (cut <= 0 || Buffer.byteLength(name) > 100 || Buffer.byteLength(path.slice(0, cut)) > 155) throw new Error(`path too long for an archive: ${path}`);
  return { name, prefix: path.slice(0, cut) };
}

function headerFor(entry: TarEntry): Buffer {
  const header = Buffer.alloc(BLOCK);
  const { name, prefix } = splitName(entry.path);
  writeString(header, name, 0, 100);
  writeOctal(header, entry.executable ? 0o755 : 0o644, 100, 8);
  writeOctal(header, 0, 108, 8);
  writeOctal(header, 0, 116, 8);
  writeOctal(header, entry.contents.length, 124, 12);
  writeOctal(header, FIXED_MTIME, 136, 12);
  header.fill(' ', 148, 156);
  header.write('0', 156);
  writeString(header, 'ustar\0', 257, 6);
  writeString(header, '00', 263, 2);
  writeString(header, prefix, 345, 155);
  writeOctal(header, checksum(header), 148, 7);
  return header;
}

function checksum(header: Buffer): number {
  let sum = 0;
  for (let index = 0; index < BLOCK; index++) sum += index >= 148 && index < 156 ? 32 : header[index]!;
  return sum;
}

function padding(length: number): Buffer {
  return Buffer.alloc((BLOCK - (length % BLOCK)) % BLOCK);
}

/** Entries in path order, then the two zero blocks that end an archive. */
export function writeTar(entries: readonly TarEntry[]): Buffer {
  const sorted = [...entries].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return Buffer.concat([...sorted.flatMap((entry) => [headerFor(entry), entry.contents, padding(entry.contents.length)]), Buffer.alloc(BLOCK * 2)]);
}

export interface TarRecord {
  readonly path: string;
  /** ustar type flag: `0` file, `5` directory, `2` symlink, … */
  readonly type: string;
  readonly contents: Buffer;
}

function readString(block: Buffer, offset: number, length: number): string {
  const raw = block.subarray(offset, offset + length);
  const end = raw.indexOf(0);
  return raw.subarray(0, end === -1 ? length : end).toString('utf8');
}

function readOctal(block: Buffer, offset: number, length: number): number {
  const text = readString(block, offset, length).trim();
  if (!/^[0-7]*$/.test(text)) throw new Error(`bad number field "${text}" in an archive header`);
  return text ? parseInt(text, 8) : 0;
}

/** Reads every record; throws on a corrupt header (bad checksum, truncated data). */
export function readTar(archive: Buffer): TarRecord[] {
  const records: TarRecord[] = [];
  let offset = 0;
  while (offset + BLOCK <= archive.length) {
    const block = archive.subarray(offset, offset + BLOCK);
    if (block.every((byte) => byte === 0)) return records;
    if (readOctal(block, 148, 8) !== checksum(block)) throw new Error(`archive header at byte ${offset} has a bad checksum`);
    const size = readOctal(block, 124, 12);
    const prefix = readString(block, 345, 155);
    const name = readString(block, 0, 100);
    const start = offset + BLOCK;
    if (start + size > archive.length) throw new Error(`archive entry ${name} is truncated`);
    records.push({ path: prefix ? `${prefix}/${name}` : name, type: readString(block, 156, 1) || '0', contents: Buffer.from(archive.subarray(start, start + size)) });
    offset = start + size + padding(size).length;
  }
  throw new Error('archive ends without its end-of-archive blocks');
}
