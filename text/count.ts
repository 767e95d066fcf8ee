/** A number with its noun, in the plural unless it is one: "1 workspace", "3 workspaces". */
export const count = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? "" : "s"}`;

/** Up to ten names (or `most`), and how many more. */
export function listed(names: readonly string[], most = 10): string {
  return `${names.slice(0, most).join(", ")}${names.length > most ? `, and ${names.length - most} more` : ""}`;
}
