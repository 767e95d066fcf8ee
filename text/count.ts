/** A number with its noun, in the plural unless it is one: "1 workspace", "3 workspaces". */
export const count = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? "" : "s"}`;
