/** A number with its noun, in the plural unless it is one: "1 workspace", "3 workspaces". */
export const count = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? "" : "s"}`;

/** Up to ten names, and how many more. */
export function listed(names: readonly string[]): string {
  return `${names.slice(0, 10).join(", ")}${names.length > 10 ? `, and ${names.length - 10} more` : ""}`;
}
