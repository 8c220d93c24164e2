/** The metadata_props of an ONNX file (an aekit export's input shape, score, threshold...). */
import onnxProto from 'onnx-proto';

export function onnxMetadata(bytes: Uint8Array, what: string): Record<string, string> {
  let model;
  try {
    model = onnxProto.onnx.ModelProto.decode(bytes);
  } catch (error) {
    throw new Error(`${what}: not an ONNX model (${(error as Error).message})`);
  }
  return Object.fromEntries((model.metadataProps ?? []).map((prop) => [prop.key ?? '', prop.value ?? '']));
}
