type Optional<T> = {
  [K in keyof T as null extends T[K] ? K : undefined extends T[K] ? K : never]?: Exclude<
    T[K],
    null | undefined
  >;
};
type Required<T> = { [K in keyof T as null extends T[K] ? never : undefined extends T[K] ? never : K]: T[K] };

/** GraphQL inputs use null for "not given"; the core commands use undefined. */
export function withoutNulls<T extends object>(input: T): Required<T> & Optional<T> {
  return Object.fromEntries(
    Object.entries(input).filter(([, value]) => value !== null && value !== undefined),
  ) as Required<T> & Optional<T>;
}
