import { Testing } from "cdktf";
import { expect } from "vitest";

/**
 * cdktf's own matchers (its Jest adapter's, on `Testing`), for vitest: a synthesized stack has a resource or
 * data source of a type whose attributes include the properties, in their synthesized (snake_case) spelling.
 */
interface CdktfMatchers<R = unknown> {
  toHaveResourceWithProperties(type: string, properties?: Record<string, unknown>): R;
  toHaveDataSourceWithProperties(type: string, properties?: Record<string, unknown>): R;
}

// vitest's way to type custom matchers: merged declarations, whose type parameters must be vitest's own (`any`).
declare module "vitest" {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any, @typescript-eslint/no-empty-object-type
  interface Assertion<T = any> extends CdktfMatchers<T> {}
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface AsymmetricMatchersContaining extends CdktfMatchers {}
}

function matcher(
  check: (received: string, type: string, properties: Record<string, unknown>) => boolean,
  kind: string,
) {
  return (received: string, type: string, properties: Record<string, unknown> = {}) => {
    const pass = check(received, type, properties);
    return {
      pass,
      message: () =>
        `expected the synthesized stack ${pass ? "not " : ""}to have a ${kind} ` +
        `${type} with ${JSON.stringify(properties)}; it has:\n${received}`,
    };
  };
}

expect.extend({
  toHaveResourceWithProperties: matcher(
    (received, type, properties) => Testing.toHaveResourceWithProperties(received, type, properties),
    "resource",
  ),
  toHaveDataSourceWithProperties: matcher(
    (received, type, properties) => Testing.toHaveDataSourceWithProperties(received, type, properties),
    "data source",
  ),
});
