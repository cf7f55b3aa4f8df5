// How encoding/json names JSON values and Go types in its UnmarshalTypeError.

/** The JSON value as UnmarshalTypeError.Value words it; numbers that miss an integer field carry their text. */
export function jsonValueWord(value: unknown): string {
  if (typeof value === 'string') return 'string';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'bool';
  return Array.isArray(value) ? 'array' : 'object';
}

const INT_RANGES: Record<string, [number, number]> = {
  int32: [-(2 ** 31), 2 ** 31 - 1],
  int64: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
  int: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
};

/** Whether a JSON number fits a Go integer type (strconv.ParseInt of its text, then OverflowInt). */
export function fitsInteger(n: number, goType: string): boolean {
  const [min, max] = INT_RANGES[goType] ?? INT_RANGES.int64;
  return Number.isInteger(n) && n >= min && n <= max;
}

/** The Go type of an OpenAPI definition: its package's last element and its name (`v1.PodSpec`). */
export function goTypeOfDefinition(name: string): string {
  const parts = name.split('.');
  return `${parts[parts.length - 2]}.${parts[parts.length - 1]}`;
}

/** The Go struct name that UnmarshalTypeError.Struct gives. */
export function goStructName(definition: string): string {
  return definition.slice(definition.lastIndexOf('.') + 1);
}

export function typeErrorMessage(value: unknown, goStruct: string, goFields: readonly string[], goType: string, valueWord = jsonValueWord(value)): string {
  if (!goStruct) return `json: cannot unmarshal ${valueWord} into Go value of type ${goType}`;
  return `json: cannot unmarshal ${valueWord} into Go struct field ${goStruct}.${goFields.join('.')} of type ${goType}`;
}
