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

declare module "vitest" {
  interface Assertion<T = any> extends CdktfMatchers<T> {}
  interface AsymmetricMatchersContaining extends CdktfMatchers {}
}

function matcher(check: (received: string, type: string, properties: Record<string, unknown>) => boolean, kind: string) {
  return (received: string, type: string, properties: Record<string, unknown> = {}) => {
    const pass = check(received, type, properties);
    return {
      pass,
      message: () => `expected the synthesized stack ${pass ? "not " : ""}to have a ${kind} ${type} with ${JSON.stringify(properties)}; it has:\n${received}`,
    };
  };
}

expect.extend({
  toHaveResourceWithProperties: matcher(Testing.toHaveResourceWithProperties, "resource"),
  toHaveDataSourceWithProperties: matcher(Testing.toHaveDataSourceWithProperties, "data source"),
});
