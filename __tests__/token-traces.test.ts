import { readFileSync } from "node:fs";
import { Lazy, Tokenization } from "cdktf";
import { describe, expect, it } from "vitest";
import { PLAIN } from "./token-traces";

/** The line of this file that holds a marker, as a stack trace names it. */
const lineOf = (marker: string) =>
  readFileSync(__filename, "utf8")
    .split("\n")
    .findIndex((text) => text.includes(marker)) + 1;

describe("stack traces in the tests (token-traces.ts)", () => {
  it("formats the creation trace cdktf records for a token as Node.js does, once wrapped", () => {
    // GIVEN the setup file's wrapper WHEN a token is made
    const token = Tokenization.reverseString(Lazy.stringValue({ produce: () => "x" })).firstToken;
    // THEN the wrapper is in place, and the token's trace names where it was made, in this file
    expect((Error.prepareStackTrace as { [PLAIN]?: true } | undefined)?.[PLAIN]).toBe(true);
    expect(token?.creationStack.some((frame) => frame.includes("token-traces.test.ts:"))).toBe(true);
  });

  it("still maps an error's trace to the TypeScript source", () => {
    const error = new Error("mapped"); // the error's line
    expect(error.stack?.split("\n")[1]).toContain(`token-traces.test.ts:${lineOf("// the error" + "'s line")}:`);
  });
});
