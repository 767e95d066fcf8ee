/** The one form of a fix in a line: what is wrong, then `. Fix: ` and the one thing to do. */
export const withFix = (problem: string, fix: string) => `${problem}. Fix: ${fix}`;
