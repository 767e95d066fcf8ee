// `npm run lint`: typescript-eslint's type-aware recommended rules over the TypeScript sources and tests, the
// recommended rules over the JavaScript entry points, and two limits that keep code readable on one screen:
// lines of at most 120 characters (Prettier's printWidth wraps the code, this rule catches what it leaves: comments,
// and strings, which are split into pieces joined with `+`) and functions of at most 80 lines.
import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/", "dist/", "cdktf.out/", "cdktf.out.hcl/", "rehearsal/", "handouts/"] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: globals.node,
    },
    rules: {
      // A regular expression literal cannot be split without becoming a RegExp of doubled escapes, so its line is
      // exempt.
      "max-len": ["error", { code: 120, ignoreRegExpLiterals: true }],
      "max-lines-per-function": ["error", { max: 80, skipBlankLines: true, skipComments: true, IIFEs: true }],
      // A field destructured out of a rest is read elsewhere: naming it keeps it out of the rest that `satisfies`
      // checks for fields nobody maps.
      "@typescript-eslint/no-unused-vars": ["error", { ignoreRestSiblings: true }],
    },
  },
  {
    files: ["**/*.js", "**/*.cjs", "**/*.mjs"],
    extends: [tseslint.configs.disableTypeChecked],
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    // The board's page script runs in the browser (its own tsconfig gives it the DOM's types).
    files: ["operations/board/browser/**/*.ts"],
    languageOptions: { globals: globals.browser },
  },
  {
    // A test file's describe() holds its cases: its length counts cases, not the logic of one function. The
    // helpers beside the tests (support files, the planner) are code like any other.
    files: ["__tests__/**/*.test.ts"],
    rules: { "max-lines-per-function": "off" },
  },
);
