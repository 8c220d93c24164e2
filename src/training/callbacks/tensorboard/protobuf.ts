/**
 * The few protobuf wire-format pieces a TensorBoard `Event` needs: varints, fixed 32/64-bit
 * numbers and length-delimited fields. Field numbers follow tensorflow/core/util/event.proto and
 * tensorflow/core/framework/summary.proto.
 */

const enum WireType {
  Varint = 0,
  Fixed64 = 1,
  LengthDelimited = 2,
  Fixed32 = 5,
}

/** Appends protobuf fields to a growing byte list; `finish` returns the message bytes. */
export class ProtoWriter {
  private readonly chunks: Uint8Array[] = [];

  uint64(field: number, value: number): this {
    if (!Number.isSafeInteger(value) || value < 0) throw new Error(`protobuf: field ${field} needs a non-negative integer, got ${value}`);
    this.key(field, WireType.Varint);
    this.chunks.push(varint(value));
    return this;
  }

  double(field: number, value: number): this {
    this.key(field, WireType.Fixed64);
    const bytes = new Uint8Array(8);
    new DataView(bytes.buffer).setFloat64(0, value, true);
    this.chunks.push(bytes);
    return this;
  }

  float(field: number, value: number): this {
    this.key(field, WireType.Fixed32);
    const bytes = new Uint8Array(4);
    new DataView(bytes.buffer).setFloat32(0, value, true);
    this.chunks.push(bytes);
    return this;
  }

  bytes(field: number, value: Uint8Array): this {
    this.key(field, WireType.LengthDelimited);
    this.chunks.push(varint(value.length), value);
    return this;
  }

  string(field: number, value: string): this {
    return this.bytes(field, new TextEncoder().encode(value));
  }

  finish(): Uint8Array {
    return Buffer.concat(this.chunks);
  }

  private key(field: number, wireType: WireType): void {
    this.chunks.push(varint(field * 8 + wireType));
  }
}

/** Base-128 varint; arithmetic instead of bit operators so values above 2^32 stay exact. */
export function varint(value: number): Uint8Array {
  const out: number[] = [];
  while (value >= 0x80) {
    out.push((value % 0x80) | 0x80);
    value = Math.floor(value / 0x80);
  }
  out.push(value);
  return Uint8Array.from(out);
}

/** Event { wall_time = 1 (double); step = 2 (int64); file_version = 3 (string); summary = 5 }. */
export function fileVersionEvent(wallTime: number): Uint8Array {
  return new ProtoWriter().double(1, wallTime).string(3, 'brain.Event:2').finish();
}

/** Summary { value = 1 (repeated Value) }, Value { tag = 1 (string); simple_value = 2 (float) }. */
export function scalarsEvent(wallTime: number, step: number, scalars: Record<string, number>): Uint8Array {
  const summary = new ProtoWriter();
  for (const [tag, value] of Object.entries(scalars)) {
    summary.bytes(1, new ProtoWriter().string(1, tag).float(2, value).finish());
  }
  return new ProtoWriter().double(1, wallTime).uint64(2, step).bytes(5, summary.finish()).finish();
}
